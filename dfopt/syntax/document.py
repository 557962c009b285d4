"""The parsed file: its nodes, stages and position helpers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from dfopt.syntax.nodes import Instruction, Node, Stage


class Dockerfile:
    __slots__ = ("text", "nodes", "escape", "dangling_escape", "__dict__")

    def __init__(self, text: str, nodes: tuple[Node, ...], escape: str, dangling_escape: int | None = None):
        self.text = text
        self.nodes = nodes
        self.escape = escape
        # The offset of an escape character that continues the last instruction past the end of
        # the file (BuildKit accepts it), else None. Text added after it would join that
        # instruction.
        self.dangling_escape = dangling_escape

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

    # Indexes built once per tree, so that asking about every instruction of a file stays linear.
    @cached_property
    def _stage_by_instruction(self) -> dict[int, Stage]:
        # Keyed by identity: the tree keeps its instructions alive, so ids cannot be reused.
        return {id(ins): stage for stage in self.stages for ins in stage.instructions}

    @cached_property
    def _stages_by_ref(self) -> dict[str, Stage]:
        refs: dict[str, Stage] = {}
        for stage in self.stages:
            if stage.name is not None:
                refs.setdefault(stage.name.lower(), stage)
            refs.setdefault(str(stage.index), stage)
        return refs

    @cached_property
    def _named(self) -> dict[str, list[Stage]]:
        named: dict[str, list[Stage]] = {}
        for stage in self.stages:
            if stage.name is not None:
                named.setdefault(stage.name.lower(), []).append(stage)
        return named

    @cached_property
    def _children(self) -> dict[int, list[Stage]]:
        """Stage index -> the later stages built FROM it (see `base_stage`)."""
        children: dict[int, list[Stage]] = {}
        for stage in self.stages:
            parent = self.base_stage(stage)
            if parent is not None:
                children.setdefault(parent.index, []).append(stage)
        return children

    def stage_of(self, instruction: Instruction) -> Stage | None:
        """The stage an instruction belongs to (None for one before the first FROM, or for the
        instruction inside an ONBUILD)."""
        return self._stage_by_instruction.get(id(instruction))

    def stage_before(self, instruction: Instruction) -> tuple[Instruction, ...]:
        """The instructions of its stage before this one (FROM first)."""
        stage = self.stage_of(instruction)
        if stage is None:
            return ()
        return stage.instructions[: bisect_left(stage.instructions, instruction.start, key=_start)]

    def stage_after(self, instruction: Instruction) -> tuple[Instruction, ...]:
        """The instructions of its stage after this one."""
        stage = self.stage_of(instruction)
        if stage is None:
            return ()
        return stage.instructions[bisect_right(stage.instructions, instruction.start, key=_start) :]

    def find_stage(self, ref: str) -> Stage | None:
        """The stage a `--from=` or `FROM` reference names (by name or index), if any."""
        return self._stages_by_ref.get(ref.lower())

    def base_stage(self, stage: Stage) -> Stage | None:
        """The earlier stage this stage is built FROM, by name (the first stage of that name)."""
        for parent in self._named.get(stage.image.lower(), ()):
            return parent if parent.index < stage.index else None
        return None

    def stage_children(self, stage: Stage) -> list[Stage]:
        """The later stages built FROM this one directly, in file order."""
        return list(self._children.get(stage.index, ()))

    def built_from(self, stage: Stage) -> list[Stage]:
        """The later stages built FROM this one, directly or through each other, in file order."""
        seen: set[int] = set()
        todo = [stage.index]
        while todo:
            for child in self._children.get(todo.pop(), ()):
                if child.index not in seen:
                    seen.add(child.index)
                    todo.append(child.index)
        return [self.stages[i] for i in sorted(seen)]


def _start(instruction: Instruction) -> int:
    return instruction.start


def _stage(index: int, instructions: list[Instruction]) -> Stage:
    words = instructions[0].args.split()
    image = words[0] if words else ""
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    return Stage(index=index, from_=instructions[0], image=image, name=name,
                 instructions=tuple(instructions))
