"""## What it does
Finds a RUN that installs with `dnf`, `yum` or `microdnf` but does not run `clean all`, and
appends `<tool> clean all`.

## Why is this bad?
dnf and yum keep repository metadata and downloaded packages under `/var/cache/dnf` or
`/var/cache/yum`: often over a hundred megabytes that stay in the layer unless removed in the
same RUN.

## Example
```dockerfile
RUN dnf install -y httpd
```

## Use instead
```dockerfile
RUN dnf install -y httpd && dnf clean all
```

## Fix safety
Safe: only package-manager caches are removed; the next install fetches metadata again. A RUN
that removes `/var/cache/dnf` or `/var/cache/yum` itself, or mounts a cache there, is left alone.

## References
- dnf(8): `clean all`
- hadolint DL3032, DL3040
"""

from __future__ import annotations

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import append_command, keyword_span, like, runs
from dfopt.shell.commands import RPM_TOOLS, removes_path

INSTALLS = frozenset({"install", "groupinstall", "localinstall", "upgrade", "update", "reinstall",
                      "distro-sync", "module install"})
CACHES = ("/var/cache/dnf", "/var/cache/yum")


class RpmCacheLeftInImage(Rule):
    code = "DF107"
    title = "dnf/yum install without clean all"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3032", "DL3040")

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for run in runs(df):
            rpm = run.tools(*RPM_TOOLS)
            installs = [i for i in rpm if i.action in INSTALLS]
            if not installs:
                continue
            if any(i.action == "clean all" for i in rpm):
                continue
            if any(removes_path(i, c) for i in run.invocations for c in CACHES):
                continue
            if any(t.startswith(CACHES) for t in run.cache_mounts()):
                continue
            tool = installs[-1].program.value
            command = like(installs[-1], f"{tool} clean all")
            start, end = keyword_span(run.instruction)
            message = f"{tool} install leaves its cache in the image; add `{command}`"
            edit = append_command(df, run, command)
            if isinstance(edit, str):
                yield self.finding(start, end, message, no_fix_reason=edit)
                continue
            yield self.finding(start, end, message, Fix((edit,), Applicability.SAFE, f"appended `{command}`"))
