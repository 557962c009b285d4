"""## What it does
Finds a stage with more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`, and drops the earlier ones.

## Why is this bad?
Only the last `CMD`, `ENTRYPOINT` and `HEALTHCHECK` of a stage take effect; the earlier ones do nothing
but mislead the reader about what the container runs.

## Example
```dockerfile
CMD ["npm", "start"]
EXPOSE 3000
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
EXPOSE 3000
CMD ["node", "server.js"]
```

## Fix safety
Safe: the image's configuration is the same, since the dropped instructions are overridden by the
later ones of the same kind in the same stage.

## Why this is safe
- A `CMD`, `ENTRYPOINT` or `HEALTHCHECK` sets only the image's configuration; no instruction of the stage reads
  it (RUN, COPY and the rest run the same way whatever it is), so only the last one of each kind
  reaches the image.
- An `ENTRYPOINT` resets `CMD` only when it was inherited from the base image; a `CMD` of the same
  stage survives it, before or after. So dropping an earlier `ENTRYPOINT` never changes the final
  `CMD`: with a `CMD` in the stage, every `ENTRYPOINT` keeps it; without one, every `ENTRYPOINT`
  resets the inherited one the same way.
- A `HEALTHCHECK` replaces the one before it as a whole (`HEALTHCHECK NONE` included); none
  of them interacts with CMD or ENTRYPOINT.
- Stages are separate: a `CMD` in one stage never overrides one in another, so only instructions
  of the same stage are compared. The build history (`docker history`) loses the dropped entries.

## When dfopt refuses
- `ONBUILD CMD` / `ONBUILD ENTRYPOINT` / `ONBUILD HEALTHCHECK` are triggers for a later build, not this image's
  configuration: they are never counted or dropped.
- A dropped instruction's trailing comment lines stay in place; nothing else is edited.

## References
- Dockerfile reference: CMD ("only the last CMD will take effect"), ENTRYPOINT
- hadolint DL4003 (CMD), DL4004 (ENTRYPOINT), DL3012 (HEALTHCHECK)
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span, line_of


class RepeatedCmdOrEntrypoint(Rule):
    code = "DF405"
    title = "several CMD, ENTRYPOINT or HEALTHCHECK in one stage: only the last counts"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL4003", "DL4004", "DL3012")

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for stage in df.stages:
            for kind in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
                found = [ins for ins in stage.instructions if ins.cmd == kind]
                for earlier, later in zip(found, found[1:]):
                    start, end = keyword_span(later)
                    line = line_of(df, earlier.start)
                    yield self.finding(start, end, f"this {kind} overrides the {kind} on line {line}, which does nothing",
                                       Fix((Edit(earlier.start, earlier.end, ""),), Applicability.SAFE,
                                           f"dropped the {kind} on line {line}, overridden by this one"))
