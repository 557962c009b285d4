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

## Why this is safe
With `network_mode: host` the engine publishes no port: the container's sockets are the host's,
and `docker compose up` drops the mappings. The only trace of `ports:` is in `docker compose
config` and `docker compose port`, which report mappings that never existed.

## When dfopt refuses
- The service has a `deploy:` key: the file may be deployed as a swarm stack, where
  `network_mode` is ignored and `ports:` does publish (through the routing mesh); the fix is
  unsafe then.
- `ports:` shares its lines with other keys, or comes from an anchor or merge key: no fix.

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
        yield from discarded_ports(self, compose, "host", "host networking ignores",
                                   "`{name}` uses network_mode: host, so its `ports:` are ignored and every "
                                   "port it listens on is open on the host")


def discarded_ports(rule: ComposeRule, compose: ComposeFile, mode: str, why: str,
                    message: str) -> Iterator[Finding]:
    """`ports:` on services whose `network_mode` makes the engine discard them (host, none): the fix
    removes the block, safe unless a `deploy:` key says the file may run as a swarm stack, which
    ignores `network_mode` and does publish the ports. `message` names the service as `{name}`."""
    for service in compose.services:
        if service.text("network_mode") != mode or not items(service.get("ports")):
            continue
        entry = service.fields["ports"]
        lines = compose.entry_lines(entry) if compose.editable(entry) else None
        fix = None
        if lines:
            swarm = "deploy" in service.fields
            fix = Fix((Edit(*lines, ""),), Applicability.UNSAFE if swarm else Applicability.SAFE,
                      f"removed `ports:`, which {why}"
                      + (" (unsafe: as a swarm stack, network_mode is ignored and the ports publish)" if swarm else ""))
        yield rule.report(compose, entry.key, message.format(name=service.name), fix=fix,
                          no_fix_reason="`ports:` shares its lines with other keys or comes from an anchor")
