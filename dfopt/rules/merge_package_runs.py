"""## What it does
Finds consecutive RUNs where the second one does apt work that depends on the first (it installs
with the package lists the first one fetched, or cleans up what the first one left) and combines
them into one RUN. When both are single `apt-get install` steps with the same options, their
packages become one install, one package a line, sorted and de-duplicated.

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
# tools for the tests
RUN apt-get update && apt-get install -y \\
    curl \\
    git
```

## Fix safety
Safe: the same commands run in the same order in one shell. Only RUNs that are adjacent (or
separated by comments and blank lines, which are kept) and have identical flags are combined;
flags stay on the RUN line. When the first RUN changes shell state (`cd`, `export`, ...) it runs
in a subshell so the second does not see it; a first RUN that uses `set`, or a second RUN that is
not a plain `&&` chain, is not combined. Unrelated RUNs are never combined just to save a layer.

## References
- Docker docs: Best practices for writing Dockerfiles, "RUN" and "apt-get"
- hadolint DL3059
"""

from __future__ import annotations

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.runfix import (APT_INSTALLS, between, file_indent, installs_with_apt, keyword_span, line_of,
                                merge_runs, only_updates, runs, updates_apt)
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
    return not isinstance(merge_runs(df, first, second, combined_install(df, first, second)), str)


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
            edits = merge_runs(df, first, second, combined_install(df, first, second))
            if isinstance(edits, str):
                yield self.finding(start, end, message, no_fix_reason=edits)
                continue
            yield self.finding(start, end, message,
                               Fix(edits, Applicability.SAFE,
                                   f"combined this RUN with the next one (line {line_of(df, second_ins.start)})"))


def combined_install(df, first, second) -> str | None:
    """The argument text of one RUN doing `first` with the packages of `second` added to its
    final install, one package a line; None when they cannot be one install."""
    a_install = _final_install(first)
    b_install = _final_install(second)
    if a_install is None or b_install is None or len(second.script.commands) != 1:
        return None
    if sorted(w.text for w in a_install.options) != sorted(w.text for w in b_install.options):
        return None
    if any(w.value is None for w in a_install.operands + b_install.operands):
        return None
    a = first.instruction
    start = a.arguments.source_offset(0)
    prefix = df.text[start : a_install.operands[0].start].rstrip()
    if prefix.endswith(df.escape):  # the packages started on a continuation line
        prefix = prefix[: -len(df.escape)].rstrip()
    if a.sub is not None or a.heredocs or a.inner_lines or second.instruction.inner_lines:
        return None
    packages = sorted({w.text for w in a_install.operands + b_install.operands}, key=lambda p: (p.lower(), p))
    indent = file_indent(df)
    lines = [prefix] + [indent + p for p in packages]
    return f" {df.escape}\n".join(lines)


def _final_install(run):
    """The RUN's last command when it is an apt install whose options all precede its packages."""
    script = run.script
    if not script.is_and_chain or not script.commands or not run.invocations:
        return None
    inv = run.invocations[-1]
    if inv.command is not script.commands[-1] or inv.tool not in APT_TOOLS or inv.action not in APT_INSTALLS:
        return None
    if inv.action != "install" or not inv.operands or inv.command.subshell or inv.command.conditional:
        return None
    if inv.options and max(w.start for w in inv.options) > inv.operands[0].start:
        return None
    return inv
