"""## What it does
Checks for a service with `network_mode: host` that publishes no ports.

## Why is this bad?
Host networking turns off the isolation Compose networks give: the container can reach every
service listening on the host's loopback interface, every port it opens is open on the host, and
service names of the project do not resolve from it. Most services need only a published port.

## Example
```yaml
services:
  api:
    image: example/api:1.4
    network_mode: host
```

## Use instead
```yaml
services:
  api:
    image: example/api:1.4
    ports:
      - "8080:8080"
```

## Fix safety
No fix: which ports the service needs, and whether it relies on the host's loopback services, is
not in the file.

## References
- [Docker docs: host network driver](https://docs.docker.com/engine/network/drivers/host/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile, items
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


class HostNetwork(ComposeRule):
    code = "DC104"
    title = "network_mode: host without published ports"
    severity = Severity.INFO

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if service.text("network_mode") != "host" or items(service.get("ports")):
                continue  # with ports, DC103 says more
            yield self.report(
                compose,
                service.fields["network_mode"].value,
                f"`{service.name}` uses network_mode: host: no network isolation from the host; publish "
                "the ports it needs instead unless it must see the host's interfaces",
                no_fix_reason="the ports the service needs are not in the file",
            )
