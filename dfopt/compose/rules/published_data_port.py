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
The fix binds the port to 127.0.0.1. It is unsafe: clients on other hosts (or in containers
outside this project) lose access, which is the point but may be relied on. No fix is offered for
the long syntax or for ports shared through an anchor.

## References
- [Compose file reference: ports](https://docs.docker.com/reference/compose-file/services/#ports)
- [Docker and ufw](https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import Port, ports, reachable_from_outside
from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile, scalar
from dfopt.rules.base import Applicability, Edit, Finding, Fix, Severity

CODE = "DC101"
NAME = "published-data-port"
SEVERITY = Severity.WARNING


def _loopback_fix(compose: ComposeFile, port: Port) -> Fix | None:
    if not port.short or not compose.editable(port.node):
        return None
    text = scalar(port.node)
    if port.host_ip is None:
        new = f"127.0.0.1:{text}" if port.published else f"127.0.0.1::{text}"
    else:
        ip = f"[{port.host_ip}]" if text.startswith("[") else port.host_ip
        new = "127.0.0.1" + text[len(ip) :]
    start, end = port.node.start_mark.index, port.node.end_mark.index
    if port.node.style in ("'", '"'):
        start, end = start + 1, end - 1
        if compose.text[start:end] != text:
            return None  # escapes inside the quotes: the text is not the value
        replacement = new
    else:
        replacement = f'"{new}"'
    return Fix((Edit(start, end, replacement),), Applicability.UNSAFE, f"bound port {text} to 127.0.0.1")


def check(compose: ComposeFile) -> Iterator[Finding]:
    for service in compose.services:
        image = known_image(service)
        if image is None:
            continue
        for port in ports(service):
            if not reachable_from_outside(port):
                continue
            yield compose.finding(
                CODE,
                f"{image.role} `{service.name}` publishes port {port.target} on every host interface; "
                "remove it (services reach it by name) or bind it to 127.0.0.1",
                SEVERITY,
                port.node,
                fix=_loopback_fix(compose, port),
                no_fix_reason="long-syntax or shared port entries are not rewritten",
            )
