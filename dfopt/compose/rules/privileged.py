"""## What it does
Checks for `privileged: true`.

## Why is this bad?
A privileged container gets every capability, every host device and no seccomp or AppArmor
profile: root in it is root on the host, one `mount` away from the host's disks. It is the widest
door Compose can open.

## Example
```yaml
services:
  agent:
    image: example/agent:2.0
    privileged: true
```

## Use instead
Grant only what the service uses, such as one capability or one device:
```yaml
services:
  agent:
    image: example/agent:2.0
    cap_add:
      - NET_ADMIN
    devices:
      - /dev/net/tun
```

## Fix safety
No fix: what the service does with its privileges is not in the file.

## References
- [Docker docs: runtime privilege and Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- [OWASP Docker security cheat sheet, rule 3](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- CIS Docker Benchmark 5.4: ensure that privileged containers are not used
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import is_true
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


class Privileged(ComposeRule):
    code = "DC110"
    title = "privileged container"
    severity = Severity.ERROR

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if is_true(service.get("privileged")):
                yield self.report(
                    compose,
                    service.fields["privileged"].value,
                    f"`{service.name}` runs privileged: every capability and host device, no seccomp "
                    "profile; grant only the capabilities or devices it uses",
                    no_fix_reason="what the service uses its privileges for is not in the file",
                )
