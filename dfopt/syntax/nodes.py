"""Syntax nodes of the lossless Dockerfile tree.

Every byte of a file belongs to exactly one top-level node (a directive, comment, blank line or
instruction), and each node keeps its exact source text, so joining the nodes' texts gives the
file back. Offsets are indices into the file's decoded text (a str), end exclusive.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Union


class Mapped:
    """A text that BuildKit derives from the file (continuations joined, comment lines dropped),
    with the offset in the file of each of its characters."""

    __slots__ = ("text", "_starts", "_sources", "_end")

    def __init__(self, text: str, starts: list[int], sources: list[int], end: int):
        # starts[k] is where the k-th contiguous run begins in `text`; sources[k] where it begins
        # in the file. `end` is the file offset just past the last character.
        self.text = text
        self._starts = starts
        self._sources = sources
        self._end = end

    def source_offset(self, i: int) -> int:
        """The file offset of character i; i == len(text) gives the offset just past the end."""
        n = len(self.text)
        if i == n:
            return self._end
        if not 0 <= i < n:
            raise IndexError(i)
        starts = self._starts
        k = bisect_right(starts, i) - 1
        return self._sources[k] + (i - starts[k])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The file span covering text[start:end] (end is just past its last character)."""
        if start == end:
            offset = self.source_offset(start)
            return offset, offset
        return self.source_offset(start), self.source_offset(end - 1) + 1

    def slice(self, start: int, end: int) -> "Mapped":
        if not 0 <= start <= end <= len(self.text):
            raise IndexError((start, end))
        starts: list[int] = []
        sources: list[int] = []
        for k, run_start in enumerate(self._starts):
            run_end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self.text)
            lo, hi = max(run_start, start), min(run_end, end)
            if lo < hi:
                starts.append(lo - start)
                sources.append(self._sources[k] + (lo - run_start))
        if not starts:
            starts, sources = [0], [self.source_offset(start)]
        _, end_offset = self.source_span(start, end)
        return Mapped(self.text[start:end], starts, sources, end_offset)

    def __repr__(self) -> str:
        return f"Mapped({self.text!r})"


@dataclass(frozen=True, slots=True)
class Flag:
    """A leading `--name[=value]` word of an instruction, kept as written."""

    name: str
    value: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Heredoc:
    name: str
    chomp: bool  # <<- strips leading tabs
    expand: bool  # False when the delimiter was quoted
    fd: int
    content: str  # the body as BuildKit passes it on (each line ends with "\n")
    body_start: int  # file offsets of the body lines, terminator line excluded
    body_end: int
    start_line: int  # the first body line (1-based); end_line is the terminator's line
    end_line: int


@dataclass(frozen=True, slots=True)
class LineNode:
    """Fields shared by every top-level node: exact text and where it is."""

    start: int
    end: int
    text: str
    start_line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class Directive(LineNode):
    """A parser directive (`# syntax=`, `# escape=`, `# check=`) at the top of the file."""

    name: str = ""  # lower-case key
    value: str = ""
    kind: str = field(default="directive", init=False)


@dataclass(frozen=True, slots=True)
class Comment(LineNode):
    kind: str = field(default="comment", init=False)


@dataclass(frozen=True, slots=True)
class Blank(LineNode):
    """An empty or whitespace-only line."""

    kind: str = field(default="blank", init=False)


@dataclass(frozen=True, slots=True)
class InnerLine:
    """A comment or empty line inside a continuation: BuildKit drops it, the tree keeps it."""

    kind: str  # "comment" | "blank"
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Instruction(LineNode):
    keyword: str = ""  # as written
    cmd: str = ""  # upper-case
    keyword_start: int = 0
    keyword_end: int = 0
    flags: tuple[Flag, ...] = ()
    # "exec" (a JSON array of strings), "shell", or None where the form has no meaning.
    form: str | None = None
    exec_args: tuple[str, ...] | None = None
    arguments: Mapped = None  # type: ignore[assignment]
    heredocs: tuple[Heredoc, ...] = ()
    inner_lines: tuple[InnerLine, ...] = ()
    sub: "Instruction | None" = None  # the instruction ONBUILD wraps
    line_ending: str = "\n"
    kind: str = field(default="instruction", init=False)

    def flag(self, name: str) -> Flag | None:
        for f in self.flags:
            if f.name == name:
                return f
        return None

    @property
    def effective(self) -> "Instruction":
        """The instruction that runs: the wrapped one for ONBUILD, else itself."""
        return self.sub if self.sub is not None else self

    @property
    def args(self) -> str:
        return self.arguments.text


Node = Union[Directive, Comment, Blank, Instruction]


@dataclass(frozen=True, slots=True)
class Stage:
    index: int
    from_: Instruction
    image: str
    name: str | None  # as written after AS
    instructions: tuple[Instruction, ...]  # FROM first

    def is_named(self, ref: str) -> bool:
        return self.name is not None and self.name.lower() == ref.lower()
