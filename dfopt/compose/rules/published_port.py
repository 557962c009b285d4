"""## What it does
Checks for a port published on every interface of the host by a service that is not a database
or cache (those are DC101's).

## Why is this bad?
`ports: ["8080:80"]` listens on 0.0.0.0: anyone who can reach the host can reach the service,
and Docker's own firewall rules bypass host firewalls such as ufw and firewalld. On a laptop or a
shared server that is rarely what was meant; behind a reverse proxy the service needs only
loopback.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    ports:
      - "127.0.0.1:8080:80"
```

## Fix safety
The fix binds the port to 127.0.0.1 (`host_ip:` in the long syntax). It is unsafe: clients on
other hosts lose access, which a public web server needs. No fix is offered for a port shared
through an anchor or written on one line with others.

## References
- [Compose file reference: ports](https://docs.docker.com/reference/compose-file/services/#ports)
- [Docker and ufw](https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw)
- CIS Docker Benchmark 5.14: ensure that incoming container traffic is bound to a specific host interface
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.edits import bind_to_loopback
from dfopt.compose.fields import ports, reachable_from_outside
from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Finding, Severity


class PortOnEveryInterface(ComposeRule):
    code = "DC114"
    title = "port published on every host interface"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if known_image(service) is not None or service.text("network_mode") in ("host", "none"):
                continue  # DC101 for databases; DC103 and DC121 where ports are ignored
            for port in ports(service):
                if not reachable_from_outside(port):
                    continue
                yield self.report(
                    compose,
                    port.node,
                    f"`{service.name}` publishes port {port.target} on every host interface, past host "
                    "firewalls; bind it to 127.0.0.1 unless other hosts must reach it",
                    fix=bind_to_loopback(compose, port),
                    no_fix_reason="the port entry is shared through an anchor or written on one line with others",
                )
