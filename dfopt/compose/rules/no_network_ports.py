"""## What it does
Checks for a service with `network_mode: none` that lists `ports:`.

## Why is this bad?
With no network the container has only a loopback interface: Docker accepts the `ports:` and
discards them (no listener is created on the host), so the file promises a port that never opens.
Either the service was meant to be reachable, or the mapping is left over.

## Example
```yaml
services:
  worker:
    image: example/worker:2.0
    network_mode: none
    ports:
      - "8080:8080"
```

## Use instead
```yaml
services:
  worker:
    image: example/worker:2.0
    network_mode: none
```

## Why this is safe
The fix removes the `ports:` block, which the engine discards under `network_mode: none`: the
container has no interface to forward to, and no listener is created on the host (seen in the
build lab: `docker run --network none -p 18080:80` starts, warns nothing and publishes nothing).
The running service is the same with or without the lines.

## When dfopt refuses
- The service has a `deploy:` key: the file may be deployed as a swarm stack, where
  `network_mode` is ignored and `ports:` does publish; the fix is unsafe then.
- `network_mode: none` or `ports:` comes through an anchor, alias or `<<` merge key: the same
  text serves other services, where the ports may be real;
- `ports:` shares a line with other keys (a flow mapping): its lines cannot be removed alone;
- `network_mode` is written with a variable (`${NET_MODE}`): it is `none` only sometimes, and no
  finding is reported;
- the compose.override.yaml beside the file gives the service another `network_mode`: the rules
  see the two files merged, as Compose runs them, so the ports are real and nothing is reported.

## Fix safety
Safe, under the conditions above.

## References
- [Compose file reference: network_mode](https://docs.docker.com/reference/compose-file/services/#network_mode)
- [Docker docs: none network driver](https://docs.docker.com/engine/network/drivers/none/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.compose.rules.host_network_ports import discarded_ports
from dfopt.findings import Applicability, Finding, Severity


class PortsWithoutNetwork(ComposeRule):
    code = "DC121"
    title = "`ports:` on a service with network_mode: none"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        yield from discarded_ports(self, compose, "none", "network_mode: none discards",
                                   "`{name}` has no network (network_mode: none), so its `ports:` are "
                                   "discarded and nothing is published")
