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

## Why this is safe
Only package-manager caches are removed: repository metadata and downloaded packages under
`/var/cache/dnf` or `/var/cache/yum`. Unlike apt, dnf and yum fetch missing metadata by
themselves, so a later install works as before.

## When dfopt refuses
- the RUN downloads packages on purpose (`--downloadonly`): no fix;
- the file sets `keepcache`: the packages are meant to be kept, no fix;
- a later RUN of the stage (or a stage built FROM it) installs from the cache only
  (`-C`, `--cacheonly`) or names `/var/cache/dnf` or `/var/cache/yum`: no fix;
- another stage copies or mounts those folders (or one holding them) from this stage: no fix;
- the RUN removes the cache itself, or mounts a cache there: no finding.

## Fix safety
Safe, under the conditions above.

## References
- dnf(8): `clean all`
- hadolint DL3032, DL3040
"""

from __future__ import annotations

import re
from functools import lru_cache

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import LaterIndex, append_command, copied_from_stage, keyword_span, like, line_of, runs
from dfopt.shell.commands import RPM_TOOLS, removes_path

INSTALLS = frozenset({"install", "groupinstall", "localinstall", "upgrade", "update", "reinstall",
                      "distro-sync", "module install"})
CACHES = ("/var/cache/dnf", "/var/cache/yum")


def _refusal(df, run, rpm) -> str | None:
    if any(i.has_option("--downloadonly") for i in rpm):
        return "the RUN downloads packages on purpose (--downloadonly)"
    if _keeps_cache(df):
        return "the file sets keepcache: the packages are meant to be kept"
    reader = _cache_readers(df).after(run.instruction)
    if reader is not None:
        return f"the RUN on line {line_of(df, reader.start)} reads the cache"
    for cache in CACHES:
        copier = copied_from_stage(df, run.instruction, cache)
        if copier is not None:
            return f"line {line_of(df, copier.start)} copies or mounts {cache} from this stage"
    return None


@lru_cache(maxsize=8)
def _keeps_cache(df) -> bool:
    return bool(re.search(r"\bkeepcache\s*=", df.text))


@lru_cache(maxsize=8)
def _cache_readers(df) -> LaterIndex:
    """RUNs that install from the cache only (`-C`, `--cacheonly`) or name the cache folders."""
    return LaterIndex(df, [r.instruction for r in runs(df) if any(
        i.has_option("-C", "--cacheonly") for i in r.tools(*RPM_TOOLS)) or any(c in r.script.text for c in CACHES)])


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
            reason = _refusal(df, run, rpm)
            tool = installs[-1].program.value
            command = like(installs[-1], f"{tool} clean all")
            start, end = keyword_span(run.instruction)
            message = f"{tool} install leaves its cache in the image; add `{command}`"
            edit = reason or append_command(df, run, command)
            if isinstance(edit, str):
                yield self.finding(start, end, message, no_fix_reason=edit)
                continue
            yield self.finding(start, end, message, Fix((edit,), Applicability.SAFE, f"appended `{command}`"))
