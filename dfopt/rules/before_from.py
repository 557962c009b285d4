"""## What it does
Finds an instruction other than `ARG` before the first `FROM` (and every instruction of a file
with no `FROM`).

## Why is this bad?
Only `ARG` may come before the first `FROM`: it declares a variable the FROM lines can use.
Anything else belongs to no stage, and BuildKit stops at it (`no build stage in current
context`). Parser directives and comments are not instructions and may come first.

## Example
```dockerfile
LABEL org.opencontainers.image.source=https://example.com/app
FROM debian:12-slim
```

## Use instead
```dockerfile
FROM debian:12-slim
LABEL org.opencontainers.image.source=https://example.com/app
```

## Fix safety
No fix: moving the instruction into the first stage is a guess at which stage was meant.

## References
- Dockerfile reference: Understand how ARG and FROM interact
- hadolint DL3061
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span


class InstructionBeforeFrom(Rule):
    code = "DF416"
    title = "instruction before the first FROM"
    severity = Severity.ERROR
    hadolint = ("DL3061",)

    def check(self, ctx: CheckContext):
        for ins in ctx.dockerfile.instructions:
            if ins.cmd == "FROM":
                return
            if ins.cmd != "ARG":
                start, end = keyword_span(ins)
                yield self.finding(start, end, f"{ins.cmd} before the first FROM belongs to no stage: "
                                               "only ARG may come first")
