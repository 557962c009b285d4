"""## What it does
Checks for a file whose services all share the default network although some of them (databases,
caches, brokers) should be reachable only from the services that use them.

## Why is this bad?
On one flat network every container can reach the database, including ones that have no business
talking to it (a reverse proxy, an admin tool, a compromised front end). An `internal: true`
network also gives the database no route out.

## Example
```yaml
services:
  proxy:
    image: nginx:1.27
    ports: ["80:80"]
  app:
    build: .
  db:
    image: postgres:17
```

## Use instead
```yaml
services:
  proxy:
    image: nginx:1.27
    ports: ["80:80"]
    networks: [frontend]
  app:
    build: .
    networks: [frontend, backend]
  db:
    image: postgres:17
    networks: [backend]
networks:
  frontend:
  backend:
    internal: true
```

## Fix safety
No fix: which service talks to which is not in the file.

## References
- [Compose docs: networking](https://docs.docker.com/compose/how-tos/networking/)
- [Compose file reference: internal networks](https://docs.docker.com/reference/compose-file/networks/#internal)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


class DefaultNetworkOnly(ComposeRule):
    code = "DC105"
    title = "every service on the default network"
    severity = Severity.INFO

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        services = compose.services
        if len(services) < 2 or "services" not in compose.top:
            return
        if any(s.get("networks") is not None or s.get("network_mode") is not None for s in services):
            return
        isolated = [s.name for s in services if known_image(s) is not None]
        if not isolated or len(isolated) == len(services):
            return
        names = ", ".join(f"`{name}`" for name in isolated)
        yield self.report(
            compose,
            compose.top["services"].key,
            f"all {len(services)} services share the default network; put {names} on an "
            "`internal: true` network joined only by the services that use it",
            no_fix_reason="which service talks to which is not in the file",
        )
