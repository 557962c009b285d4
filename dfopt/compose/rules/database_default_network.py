"""## What it does
Checks for a database, cache or broker left on the project's `default` network together with a
service that is not one (the app, a proxy, an admin tool), in a file that does define networks of
its own. (A file where every service is on the default network is DC105's.)

## Why is this bad?
The file isolates some services on their own networks, but the database still shares `default`
with services that have no business reaching it: a compromised front end or proxy can talk to it
directly. Usually the database was simply forgotten when the networks were added.

## Example
```yaml
services:
  proxy:
    image: nginx:1.27
    networks: [frontend]
  app:
    build: .
    networks: [frontend, default]
  db:
    image: postgres:17
networks:
  frontend:
```

## Use instead
```yaml
services:
  proxy:
    image: nginx:1.27
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
No fix: which services must reach the database is not in the file.

## References
- [Compose docs: networking](https://docs.docker.com/compose/how-tos/networking/)
- [Compose file reference: internal networks](https://docs.docker.com/reference/compose-file/networks/#internal)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile, Service, entries, items, scalar
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


def _on_default(service: Service) -> bool:
    if service.get("network_mode") is not None:
        return False
    networks = service.get("networks")
    if networks is None:
        return True
    names = [scalar(n) for n in items(networks)] or list(entries(networks))
    return "default" in names


class DatabaseOnDefaultNetwork(ComposeRule):
    code = "DC122"
    title = "database on the default network with other services"
    severity = Severity.INFO

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        if not any(s.get("networks") is not None for s in compose.services):
            return  # every service shares the default network: DC105
        on_default = [s for s in compose.services if _on_default(s)]
        others = [s.name for s in on_default if known_image(s) is None]
        if not others:
            return
        names = ", ".join(f"`{name}`" for name in others)
        for service in on_default:
            image = known_image(service)
            if image is None:
                continue
            yield self.report(
                compose,
                service.key,
                f"{image.role} `{service.name}` is on the default network with {names}; put it on a network "
                "joined only by the services that use it",
                no_fix_reason="which services must reach it is not in the file",
            )
