"""## What it does
Checks `cap_add:` for capabilities that reach past the container: `ALL`, `SYS_ADMIN`,
`SYS_MODULE`, `SYS_RAWIO`, `NET_ADMIN`, `BPF`, `SYS_BOOT`, `SYS_PTRACE`, `DAC_READ_SEARCH`,
`PERFMON`, `SYS_TIME`, `SYS_NICE`, `IPC_LOCK`, `LEASE`, `SYSLOG`.

## Why is this bad?
These are not the small grants a service needs to start: `SYS_ADMIN` is close to root on the
host (mounts, namespaces), `SYS_MODULE` loads kernel code, `SYS_RAWIO` reads raw memory and
disks, `NET_ADMIN` reconfigures networking, `SYS_PTRACE` and `DAC_READ_SEARCH` read other
processes and any file, `SYS_TIME` sets the host's clock, `SYSLOG` reads the kernel log.

## Example
```yaml
services:
  vpn:
    image: example/vpn:1.0
    cap_add:
      - SYS_ADMIN
```

## Use instead
The narrowest grant that works, with a comment saying why (a VPN client needs `NET_ADMIN` and
`/dev/net/tun`, not `SYS_ADMIN`):
```yaml
    cap_add:
      - NET_ADMIN   # creates the tun interface
```

## Fix safety
No fix: the service presumably uses the capability.

## References
- [Linux capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
- [OWASP Docker security cheat sheet, rule 3](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import capability, list_items
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity

DANGEROUS = {
    "ALL": "every capability",
    "SYS_ADMIN": "mounts and namespaces: close to root on the host",
    "SYS_MODULE": "loading kernel modules",
    "SYS_RAWIO": "raw access to memory and disks",
    "NET_ADMIN": "reconfiguring interfaces, routes and firewalls",
    "BPF": "loading BPF programs into the kernel",
    "SYS_BOOT": "rebooting the host",
    "SYS_PTRACE": "tracing other processes and reading their memory",
    "DAC_READ_SEARCH": "reading any file, past permissions",
    "PERFMON": "kernel performance monitoring",
    "SYS_TIME": "setting the host's clock",
    "SYS_NICE": "raising priorities above other workloads",
    "IPC_LOCK": "locking memory the host cannot reclaim",
    "LEASE": "file leases on host files",
    "SYSLOG": "reading the kernel log",
}


class DangerousCapability(ComposeRule):
    code = "DC117"
    title = "capability that reaches past the container"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            for node, text in list_items(service, "cap_add"):
                name = capability(text)
                if name in DANGEROUS:
                    yield self.report(
                        compose,
                        node,
                        f"`{service.name}` adds {name} ({DANGEROUS[name]}); grant the narrowest capability that works",
                        no_fix_reason="the service presumably uses the capability",
                    )
