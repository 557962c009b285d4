"""## What it does
Finds a stage whose last `USER` is root (`root`, `0`, `root:group`, `0:0`).

## Why is this bad?
A container that runs as root gives whoever breaks into its process root in the container, and
with a misconfigured runtime, on the host. Switching to root for installs is fine; the stage should
switch back to an unprivileged user before it ends.

## Example
```dockerfile
FROM debian:12-slim
USER app
RUN do-something
USER root
```

## Use instead
```dockerfile
FROM debian:12-slim
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER app
```

## Fix safety
No fix: which user the stage should end with is the author's choice. As in hadolint, every stage
is checked, not only the last one; a stage with no `USER` at all is not reported.

## References
- Dockerfile best practices: USER
- hadolint DL3002
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span


def is_root(user: str) -> bool:
    user = user.strip()
    return user in ("root", "0") or user.startswith(("root:", "0:"))


class LastUserRoot(Rule):
    code = "DF303"
    title = "the last USER of a stage is root"
    severity = Severity.WARNING
    hadolint = ("DL3002",)

    def check(self, ctx: CheckContext):
        for stage in ctx.dockerfile.stages:
            users = [ins for ins in stage.instructions if ins.cmd == "USER"]
            if users and is_root(users[-1].args):
                start, end = keyword_span(users[-1])
                yield self.finding(start, end, "the stage ends as root: switch to an unprivileged USER")
