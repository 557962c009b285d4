"""The parsed file: its nodes, stages and position helpers."""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property

from dfopt.syntax.nodes import Instruction, Node, Stage


class Dockerfile:
    __slots__ = ("text", "nodes", "escape", "__dict__")

    def __init__(self, text: str, nodes: tuple[Node, ...], escape: str):
        self.text = text
        self.nodes = nodes
        self.escape = escape

    def render(self) -> str:
        return "".join(node.text for node in self.nodes)

    @cached_property
    def instructions(self) -> tuple[Instruction, ...]:
        return tuple(n for n in self.nodes if isinstance(n, Instruction))

    @cached_property
    def line_ending(self) -> str:
        for ins in self.instructions:
            return ins.line_ending
        return "\n"

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        text = self.text
        pos = text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset; columns count characters."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]

    @cached_property
    def global_args(self) -> tuple[Instruction, ...]:
        """ARG instructions before the first FROM."""
        out = []
        for ins in self.instructions:
            if ins.cmd == "FROM":
                break
            out.append(ins)
        return tuple(i for i in out if i.cmd == "ARG")

    @cached_property
    def stages(self) -> tuple[Stage, ...]:
        stages: list[Stage] = []
        current: list[Instruction] = []
        for ins in self.instructions:
            if ins.cmd == "FROM":
                if current:
                    stages.append(_stage(len(stages), current))
                current = [ins]
            elif current:
                current.append(ins)
        if current:
            stages.append(_stage(len(stages), current))
        return tuple(stages)

    def stage_of(self, instruction: Instruction) -> Stage | None:
        for stage in self.stages:
            if any(i is instruction for i in stage.instructions):
                return stage
        return None

    def find_stage(self, ref: str) -> Stage | None:
        """The stage a `--from=` or `FROM` reference names (by name or index), if any."""
        for stage in self.stages:
            if stage.is_named(ref) or ref == str(stage.index):
                return stage
        return None


def _stage(index: int, instructions: list[Instruction]) -> Stage:
    words = instructions[0].args.split()
    image = words[0] if words else ""
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    return Stage(index=index, from_=instructions[0], image=image, name=name,
                 instructions=tuple(instructions))
