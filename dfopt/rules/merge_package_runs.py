"""## What it does
Finds consecutive RUNs where the second one does apt work that depends on the first (it installs
with the package lists the first one fetched, or cleans up what the first one left) and combines
them into one RUN: the second RUN's commands are chained after the first's with `&&`.

## Why is this bad?
Each RUN is a layer and a cache entry of its own. An install that relies on the lists of an
earlier RUN can use stale lists when only its own line changes, and a clean-up in a later RUN
cannot shrink the layer the files were written to.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
# tools for the tests
RUN apt-get install -y git
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl \\
# tools for the tests
    && apt-get install -y git
```

## Why this is safe
The same commands run in the same order in one shell, each install with its own package list:
separate installs can be order-dependent (`libcurl4-openssl-dev` then `libcurl4-gnutls-dev`: the
second replaces the first, while one transaction asking for both is refused), so their lists are
never merged or sorted. The second RUN's script is appended to the first with `&&`; a comment line
between them moves into the RUN as a continuation comment right above the commands it described
(BuildKit drops such lines), and blank lines between them go. When the first RUN may change shell
state (`cd`, `export`, a variable, a function, ...), it runs in a subshell so the second does not
see it. Flags stay on the RUN line and must be identical.

## When dfopt refuses
- an instruction (not a comment or blank line) stands between the RUNs: not combined at all;
- the RUNs' flags differ (`--mount`, `--network`, `--security`): the second would run with the
  first's mounts;
- either RUN is an ONBUILD RUN or uses a heredoc;
- the first RUN ends with a comment, `;` or `&` (a chained command would not follow it);
- the first RUN uses `set`: in a subshell that is part of an `&&` list, `set -e` is ignored;
- the second RUN is not a plain `&&` chain (`a || b`, `a; b`, comments): its exit status could be
  lost after another command.

## Fix safety
Safe, under the conditions above. Unrelated RUNs are never combined just to save a layer.

## References
- Docker docs: Best practices for writing Dockerfiles, "RUN" and "apt-get"
- hadolint DL3059
"""

from __future__ import annotations

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import between, chain_runs, installs_with_apt, keyword_span, line_of, only_updates, runs, updates_apt
from dfopt.shell.commands import APT_TOOLS, removes_path

CLEANUPS = frozenset({"clean", "autoclean", "autoremove"})


def _apt_work(run) -> bool:
    return any(i.tool in APT_TOOLS for i in run.invocations)


def _only_cleanup(run) -> bool:
    """Every command of the RUN removes apt leftovers."""
    cmds = run.script.commands
    invs = run.invocations
    return bool(cmds) and len(invs) == len(cmds) and all(
        (i.tool in APT_TOOLS and i.action in CLEANUPS)
        or removes_path(i, "/var/lib/apt/lists") or removes_path(i, "/var/cache/apt") for i in invs)


def depends(first, second) -> bool:
    if not _apt_work(first) or only_updates(first):
        return False  # an update alone is DF101's case
    if installs_with_apt(second) and not updates_apt(second):
        return True
    return _only_cleanup(second) and (updates_apt(first) or installs_with_apt(first))


def mergeable_next(df, first) -> bool:
    """Whether this rule will combine `first` with the RUN right after it."""
    analysed = {id(r.instruction): r for r in runs(df)}
    instructions = df.instructions
    k = next(i for i, ins in enumerate(instructions) if ins is first.instruction)
    second = analysed.get(id(instructions[k + 1])) if k + 1 < len(instructions) else None
    if second is None or not depends(first, second):
        return False
    return not isinstance(chain_runs(df, first, second), str)


class MergePackageRuns(Rule):
    code = "DF102"
    title = "consecutive apt RUNs that depend on each other"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3059",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        analysed = {id(r.instruction): r for r in runs(df)}
        instructions = df.instructions
        for first_ins, second_ins in zip(instructions, instructions[1:]):
            first, second = analysed.get(id(first_ins)), analysed.get(id(second_ins))
            if first is None or second is None or not depends(first, second):
                continue
            if any(n.kind == "instruction" for n in between(df, first_ins, second_ins)):
                continue
            start, end = keyword_span(second_ins)
            line = line_of(df, first_ins.start)
            message = f"this RUN depends on the apt work of the RUN on line {line}; combine them"
            edits = chain_runs(df, first, second)
            if isinstance(edits, str):
                yield self.finding(start, end, message, no_fix_reason=edits)
                continue
            yield self.finding(start, end, message,
                               Fix(edits, Applicability.SAFE,
                                   f"chained this RUN after the RUN on line {line}"))
