"""## What it does
Checks for a database, cache, search engine or message broker that publishes a port on every
interface of the host.

## Why is this bad?
`ports: ["5432:5432"]` listens on 0.0.0.0: anyone who can reach the host can reach the database,
and Docker's own firewall rules bypass host firewalls such as ufw. The app reaches the database by
its service name over a Compose network and needs no published port at all.

## Example
```yaml
services:
  db:
    image: postgres:17
    ports:
      - "5432:5432"
```

## Use instead
Remove `ports:` (the app connects to `db:5432`), or, for tools on the host, bind to loopback:
```yaml
    ports:
      - "127.0.0.1:5432:5432"
```

## Fix safety
The fix binds the port to 127.0.0.1 (`host_ip:` in the long syntax). It is unsafe: clients on
other hosts lose access, which is the point but may be relied on. No fix is offered for a port
shared through an anchor, which other services may use too.

## References
- [Compose file reference: ports](https://docs.docker.com/reference/compose-file/services/#ports)
- [Docker and ufw](https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.edits import bind_to_loopback
from dfopt.compose.fields import ports, reachable_from_outside
from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Finding, Severity


class PublishedDataPort(ComposeRule):
    code = "DC101"
    title = "database or cache port published on every host interface"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            image = known_image(service)
            if image is None:
                continue
            for port in ports(service):
                if not reachable_from_outside(port):
                    continue
                yield self.report(
                    compose,
                    port.node,
                    f"{image.role} `{service.name}` publishes port {port.target} on every host interface; "
                    "remove it (services reach it by name) or bind it to 127.0.0.1",
                    fix=bind_to_loopback(compose, port),
                    no_fix_reason="the port entry is shared through an anchor or written on one line with others",
                )
