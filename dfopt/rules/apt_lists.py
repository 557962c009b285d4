"""## What it does
Finds a RUN that runs `apt-get update` but leaves the package lists in `/var/lib/apt/lists`, and
appends `rm -rf /var/lib/apt/lists/*` to it.

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
Safe: only package-manager lists are removed. A later RUN of the stage (or of a stage built FROM
it) that installs with apt without its own `apt-get update` needs these lists: when it is the
very next RUN and can be combined, DF102 combines them first; otherwise the fix also puts
`apt-get update && ` in front of that install, so it fetches the lists it used to inherit (as a
fresh build would have them anyway). No fix when such an install runs only under a condition or
inside a heredoc. A RUN with a cache mount on `/var/lib/apt` is left alone: the lists are not in
the image.

## References
- Docker docs: Best practices for writing Dockerfiles, "apt-get"
- hadolint DL3009
"""

from __future__ import annotations

from dfopt.rules import apt_update_alone, merge_package_runs
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.runfix import (APT_INSTALLS, append_command, installs_with_apt, keyword_span, later_runs, like,
                                line_of, only_updates, runs, updates_apt)
from dfopt.shell.commands import APT_TOOLS, removes_path

LISTS = "/var/lib/apt/lists"
CLEANUP = "rm -rf /var/lib/apt/lists/*"


def needs_lists(df, run) -> list:
    """Later RUNs that install with apt using the lists this RUN fetched (until one updates)."""
    out = []
    for later in later_runs(df, run.instruction):
        if updates_apt(later):
            break
        if installs_with_apt(later):
            out.append(later)
    return out


def own_update(df, run) -> Edit | str:
    """`apt-get update && ` in front of the RUN's first apt install, or why not."""
    line = line_of(df, run.instruction.start)
    if run.body.heredoc_script or run.instruction.heredocs:
        return f"the RUN on line {line}, which installs with these lists, uses a heredoc"
    install = next(i for i in run.tools(*APT_TOOLS) if i.action in APT_INSTALLS)
    if install.command.conditional:
        return f"the RUN on line {line} installs with these lists only under a condition"
    return Edit(install.command.start, install.command.start, like(install, "apt-get update") + " && ")


class AptListsLeftInImage(Rule):
    code = "DF103"
    title = "apt lists left in the image"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3009",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for run in runs(df):
            if not updates_apt(run):
                continue
            if any(removes_path(i, LISTS) for i in run.invocations):
                continue
            if any(LISTS.startswith(t) or t.startswith(LISTS) for t in run.cache_mounts()):
                continue
            needy = needs_lists(df, run)
            if only_updates(run) and apt_update_alone.mergeable(df, run):
                continue  # DF101 merges the update into the install
            if needy and merge_package_runs.mergeable_next(df, run):
                continue  # DF102 combines it with the next RUN first
            yield self._finding(df, run, needy)

    def _finding(self, df, run, needy):
        start, end = keyword_span(run.instruction)
        message = "apt-get update without removing /var/lib/apt/lists in the same RUN"
        installs = [i for i in run.tools(*APT_TOOLS) if i.action in APT_INSTALLS or i.action == "update"]
        edit = append_command(df, run, like(installs[-1], CLEANUP))
        if isinstance(edit, str):
            return self.finding(start, end, message, no_fix_reason=edit)
        edits = [edit]
        for later in needy:
            update = own_update(df, later)
            if isinstance(update, str):
                return self.finding(start, end, message, no_fix_reason=update)
            edits.append(update)
        note = ""
        if needy:
            lines = ", ".join(str(line_of(df, r.instruction.start)) for r in needy)
            note = f"; the installs on line {lines} now run their own apt-get update"
        return self.finding(start, end, message, Fix(tuple(edits), Applicability.SAFE, f"appended `{CLEANUP}`{note}"))
