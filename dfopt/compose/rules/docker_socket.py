"""## What it does
Checks for a bind mount of the Docker socket (`/var/run/docker.sock`, `/run/docker.sock`).

## Why is this bad?
Whoever can talk to the socket controls the Docker engine, and through it the host as root: a
compromised container with the socket can start a privileged container that mounts `/`. `:ro` does
not help; it protects the socket file, not the API.

## Example
```yaml
services:
  agent:
    image: example/agent:2.0
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
```

## Use instead
Do without it, or put a filtering proxy in front that allows only the API calls the service needs,
or use rootless Docker. If the service truly manages containers, say so in a comment and accept the
finding.

## Fix safety
No fix: the service presumably uses the socket.

## References
- [Docker docs: protect the Docker daemon socket](https://docs.docker.com/engine/security/protect-access/)
- [OWASP Docker security cheat sheet, rule 1](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import mounts
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity

_SOCKETS = {"/var/run/docker.sock", "/run/docker.sock"}


class DockerSocket(ComposeRule):
    code = "DC109"
    title = "Docker socket mounted into a container"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            for mount in mounts(service):
                if mount.kind == "bind" and (mount.source or "").rstrip("/") in _SOCKETS:
                    yield self.report(
                        compose,
                        mount.node,
                        f"`{service.name}` mounts the Docker socket: full control of the engine, and so "
                        "root on the host, for anyone who takes over this container",
                        no_fix_reason="the service presumably uses the socket",
                    )
