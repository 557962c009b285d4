"""## What it does
Checks for a service with `network_mode: host` that also lists `ports:`.

## Why is this bad?
In host mode the container uses the host's network stack: every port it listens on is open on the
host, and `ports:` is ignored. The file suggests a mapping (and maybe a restriction to one port or
to 127.0.0.1) that does not happen.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    network_mode: host
    ports:
      - "127.0.0.1:8080:80"
```

## Use instead
Drop `network_mode: host` and keep the mapping, or drop `ports:` and accept host networking:
```yaml
services:
  web:
    image: nginx:1.27
    ports:
      - "127.0.0.1:8080:80"
```

## Fix safety
The fix removes the `ports:` block, which Docker ignores in host mode, so nothing changes at run
time; it is safe. It is not offered when `ports:` shares a line with other keys or comes from an
anchor.

## References
- [Compose file reference: network_mode](https://docs.docker.com/reference/compose-file/services/#network_mode)
- [Docker docs: host network driver](https://docs.docker.com/engine/network/drivers/host/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile, items
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Edit, Finding, Fix, Severity


class HostNetworkPorts(ComposeRule):
    code = "DC103"
    title = "`ports:` ignored under network_mode: host"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if service.text("network_mode") != "host" or not items(service.get("ports")):
                continue
            entry = service.fields["ports"]
            lines = compose.entry_lines(entry) if compose.editable(entry) else None
            fix = None
            if lines:
                fix = Fix((Edit(*lines, ""),), Applicability.SAFE, "removed `ports:`, which host networking ignores")
            yield self.report(
                compose,
                entry.key,
                f"`{service.name}` uses network_mode: host, so its `ports:` are ignored and every port it "
                "listens on is open on the host",
                fix=fix,
                no_fix_reason="`ports:` shares its lines with other keys or comes from an anchor",
            )
