"""## What it does
Finds images without a `HEALTHCHECK`: a stage that no later stage builds on or copies from, in
which neither the stage nor a stage it is built FROM has one. Off by default, as in hadolint.

## Why is this bad?
Without a health check, Docker and orchestrators that read it (Swarm, compose's
`depends_on: condition: service_healthy`) only know that the process runs, not that it answers:
a server stuck at start-up or deadlocked keeps receiving traffic.

## Example
```dockerfile
FROM node:20-slim
COPY . /app
CMD ["node", "/app/server.js"]
```

## Use instead
```dockerfile
FROM node:20-slim
COPY . /app
HEALTHCHECK --interval=30s CMD ["node", "/app/healthcheck.js"]
CMD ["node", "/app/server.js"]
```

## Fix safety
No fix: how to tell that the service is healthy is the application's to say.

`HEALTHCHECK NONE` is a decision and counts as present. Build stages (those a later stage is
built on, copies from or mounts) are not images anyone runs and are left alone (hadolint reports
every stage without one); a health check that comes with the base image is not known and does
not count. Kubernetes ignores HEALTHCHECK (it has its own probes): leave this rule off there.

## References
- Docker documentation: Dockerfile reference, HEALTHCHECK
- hadolint DL3057
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span
from dfopt.rules.stage_use import image_stages, lineage


class MissingHealthcheck(Rule):
    code = "DF321"
    title = "Image without a HEALTHCHECK"
    severity = Severity.INFO
    default_enabled = False
    hadolint = ("DL3057",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for stage in image_stages(df):
            if not any(ins.cmd == "HEALTHCHECK" for st in lineage(df, stage) for ins in st.instructions):
                yield self.finding(*keyword_span(stage.from_), "this image has no HEALTHCHECK")
