"""## What it does
Finds a stage named `scratch` or `context` (in any case: BuildKit lowercases stage names).

## Why is this bad?
Both words already mean something to BuildKit: `FROM scratch` is the empty image, and `context`
names the build context (`--build-context`, named contexts). A stage that takes one of these
names makes `FROM scratch` or `COPY --from=context` ambiguous to the reader; BuildKit builds the
file but warns (its build check ReservedStageName).

## Example
```dockerfile
FROM debian:12-slim AS scratch
RUN make
```

## Use instead
```dockerfile
FROM debian:12-slim AS build
RUN make
```

## Fix safety
No fix: the new name and the references to rename are the author's choice.
hadolint compares with case (`AS Scratch` passes there); dfopt reports it, as BuildKit reads it
as `scratch`.

## References
- BuildKit build checks: ReservedStageName
- hadolint DL3063
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.duplicate_stage import stage_name_span

RESERVED = ("scratch", "context")


class ReservedStageName(Rule):
    code = "DF308"
    title = "stage named scratch or context"
    severity = Severity.WARNING
    hadolint = ("DL3063",)

    def check(self, ctx: CheckContext):
        for stage in ctx.dockerfile.stages:
            if stage.name is not None and stage.name.lower() in RESERVED:
                start, end = stage_name_span(stage) or (stage.from_.keyword_start, stage.from_.keyword_end)
                yield self.finding(start, end, f"`{stage.name.lower()}` is a name BuildKit reserves: name the stage "
                                               "something else")
