"""## What it does
Finds a RUN that installs with `dnf`, `yum` or `microdnf` but does not run `clean all`, and
appends `<tool> clean all`; and a RUN that installs with `zypper` but does not run `zypper
clean`, and appends `zypper clean --all`.

## Why is this bad?
dnf and yum keep repository metadata and downloaded packages under `/var/cache/dnf` or
`/var/cache/yum`, zypper under `/var/cache/zypp`: often over a hundred megabytes that stay in
the layer unless removed in the same RUN.

## Example
```dockerfile
RUN dnf install -y httpd
RUN zypper --non-interactive install curl
```

## Use instead
```dockerfile
RUN dnf install -y httpd && dnf clean all
RUN zypper --non-interactive install curl && zypper clean --all
```

## Why this is safe
Only package-manager caches are removed: repository metadata and downloaded packages under
`/var/cache/dnf` or `/var/cache/yum`. Unlike apt, dnf and yum fetch missing metadata by
themselves, so a later install works as before.

zypper is different: a repository whose `autorefresh` is off (or a run with `--no-refresh`)
is not fetched again, and without its metadata zypper skips it. So `zypper clean --all` is safe
only when nothing after it in the image's build runs zypper.

## When dfopt refuses
- the RUN downloads packages on purpose (`--downloadonly`, zypper's `--download-only`): no fix;
- the file sets `keepcache` (zypper: `keeppackages`, `--keep-packages`): the packages are meant
  to be kept, no fix;
- a later RUN of the stage (or a stage built FROM it) installs from the cache only
  (`-C`, `--cacheonly`) or names `/var/cache/dnf`, `/var/cache/yum` or `/var/cache/zypp`:
  no fix;
- another stage copies or mounts those folders (or one holding them) from this stage: no fix;
- a later RUN of the stage (or a stage built FROM it) runs zypper, or code dfopt cannot read
  that may run it: the zypper fix is unsafe, with that reason;
- the RUN removes the cache itself, or mounts a cache there: no finding. Any `zypper clean`
  (`cc`) counts as a clean-up, as in hadolint. dfopt also reports `zypper update`, `patch` and
  `dist-upgrade`, which fill the same cache (hadolint reports only `install`).

## Fix safety
Safe, under the conditions above; for zypper, unsafe where a later step may run zypper again.

## References
- dnf(8): `clean all`; zypper(8): `clean --all`
- hadolint DL3032, DL3036, DL3040
"""

from __future__ import annotations

import re
from functools import lru_cache

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import LaterIndex, append_command, copied_from_stage, keyword_span, like, line_of, runs
from dfopt.shell.commands import RPM_TOOLS, hidden_code, removes_path

INSTALLS = frozenset({"install", "groupinstall", "localinstall", "upgrade", "update", "reinstall",
                      "distro-sync", "module install"})
CACHES = ("/var/cache/dnf", "/var/cache/yum")
ZYPPER_INSTALLS = frozenset({"install", "update", "dist-upgrade", "patch", "install-new-recommends"})
ZYPPER_CACHES = ("/var/cache/zypp",)


def _left(run, tools, installs, clean: str, caches) -> list:
    """The installs of a RUN that leaves their cache: no `clean`, no removal, no cache mount."""
    invs = run.tools(*tools)
    found = [i for i in invs if i.action in installs]
    if not found or any(i.action == clean for i in invs):
        return []
    if any(removes_path(i, c) for i in run.invocations for c in caches):
        return []
    return [] if any(t.startswith(caches) for t in run.cache_mounts()) else found


def _refusal(df, run, downloads: str | None, keeps: str | None, readers: LaterIndex, caches) -> str | None:
    """Why the cache must stay: `downloads` and `keeps` name the option and setting that keep it."""
    if downloads:
        return f"the RUN downloads packages on purpose ({downloads})"
    if keeps:
        return f"the file sets {keeps}: the packages are meant to be kept"
    reader = readers.after(run.instruction)
    if reader is not None:
        return f"the RUN on line {line_of(df, reader.start)} reads the cache"
    for cache in caches:
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


@lru_cache(maxsize=8)
def _keeps_packages(df) -> bool:
    return bool(re.search(r"\bkeeppackages\s*=", df.text)) or any(
        i.action in ("addrepo", "modifyrepo") and i.has_option("-k", "--keep-packages")
        for r in runs(df) for i in r.tools("zypper"))


@lru_cache(maxsize=8)
def _zypper_readers(df) -> LaterIndex:
    """RUNs that name the zypper cache folder."""
    return LaterIndex(df, [r.instruction for r in runs(df) if any(c in r.script.text for c in ZYPPER_CACHES)])


@lru_cache(maxsize=8)
def _zypper_runs(df) -> LaterIndex:
    """RUNs that run zypper, or code dfopt cannot read (which may), or that it cannot analyse."""
    analysed = {id(r.instruction): r for r in runs(df)}
    targets = []
    for ins in df.instructions:
        if ins.effective.cmd != "RUN":
            continue
        run = analysed.get(id(ins))
        if run is None or "zypper" in run.script.text or any(hidden_code(c) for c in run.script.commands):
            targets.append(ins)
    return LaterIndex(df, targets)


class RpmCacheLeftInImage(Rule):
    code = "DF107"
    title = "dnf/yum/zypper install without clean"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3032", "DL3036", "DL3040")

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for run in runs(df):
            rpm = _left(run, RPM_TOOLS, INSTALLS, "clean all", CACHES)
            if rpm:
                downloads = any(i.has_option("--downloadonly") for i in run.tools(*RPM_TOOLS))
                reason = _refusal(df, run, "--downloadonly" if downloads else None,
                                  "keepcache" if _keeps_cache(df) else None, _cache_readers(df), CACHES)
                tool = rpm[-1].program.value
                yield self._finding(df, run, f"{tool} install", like(rpm[-1], f"{tool} clean all"), reason)
            zypper = _left(run, ("zypper",), ZYPPER_INSTALLS, "clean", ZYPPER_CACHES)
            if zypper:
                downloads = any(i.has_option("--download-only", "-d") for i in zypper)
                reason = _refusal(df, run, "--download-only" if downloads else None,
                                  "keeppackages" if _keeps_packages(df) else None, _zypper_readers(df), ZYPPER_CACHES)
                later = _zypper_runs(df).after(run.instruction)
                unsafe = later and (f"the RUN on line {line_of(df, later.start)} may run zypper, which skips a "
                                    "repository whose metadata is gone unless it refreshes it")
                yield self._finding(df, run, f"zypper {zypper[-1].action}", like(zypper[-1], "zypper clean --all"),
                                    reason, unsafe)

    def _finding(self, df, run, what: str, command: str, reason: str | None, unsafe: str | None = None):
        start, end = keyword_span(run.instruction)
        message = f"{what} leaves its cache in the image; add `{command}`"
        edit = reason or append_command(df, run, command)
        if isinstance(edit, str):
            return self.finding(start, end, message, no_fix_reason=edit)
        if unsafe:
            return self.finding(start, end, message,
                                Fix((edit,), Applicability.UNSAFE, f"appended `{command}` (unsafe: {unsafe})"))
        return self.finding(start, end, message, Fix((edit,), Applicability.SAFE, f"appended `{command}`"))
