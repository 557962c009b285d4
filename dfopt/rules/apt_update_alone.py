"""## What it does
Finds `RUN apt-get update` on its own, followed by a RUN that installs with apt, and merges the
update into the install's RUN.

## Why is this bad?
Docker caches a RUN by its text, not by what it downloads: `RUN apt-get update` alone is cached
forever. When the install line changes later, it runs against package lists from whenever the
update layer was built: stale versions, or "Unable to locate package" once the mirror has moved on.

## Example
```dockerfile
RUN apt-get update
RUN apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Why this is safe
The same commands run in the same order, in one layer. The update moves down to the install's
RUN, below the ENV, ARG, LABEL, EXPOSE, CMD, ENTRYPOINT, HEALTHCHECK or STOPSIGNAL lines that may
stand between the two RUNs: those do not change what `apt-get update` fetches, except the
variables named below, which dfopt therefore refuses to move it across. Comments stay where they
were. The two RUNs must have identical flags, so the update keeps its mounts and network.

## When dfopt refuses
- any other instruction stands between them (`USER`, `WORKDIR`, `COPY` of a sources list,
  `SHELL`, another RUN, ...);
- an ENV or ARG between them sets a variable apt or the shell reads: `PATH`, `APT_CONFIG`,
  `http_proxy`/`https_proxy`/`ftp_proxy`/`all_proxy`/`no_proxy` (any case), `LD_PRELOAD`,
  `LD_LIBRARY_PATH`, `TMPDIR`, `HOME`: the update would run with another configuration;
- their flags (`--mount`, `--network`, `--security`) differ;
- the install's RUN is not a plain `&&` chain;
- either RUN is an ONBUILD RUN or uses a heredoc; the update's RUN uses `set`.

## Fix safety
Safe, under the conditions above.

## References
- Docker docs: Best practices for writing Dockerfiles, "apt-get" (cache busting)
- hadolint DL3009 (lists left behind), DL3059
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import installs_with_apt, keyword_span, line_of, merge_runs, only_updates, run_of, updates_apt
from dfopt.syntax import Instruction

# Instructions the update may move below without changing what it does.
PASSABLE = frozenset({"ENV", "ARG", "LABEL", "EXPOSE", "CMD", "ENTRYPOINT", "HEALTHCHECK",
                      "STOPSIGNAL", "MAINTAINER"})


# Variables that change what `apt-get update` does: which program runs, its configuration, proxies.
_APT_VARIABLES = re.compile(
    r"(?<![A-Za-z0-9_])(PATH|APT_CONFIG|LD_PRELOAD|LD_LIBRARY_PATH|TMPDIR|HOME|"
    r"(?i:http_proxy|https_proxy|ftp_proxy|all_proxy|no_proxy))(?![A-Za-z0-9_])")


def _sets_apt_variable(ins: Instruction) -> bool:
    return ins.cmd in ("ENV", "ARG") and bool(_APT_VARIABLES.search(ins.args))


class AptUpdateAlone(Rule):
    code = "DF101"
    title = "apt-get update in its own RUN"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3009",)  # hadolint reports the lists an update alone leaves behind

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            run = run_of(df, ins) if ins.cmd == "RUN" else None
            if run is None or not only_updates(run):
                continue
            install, blocker = next_install(df, ins)
            if install is None and blocker is None:
                continue
            start, end = keyword_span(ins)
            message = "`apt-get update` alone is cached forever; later installs can see stale lists"
            if blocker is not None:
                yield self.finding(start, end, message, no_fix_reason=blocker)
                continue
            edits = merge_runs(df, run, install)
            if isinstance(edits, str):
                yield self.finding(start, end, message, no_fix_reason=edits)
                continue
            line = line_of(df, install.instruction.start)
            fix = Fix(edits, Applicability.SAFE, f"merged apt-get update into the install on line {line}")
            yield self.finding(start, end, message, fix)



def mergeable(df, run) -> bool:
    """Whether this rule will merge the update-only `run` into a later install."""
    install, blocker = next_install(df, run.instruction)
    return install is not None and not isinstance(merge_runs(df, run, install), str)


def next_install(df, ins: Instruction):
    """The first later RUN of the stage that installs with apt, and what blocks the merge."""
    later = df.stage_after(ins)
    for k, candidate in enumerate(later):
        run = run_of(df, candidate) if candidate.cmd == "RUN" else None
        if run is None or not installs_with_apt(run):
            continue
        if updates_apt(run):
            return None, None
        blocking = [i for i in later[:k] if i.cmd not in PASSABLE or _sets_apt_variable(i)]
        if blocking:
            first = blocking[0]
            what = f"{first.cmd} on line {line_of(df, first.start)}"
            if first.cmd in PASSABLE:
                what += " (it sets a variable apt reads)"
            return None, (f"{what} stands between the update and the install on line "
                          f"{line_of(df, candidate.start)}")
        return run, None
    return None, None
