"""## What it does
Checks for `pid: host` and `ipc: host`.

## Why is this bad?
`pid: host` shows the container every process on the host, and lets root in it signal or (with
`SYS_PTRACE`) trace them, reading their memory and environment, secrets included. `ipc: host`
shares the host's System V IPC and POSIX shared memory, which other processes use to exchange data.

## Example
```yaml
services:
  monitor:
    image: example/monitor:3.1
    pid: host
```

## Use instead
Leave both out; a monitoring agent that must see host processes belongs on the host, or gets an
API that exposes what it needs.

## Fix safety
No fix: the service presumably uses what it shares.

## References
- [Compose file reference: pid](https://docs.docker.com/reference/compose-file/services/#pid)
- [Compose file reference: ipc](https://docs.docker.com/reference/compose-file/services/#ipc)
- CIS Docker Benchmark 5.16 and 5.17: host process and IPC namespaces not shared
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity

_SHARED = {"pid": "every process on the host", "ipc": "the host's shared memory and IPC"}


class HostNamespace(ComposeRule):
    code = "DC116"
    title = "host PID or IPC namespace shared"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            for key, what in _SHARED.items():
                if (service.text(key) or "").lower() != "host":
                    continue
                yield self.report(
                    compose,
                    service.fields[key].value,
                    f"`{service.name}` shares the host's {key.upper()} namespace ({key}: host): it sees {what}",
                    no_fix_reason="the service presumably uses what it shares",
                )
