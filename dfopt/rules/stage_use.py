"""Which stages of a file become images of their own, as DF420 (labels) and DF321 (HEALTHCHECK)
judge them: a stage that a later stage is built FROM, copies from (`COPY --from`) or mounts
(`RUN --mount=...,from=`) is a step of the build; the others are images someone runs."""

from __future__ import annotations

import re

from dfopt.syntax.document import Dockerfile
from dfopt.syntax.nodes import Instruction, Stage

_MOUNT_FROM = re.compile(r"(?:^|,)from=([^,]+)")


def stage_references(ins: Instruction) -> list[tuple[str, int, int]]:
    """What a `COPY --from=` or `RUN --mount=...,from=` names (a stage or an image), with the
    file span of its flag."""
    ins = ins.effective
    out = []
    for flag in ins.flags:
        if ins.cmd == "COPY" and flag.name == "from" and flag.value:
            out.append((flag.value, flag.start, flag.end))
        elif ins.cmd == "RUN" and flag.name == "mount" and flag.value:
            m = _MOUNT_FROM.search(flag.value)
            if m:
                out.append((m.group(1), flag.start, flag.end))
    return out


def used_stages(df: Dockerfile) -> set[int]:
    """Indices of the stages a later stage builds on, copies from or mounts."""
    used = set()
    for stage in df.stages:
        parent = df.base_stage(stage)
        if parent is not None:
            used.add(parent.index)
        for ins in stage.instructions:
            for ref, _, _ in stage_references(ins):
                found = df.find_stage(ref)
                if found is not None and found.index < stage.index:
                    used.add(found.index)
    return used


def image_stages(df: Dockerfile) -> list[Stage]:
    """The stages no later stage uses: the images this file makes."""
    used = used_stages(df)
    return [stage for stage in df.stages if stage.index not in used]


def lineage(df: Dockerfile, stage: Stage) -> list[Stage]:
    """The stage and the earlier stages it is built FROM, nearest first."""
    out = [stage]
    parent = df.base_stage(stage)
    while parent is not None and parent not in out:
        out.append(parent)
        parent = df.base_stage(parent)
    return out
