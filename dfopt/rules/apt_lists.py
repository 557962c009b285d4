"""## What it does
Finds a RUN that runs `apt-get update` and installs packages but leaves the package lists in
`/var/lib/apt/lists`, and appends `rm -rf /var/lib/apt/lists/*` to it.

## Why is this bad?
The lists are tens of megabytes that nothing in the running container needs. Removed in a later
RUN they still take their space in the earlier layer; only removing them in the same RUN keeps
them out of the image.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe: only package-manager lists are removed. When a later RUN of the stage (or of a stage built
FROM it) installs with apt without its own `apt-get update`, it needs these lists: the finding then
offers no fix and says so (merge those RUNs first). A RUN with a cache mount on `/var/lib/apt` is
left alone: the lists are not in the image.

## References
- Docker docs: Best practices for writing Dockerfiles, "apt-get"
- hadolint DL3009
"""

from __future__ import annotations

from dfopt.rules.base import Applicability, CheckContext, Fix, Rule, Severity
from dfopt.rules.runfix import append_command, later_runs, like, line_of, runs
from dfopt.shell.commands import APT_TOOLS, removes_path

INSTALLS = frozenset({"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall"})
LISTS = "/var/lib/apt/lists"
CLEANUP = "rm -rf /var/lib/apt/lists/*"


def installs_with_apt(run) -> bool:
    return any(i.action in INSTALLS for i in run.tools(*APT_TOOLS))


def updates_apt(run) -> bool:
    return any(i.action == "update" for i in run.tools(*APT_TOOLS))


class AptListsLeftInImage(Rule):
    code = "DF103"
    title = "apt lists left in the image after install"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3009",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for run in runs(df):
            if not (updates_apt(run) and installs_with_apt(run)):
                continue
            if any(removes_path(i, LISTS) for i in run.invocations):
                continue
            if any(LISTS.startswith(t) or t.startswith(LISTS) for t in run.cache_mounts()):
                continue
            ins = run.instruction
            start, end = ins.keyword_start, ins.keyword_end
            message = "apt-get update without removing /var/lib/apt/lists in the same RUN"
            needy = [r for r in later_runs(df, ins) if installs_with_apt(r) and not updates_apt(r)]
            if needy:
                line = line_of(df, needy[0].instruction.start)
                yield self.finding(start, end, message, no_fix_reason=(
                    f"the RUN on line {line} installs with these lists; merge it into this RUN first"))
                continue
            install = [i for i in run.tools(*APT_TOOLS) if i.action in INSTALLS][-1]
            edit = append_command(df, run, like(install, CLEANUP))
            if isinstance(edit, str):
                yield self.finding(start, end, message, no_fix_reason=edit)
                continue
            fix = Fix((edit,), Applicability.SAFE, f"appended `{CLEANUP}`")
            yield self.finding(start, end, message, fix)
