"""## What it does
Finds a `RUN` with a pipe (`curl ... | sh`, `cat f | grep x`) whose shell does not have the
`pipefail` option: the default `/bin/sh -c`, or a `SHELL` without `-o pipefail`.

## Why is this bad?
A pipeline's exit status is its last command's. In `RUN wget -O- https://example.com/key | apt-key
add -`, a failed download still lets the build go on, with an empty key. With `pipefail` the
pipeline fails when any of its commands fails, and so does the build.

## Example
```dockerfile
FROM debian:12
RUN wget -O - https://example.com/install.sh | bash
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -O - https://example.com/install.sh | bash
```

## Fix safety
Unsafe: the fix adds `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN. That needs bash
in the image (Alpine and distroless images have none), runs every later RUN, and shell-form CMD and
ENTRYPOINT, of the stage with bash rather than `/bin/sh`, and makes a pipeline whose first command
fails on purpose (`yes | ...`, `grep` finding nothing) fail the build. dfopt refuses the fix when
the stage's base image is Alpine or BusyBox.

A RUN that runs `set -o pipefail` itself before its first pipe is not reported (hadolint reports
it); neither is a RUN under a non-POSIX `SHELL` (PowerShell, cmd).

## References
- Dockerfile best practices: using pipes
- hadolint DL4006
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import runs
from dfopt.shell.run import is_posix, shell_of

PIPEFAIL_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]'
_PIPEFAIL_SHELLS = frozenset({"bash", "zsh", "ash", "ksh", "mksh"})


def has_pipefail(shell: tuple[str, ...]) -> bool:
    if not shell or shell[0].replace("\\", "/").rsplit("/", 1)[-1] not in _PIPEFAIL_SHELLS:
        return False
    return any(a.startswith("-") and "o" in a and b == "pipefail" for a, b in zip(shell, shell[1:]))


def _sets_pipefail_before(script, offset: int) -> bool:
    for c in script.commands:
        if c.start >= offset:
            return False
        values = [w.value for w in c.words]
        if c.name == "set" and not c.subshell and not c.conditional and "pipefail" in values:
            return True
    return False


class PipeWithoutPipefail(Rule):
    code = "DF115"
    title = "RUN with a pipe but no pipefail"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL4006",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        fixed_stages = set()
        for run in runs(df):
            ins = run.instruction
            if ins.sub is not None or not run.script.pipelines:
                continue
            shell = shell_of(df, ins)
            if not is_posix(shell) or has_pipefail(shell):
                continue
            start, end = run.script.pipelines[0]
            if _sets_pipefail_before(run.script, start):
                continue
            message = "a pipe fails only when its last command fails: set `-o pipefail` in SHELL"
            stage = df.stage_of(ins)
            image = stage.image.lower() if stage is not None else ""
            if stage is None or "alpine" in image or "busybox" in image:
                yield self.finding(start, end, message,
                                   no_fix_reason="the base image may have no bash (Alpine, BusyBox): set SHELL by hand")
            elif stage.index in fixed_stages:
                yield self.finding(start, end, message, no_fix_reason="the SHELL added for an earlier RUN covers this one")
            else:
                fixed_stages.add(stage.index)
                line = PIPEFAIL_SHELL + df.line_ending
                yield self.finding(start, end, message,
                                   Fix((Edit(ins.start, ins.start, line),), Applicability.UNSAFE,
                                       "added SHELL with bash and -o pipefail before this RUN"))
