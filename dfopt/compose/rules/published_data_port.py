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
from typing import TYPE_CHECKING

from dfopt.compose.fields import Port, ports, reachable_from_outside
from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile, entries, scalar
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Edit, Finding, Fix, Severity

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml


def _long_syntax_fix(compose: ComposeFile, port: Port) -> Fix | None:
    """Set `host_ip: 127.0.0.1` in a block mapping: replace a wildcard value, or add the key on a
    line of its own after the last one, indented like the others."""
    import yaml

    fields = entries(port.node)
    message = f"bound port {port.target} to 127.0.0.1"
    if "host_ip" in fields:
        value = fields["host_ip"].value
        if not isinstance(value, yaml.ScalarNode):
            return None
        edit = Edit(value.start_mark.index, value.end_mark.index, "127.0.0.1")
        return Fix((edit,), Applicability.UNSAFE, message)
    if port.node.flow_style or not fields:
        return None
    last = compose.entry_lines(list(fields.values())[-1])
    if last is None:
        return None
    end = last[1]
    newline = "\r\n" if compose.text.endswith("\r\n", 0, end) else "\n"
    prefix = "" if compose.text.endswith("\n", 0, end) else newline  # the last line had no newline
    indent = " " * port.node.value[0][0].start_mark.column
    return Fix((Edit(end, end, f"{prefix}{indent}host_ip: 127.0.0.1{newline}"),), Applicability.UNSAFE, message)


def _loopback_fix(compose: ComposeFile, port: Port) -> Fix | None:
    if not compose.editable(port.node):
        return None
    if not port.short:
        return _long_syntax_fix(compose, port)
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
                    fix=_loopback_fix(compose, port),
                    no_fix_reason="the port entry is shared through an anchor or written on one line with others",
                )
