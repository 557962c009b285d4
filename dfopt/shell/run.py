"""From a RUN instruction to the shell script it runs, or the reason it is not analysed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dfopt.shell.script import Script, parse_script
from dfopt.syntax import Dockerfile, Instruction

POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "busybox"})
DEFAULT_SHELL = ("/bin/sh", "-c")
_HEREDOC = r"""<<-?(?:"[^"\s]+"|'[^'\s]+'|[^\s"']+)"""
_SHELL_WORD = r"(?:/\S*/)?(?:sh|bash|dash|ash)(?:\s+-[a-zA-Z]+)*"
# `<<EOF`, `<<EOF bash`, `bash -e <<EOF`: the heredoc body is the script a shell runs.
_HEREDOC_SCRIPT = re.compile(rf"\s*(?:{_HEREDOC}(?:\s+{_SHELL_WORD})?|{_SHELL_WORD}\s+{_HEREDOC})\s*")
_SHEBANG = re.compile(r"#!\s*(\S+)(?:\s+(\S+))?")


@dataclass(frozen=True)
class RunBody:
    """What a RUN runs: `script` when it was analysed, else `reason` says why not."""

    instruction: Instruction
    script: Script | None
    reason: str | None = None
    heredoc_script: bool = False  # the script is the body of `RUN <<EOF`

    @property
    def ok(self) -> bool:
        return self.script is not None


def shell_of(df: Dockerfile, instruction: Instruction) -> tuple[str, ...]:
    """The SHELL in effect for an instruction: the last SHELL before it in its stage."""
    return _shells(df).get(id(instruction), DEFAULT_SHELL)


@lru_cache(maxsize=8)
def _shells(df: Dockerfile) -> dict[int, tuple[str, ...]]:
    """Instruction (by identity) -> the SHELL in effect there, for the whole file in one pass."""
    out: dict[int, tuple[str, ...]] = {}
    for stage in df.stages:
        shell = DEFAULT_SHELL
        for ins in stage.instructions:
            out[id(ins)] = shell
            if ins.cmd == "SHELL" and ins.exec_args:
                shell = ins.exec_args
    return out


def is_posix(shell: tuple[str, ...]) -> bool:
    return bool(shell) and shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower() in POSIX_SHELLS


def analyse_run(df: Dockerfile, instruction: Instruction) -> RunBody:
    """Parse the shell script of a RUN (or ONBUILD RUN); never guesses at what it cannot read."""
    ins = instruction.effective
    if ins.cmd != "RUN":
        return RunBody(instruction, None, f"{ins.cmd} is not a RUN")
    if ins.form == "exec":
        return RunBody(instruction, None, "exec-form RUN runs no shell")
    shell = shell_of(df, instruction)
    if not is_posix(shell):
        return RunBody(instruction, None, f"SHELL {shell[0]} is not a POSIX shell")
    args = ins.arguments
    if ins.heredocs:
        return _heredoc_body(df, instruction)
    script = parse_script(args.text, args.source_offset)
    if not script.ok:
        return RunBody(instruction, None, script.error)
    return RunBody(instruction, script)


def _heredoc_body(df: Dockerfile, instruction: Instruction) -> RunBody:
    ins = instruction.effective
    args = ins.arguments
    if _HEREDOC_SCRIPT.fullmatch(args.text) and len(ins.heredocs) == 1:
        # `RUN <<EOF`: BuildKit runs the body itself as the script (`<<EOF bash`: bash does).
        doc = ins.heredocs[0]
        shebang = _SHEBANG.match(doc.content)
        if shebang:
            program = shebang.group(1).rsplit("/", 1)[-1]
            if program == "env" and shebang.group(2):
                program = shebang.group(2)
            if program not in POSIX_SHELLS:
                return RunBody(instruction, None, f"the heredoc script runs {program}, not a shell")
        offset_map = _body_map(df, doc)
        if offset_map is None:
            return RunBody(instruction, None, "the heredoc body does not line up with the file")
        script = parse_script(doc.content, offset_map)
        if not script.ok:
            return RunBody(instruction, None, script.error)
        return RunBody(instruction, script, heredoc_script=True)
    # `RUN cmd <<EOF`: the shell gets the command line followed by the bodies.
    parts = [args.text, "\n"]
    for doc in ins.heredocs:
        parts += [doc.content, doc.name, "\n"]
    text = "".join(parts)
    line_len = len(args.text)

    def offset_map(i: int) -> int:
        # Only the command line gets edits; heredoc bodies map to the end of the arguments.
        return args.source_offset(min(i, line_len))

    script = parse_script(text, offset_map)
    if not script.ok:
        return RunBody(instruction, None, script.error)
    return RunBody(instruction, script)


def _body_map(df: Dockerfile, doc):
    """Script index -> file offset for a heredoc body (the file may have CRLF where the body as
    BuildKit passes it has LF); None when the two cannot be aligned."""
    raw = df.text[doc.body_start : doc.body_end]
    content = doc.content
    if raw == content:
        return lambda i: doc.body_start + i
    where: list[int] = []
    j = 0
    for char in content:
        while j < len(raw) and raw[j] != char and raw[j] == "\r":
            j += 1
        if j >= len(raw) or raw[j] != char:
            return None
        where.append(doc.body_start + j)
        j += 1
    where.append(doc.body_start + j)
    return where.__getitem__


def not_analysed(df: Dockerfile) -> list[tuple[int, str]]:
    """(line, reason) for each RUN whose script is left alone."""
    out = []
    for ins in df.instructions:
        if ins.effective.cmd == "RUN":
            body = analyse_run(df, ins)
            if not body.ok:
                out.append((ins.start_line, body.reason))
    return out


# For the ShellCheck runner (dfopt/shell/shellcheck.py), which reads the same scripts.
HEREDOC_SCRIPT = _HEREDOC_SCRIPT
heredoc_body_map = _body_map
