"""## What it does
Finds a `USER` given by name (`USER node`, `USER app:app`) rather than by numeric id
(`USER 1000`, `USER 1000:1000`).

## Why is this bad?
A name is resolved inside the container from its `/etc/passwd`; the host and the orchestrator do
not see it. Kubernetes' `runAsNonRoot` cannot verify a named user and refuses to start the pod, and
security policies that check the id cannot read it. A numeric id means the same everywhere.

## Example
```dockerfile
USER node
```

## Use instead
```dockerfile
USER 1000
```

## Fix safety
No fix: the id behind a name is in the base image's `/etc/passwd`, which only the image knows.
A user given by a variable (`USER $UID`) is reported too, as in hadolint: its value is only known
at build time.

## References
- Kubernetes: securityContext.runAsNonRoot
- hadolint DL3066
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span


class NamedUser(Rule):
    code = "DF304"
    title = "USER by name instead of numeric id"
    severity = Severity.INFO
    hadolint = ("DL3066",)

    def check(self, ctx: CheckContext):
        for ins in ctx.dockerfile.instructions:
            if ins.cmd != "USER":
                continue
            uid = ins.args.strip().split(":", 1)[0]
            if not uid.isdigit():
                start, end = keyword_span(ins)
                yield self.finding(start, end, f"`{uid}` is a name the host cannot resolve: use a numeric id")
