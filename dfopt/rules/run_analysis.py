"""Helpers the RUN rules share: the analysed RUNs of a file, and edits that add to a RUN in the
file's own layout (continuation style, indentation, escape character)."""

from __future__ import annotations

import bisect
import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from dfopt.findings import Edit, Fix
from dfopt.shell.commands import APT_TOOLS, Invocation, invocations
from dfopt.shell.run import RunBody, analyse_run
from dfopt.shell.script import Word
from dfopt.syntax import Dockerfile, Instruction

DEFAULT_INDENT = "    "
# apt actions that install packages (and so need fresh package lists).
APT_INSTALLS = frozenset({"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall"})
_MOUNT_TYPE = re.compile(r"(?:^|,)type=([^,]+)")
_CACHE_TARGET = re.compile(r"(?:^|,)(?:target|dst|destination)=([^,]+)")


@dataclass(frozen=True)
class Run:
    """An analysed RUN with its recognised commands."""

    body: RunBody
    invocations: tuple[Invocation, ...]

    @property
    def instruction(self) -> Instruction:
        return self.body.instruction

    @property
    def script(self):
        return self.body.script

    def tools(self, *tools: str) -> list[Invocation]:
        return [i for i in self.invocations if i.tool in tools]

    def cache_mounts(self) -> list[str]:
        """Targets of `--mount=type=cache` flags."""
        return [target for kind, target, _ in self.mounts() if kind == "cache"]

    def mounts(self) -> list[tuple[str, str, str]]:
        """(type, target, flag text) of each `--mount` flag; the type defaults to bind."""
        out = []
        for flag in self.instruction.effective.flags:
            if flag.name == "mount" and flag.value:
                kind = _MOUNT_TYPE.search(flag.value)
                target = _CACHE_TARGET.search(flag.value)
                out.append((kind.group(1) if kind else "bind", target.group(1).rstrip("/") if target else "",
                            flag.text))
        return out

    def flag_value(self, name: str) -> str | None:
        return next((f.value for f in self.instruction.effective.flags if f.name == name), None)


def runs(df: Dockerfile) -> Iterator[Run]:
    """Every RUN (ONBUILD RUN included) whose script could be analysed."""
    for run in _analysed(df):
        if run is not None:
            yield run


@lru_cache(maxsize=8)
def _analysed(df: Dockerfile) -> tuple[Run | None, ...]:
    out = []
    for ins in df.instructions:
        if ins.effective.cmd != "RUN":
            continue
        body = analyse_run(df, ins)
        out.append(Run(body, tuple(invocations(body.script.commands))) if body.ok else None)
    return tuple(out)


def run_of(df: Dockerfile, ins: Instruction) -> Run | None:
    return _by_instruction(df).get(id(ins))


@lru_cache(maxsize=8)
def _by_instruction(df: Dockerfile) -> dict[int, Run]:
    # Keyed by identity: the cache keeps `df`, and with it its instructions, alive.
    return {id(run.instruction): run for run in runs(df)}


def insert_option(after: Word, option: str) -> Edit:
    """Add ` option` right after a word (`install` -> `install -y`)."""
    return Edit(after.end, after.end, " " + option)


def line_of(df: Dockerfile, offset: int) -> int:
    return df.position(offset)[0]


def arguments_end(ins: Instruction) -> int:
    args = ins.effective.arguments
    return args.source_span(0, len(args.text))[1]


def continuation(df: Dockerfile, ins: Instruction, operators_only: bool = False) -> tuple[bool, str] | None:
    """How this RUN continues its lines: (operators lead the line, indentation), or None when it
    is on one line (or, with `operators_only`, when no line break stands at an operator)."""
    ins = ins.effective
    start = ins.arguments.source_offset(0)
    end = arguments_end(ins)
    lines = df.text[start:end].split("\n")
    if len(lines) == 1:
        return None
    body = [line for line in lines[1:] if line.strip() and not line.lstrip().startswith("#")]
    leading = [line for line in body if line.lstrip().startswith(("&&", "||", ";"))]
    if leading:
        return True, _indent(leading[-1])
    ends = [i for i, line in enumerate(lines[:-1]) if re.search(r"(&&|;)\s*\S?\s*$", line.rstrip())]
    if ends and ends[-1] + 1 < len(lines):
        return False, _indent(lines[ends[-1] + 1]) or DEFAULT_INDENT
    if operators_only:
        return None
    return False, _indent(body[0]) if body and _indent(body[0]) else DEFAULT_INDENT


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def append_command(df: Dockerfile, run: Run, command: str) -> Edit | str:
    """An edit that runs `command` after the rest of the RUN, or why that cannot be done."""
    script = run.script
    ins = run.instruction.effective
    last = script.commands[-1] if script.commands else None
    if last is not None and not last.subshell and last.name in ("exit", "exec"):
        return f"the RUN ends with `{last.name}`; a command after it would never run"
    if not script.ends_at_last_statement:
        return "the RUN ends with a comment, `;` or `&`; an appended command would not chain"
    if "&" in script.operators:
        return "the RUN starts a background job"
    if run.body.heredoc_script:
        # Chained to the last statement, not on a line of its own: a script without `set -e`
        # exits with its last command's status, so a failing install must stay last.
        if script.heredoc:
            return "the heredoc script holds a heredoc of its own"
        doc = ins.heredocs[0]
        body = df.text[doc.body_start : doc.body_end]
        end = doc.body_start + len(body.rstrip())
        return Edit(end, end, f" && {command}")
    end = arguments_end(ins)
    style = continuation(df, ins)
    if style is None:
        return Edit(end, end, f" && {command}")
    leading, indent = style
    if leading:
        return Edit(end, end, f" {df.escape}\n{indent}&& {command}")
    return Edit(end, end, f" && {df.escape}\n{indent}{command}")


def later_runs(df: Dockerfile, ins: Instruction) -> Iterator[Run]:
    """RUNs after `ins` in its stage and in the stages built FROM it (they see its files), in
    file order; lazily, so a caller that stops early does not pay for the rest of the file."""
    stage = df.stage_of(ins)
    if stage is None:
        return
    by_ins = _by_instruction(df)
    for later in itertools.chain(df.stage_after(ins), *(s.instructions for s in df.built_from(stage))):
        run = by_ins.get(id(later))
        if run is not None:
            yield run


def keyword_span(ins: Instruction) -> tuple[int, int]:
    """Where a finding about a whole instruction points: its keyword."""
    return ins.keyword_start, ins.keyword_end


def option_findings(rule, df: Dockerfile, wants, option: str, message: str, applicability, fix_message=None):
    """Findings for each command `wants(run, invocation)` selects, each fixed by inserting
    `option` after the command's action word (`install` -> `install -y`)."""
    for run in runs(df):
        for inv in run.invocations:
            if not wants(run, inv):
                continue
            anchor = inv.action_words[-1] if inv.action_words else inv.program
            fix = Fix((insert_option(anchor, option),), applicability,
                      fix_message or f"added `{option}` to `{inv.tool} {inv.action}`")
            yield rule.finding(inv.command.start, inv.command.end, message, fix)


def stage_chain(df: Dockerfile, ins: Instruction) -> list[Instruction]:
    """The instructions before `ins` in its stage and in the stages it is built FROM (whose ENV
    and ARG values it may inherit), nearest last."""
    out = list(df.stage_before(ins))
    stage = df.stage_of(ins)
    seen = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        stage = df.base_stage(stage)
        if stage is not None:
            out = [*stage.instructions, *out]
    return out + list(df.global_args)


def like(inv: Invocation, command: str) -> str:
    """`command` run the way `inv` was: with `sudo` when it used sudo (a non-root USER)."""
    return f"sudo {command}" if inv.command.name == "sudo" else command


def between(df: Dockerfile, first: Instruction, second: Instruction) -> list:
    """The nodes strictly between two instructions."""
    starts = _node_starts(df)  # the nodes follow each other: look up where the gap begins and ends
    i, j = bisect.bisect_left(starts, first.end), bisect.bisect_left(starts, second.start)
    return [n for n in df.nodes[i:j] if n.end <= second.start]


@lru_cache(maxsize=8)
def _node_starts(df: Dockerfile) -> list[int]:
    return [n.start for n in df.nodes]


def file_indent(df: Dockerfile) -> str:
    """The indentation this file gives continuation lines (the most common one), else 4 spaces."""
    counts: dict[str, int] = {}
    for ins in df.instructions:
        if ins.start_line == ins.end_line or ins.heredocs:
            continue
        for line in ins.text.split("\n")[1:]:
            if line.strip() and not line.lstrip().startswith("#") and _indent(line):
                counts[_indent(line)] = counts.get(_indent(line), 0) + 1
    return max(counts, key=lambda k: (counts[k], k == DEFAULT_INDENT)) if counts else DEFAULT_INDENT


# Commands that set a variable of the shell running them (besides the STATE_BUILTINS).
_SETS_VARIABLES = frozenset({"read", "getopts", "mapfile", "readarray", "let"})
# `${X:=v}`, `${X=v}`, `$((x = 1))`: assignments inside expansions.
_EXPANSION_ASSIGNS = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?=|\$\(\([^)]*[^=!<>]=[^=]")


def may_change_state(script) -> bool:
    """Whether a command run after this script in the same shell could see an effect of it
    (a directory, a variable, a function, an option, a trap, ...)."""
    if script.leaks_state or script.functions:
        return True
    for c in script.commands:
        if c.subshell:
            continue
        if c.name in _SETS_VARIABLES or (c.name == "printf" and any(w.value == "-v" for w in c.words[1:])):
            return True
    return bool(_EXPANSION_ASSIGNS.search(script.text))


def _joinable(df: Dockerfile, first: Run, second: Run) -> str | None:
    """Why the scripts of two RUNs cannot run as `first && second` in one shell, or None."""
    a, b = first.instruction, second.instruction
    if a.sub is not None or b.sub is not None:
        return "ONBUILD RUNs are left alone"
    if a.heredocs or b.heredocs:
        return "one of the RUNs uses a heredoc"
    if [(f.name, f.value) for f in a.flags] != [(f.name, f.value) for f in b.flags]:
        return f"the RUNs have different flags (line {line_of(df, a.start)} and line {line_of(df, b.start)})"
    sa, sb = first.script, second.script
    if not sa.ends_at_last_statement or "&" in sa.operators:
        return f"the RUN on line {line_of(df, a.start)} ends with a comment, `;` or `&`"
    if not sb.is_and_chain or sb.comments:
        return (f"the RUN on line {line_of(df, b.start)} is not a plain `&&` chain; joined after "
                "another command its exit status could be lost")
    if any(c.name == "set" and not c.subshell for c in sa.commands):
        # `set -e` inside a subshell that is part of an `&&` list is ignored by the shell.
        return f"the RUN on line {line_of(df, a.start)} uses `set`, which a subshell would not keep"
    return None


def _script_text(df: Dockerfile, ins: Instruction) -> tuple[int, int, str]:
    start, end = ins.arguments.source_offset(0), arguments_end(ins)
    return start, end, df.text[start:end]


def merge_runs(df: Dockerfile, first: Run, second: Run) -> tuple[Edit, ...] | str:
    """Edits that move the script of `first` to the front of `second` (joined with `&&`) and
    delete `first`, keeping what stood between them; or why that would change the build."""
    reason = _joinable(df, first, second)
    if reason:
        return reason
    a, b = first.instruction, second.instruction
    _, _, a_text = _script_text(df, a)
    if may_change_state(first.script):  # `cd` and friends must not reach the second RUN
        a_text = f"({a_text})"
    b_start = b.arguments.source_offset(0)
    style = continuation(df, b, operators_only=True) or continuation(df, a, operators_only=True)
    if style is None:
        joint = " && "
    elif style[0]:
        joint = f" {df.escape}\n{style[1]}&& "
    else:
        joint = f" && {df.escape}\n{style[1]}"
    return (Edit(a.start, a.end, ""), Edit(b_start, b_start, a_text + joint))


def chain_runs(df: Dockerfile, first: Run, second: Run) -> tuple[Edit, ...] | str:
    """Edits that append the script of `second` to `first` (`first && second`) and delete
    `second`. Comment lines between them move into the RUN as continuation comments, right
    above the commands they stood above; blank lines between them go."""
    reason = _joinable(df, first, second)
    if reason:
        return reason
    a, b = first.instruction, second.instruction
    a_start, a_end, _ = _script_text(df, a)
    _, b_end, b_text = _script_text(df, b)
    comments = [n.text.rstrip("\r\n") + "\n" for n in between(df, a, b) if n.kind == "comment"]
    style = continuation(df, a, operators_only=True) or continuation(df, b, operators_only=True)
    if style is None and comments:
        style = (True, file_indent(df))
    if style is None:
        joint = " && "
    elif style[0]:
        joint = f" {df.escape}\n{''.join(comments)}{style[1]}&& "
    else:
        joint = f" && {df.escape}\n{''.join(comments)}{style[1]}"
    if may_change_state(first.script):  # `cd` and friends must not reach the second RUN's commands
        return (Edit(a_start, a_start, "("), Edit(a_end, b_end, ")" + joint + b_text))
    return (Edit(a_end, b_end, joint + b_text),)


def later_paths(df: Dockerfile, ins: Instruction) -> Iterator[Iterator[Instruction]]:
    """What runs after `ins` and sees its files, one sequence per way through the build: the rest
    of its stage, then a stage built FROM it, and so on (a stage with two children gives two).
    Lazy, so a caller that stops early does not pay for the rest of the file."""
    stage = df.stage_of(ins)
    if stage is None:
        return
    todo = [(stage, (df.stage_after(ins),))]
    while todo:
        st, parts = todo.pop()
        kids = df.stage_children(st)
        if not kids:
            yield itertools.chain.from_iterable(parts)
        todo += [(kid, parts + (kid.instructions,)) for kid in reversed(kids)]


class LaterIndex:
    """Instructions of interest (readers of a cache, say), indexed by stage, so that "does one of
    them run after this instruction, on top of its files?" costs no walk over the file."""

    def __init__(self, df: Dockerfile, targets):
        self.df = df
        self.by_stage: dict[int, list[Instruction]] = {}
        for ins in targets:
            stage = df.stage_of(ins)
            if stage is not None:
                self.by_stage.setdefault(stage.index, []).append(ins)
        self.starts = {k: [i.start for i in v] for k, v in self.by_stage.items()}

    def after(self, ins: Instruction) -> Instruction | None:
        """The first target later in the stage of `ins`, else one in a stage built FROM it."""
        stage = self.df.stage_of(ins)
        if stage is None or not self.by_stage:
            return None
        same = self.by_stage.get(stage.index, [])
        k = bisect.bisect_right(self.starts.get(stage.index, []), ins.start)
        if k < len(same):
            return same[k]
        for later in self.df.built_from(stage):
            if later.index in self.by_stage:
                return self.by_stage[later.index][0]
        return None


def descendant_stages(df: Dockerfile, ins: Instruction) -> list:
    """The stage of `ins` and the stages built FROM it, directly or not."""
    stage = df.stage_of(ins)
    return [stage, *df.built_from(stage)] if stage is not None else []


_FROM = re.compile(r"(?:^|,)from=([^,]+)")
_SOURCE = re.compile(r"(?:^|,)(?:source|src)=([^,]+)")


def _overlaps_path(path: str, prefix: str) -> bool:
    """Whether `path` (relative to the root, maybe a glob or holding `$VAR`) may name `prefix`, a
    folder holding it, or something inside it."""
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    path = "/" + path.lstrip("/") if path not in (".", "") else "/"
    prefix = prefix.rstrip("/") + "/"
    cut = re.search(r"[*?\[$]", path)
    if cut:  # compare up to the first character whose meaning is only known at build time
        path = path[: cut.start()]
        return prefix.startswith(path) or path.startswith(prefix)
    path = path.rstrip("/") + "/"
    return prefix.startswith(path) or path.startswith(prefix)


def copied_from_stage(df: Dockerfile, ins: Instruction, prefix: str, reads=None) -> Instruction | None:
    """A `COPY --from` or `RUN --mount=...,from=` that reads `prefix` (or a folder holding it) out
    of the stage of `ins` or a stage built FROM it; `reads(path)`, a function kept at module
    level, decides instead when given."""
    stage = df.stage_of(ins)
    return None if stage is None else _copier(df, stage.index, prefix, reads)


@lru_cache(maxsize=256)
def _copier(df: Dockerfile, stage_index: int, prefix: str, reads) -> Instruction | None:
    reads = reads or (lambda path: _overlaps_path(path, prefix))
    stage = df.stages[stage_index]
    by_ref = _stage_reads(df)
    for st in [stage, *df.built_from(stage)]:
        for ref in {str(st.index), (st.name or "").lower()} - {""}:
            for path, reader in by_ref.get(ref, ()):
                if reads(path):
                    return reader
    return None


@lru_cache(maxsize=8)
def _stage_reads(df: Dockerfile) -> dict[str, list[tuple[str, Instruction]]]:
    """Stage (or image) reference -> (path, instruction) for each path a `COPY --from` or a
    `RUN --mount=...,from=` reads out of it."""
    out: list[tuple[str, str, Instruction]] = []
    for other in df.instructions:
        eff = other.effective
        if eff.cmd == "COPY":
            src = next((f.value for f in eff.flags if f.name == "from"), None)
            if src is None:
                continue
            words = list(eff.exec_args) if eff.form == "exec" and eff.exec_args else eff.args.split()
            out += [(src.lower(), w, other) for w in words[:-1]]
        elif eff.cmd == "RUN":
            for flag in eff.flags:
                m = _FROM.search(flag.value or "") if flag.name == "mount" else None
                if m:
                    source = _SOURCE.search(flag.value)
                    out.append((m.group(1).lower(), source.group(1) if source else "/", other))
    by_ref: dict[str, list[tuple[str, Instruction]]] = {}
    for ref, path, reader in out:
        by_ref.setdefault(ref, []).append((path, reader))
    return by_ref


def installs_with_apt(run: Run) -> bool:
    return any(i.action in APT_INSTALLS for i in run.tools(*APT_TOOLS))


def updates_apt(run: Run) -> bool:
    return any(i.action == "update" for i in run.tools(*APT_TOOLS))


def only_updates(run: Run) -> bool:
    """Every command of the RUN is an `apt-get update`."""
    invs = run.invocations
    return bool(invs) and len(invs) == len(run.script.commands) and all(
        i.tool in APT_TOOLS and i.action == "update" for i in invs)
