"""## What it does
Checks `security_opt:` for a disabled seccomp profile (`seccomp:unconfined`), AppArmor profile
(`apparmor:unconfined`) or SELinux labelling (`label:disable`).

## Why is this bad?
Docker's default seccomp profile blocks about 44 system calls that containers do not need and
that have been the way out of containers before (`keyctl`, `add_key`, `unshare`, `mount`, ...);
AppArmor and SELinux confine what root in the container can touch. Turning one off removes a
layer that stops kernel exploits and escapes.

## Example
```yaml
services:
  app:
    image: example/app:1.0
    security_opt:
      - seccomp:unconfined
```

## Use instead
Leave the default profile on; if one system call is missing, write a profile that allows it:
```yaml
    security_opt:
      - seccomp:./seccomp/app.json
```

## Fix safety
No fix: the service presumably needs something the profile blocks.

## References
- [Docker docs: seccomp security profiles](https://docs.docker.com/engine/security/seccomp/)
- [Docker docs: AppArmor security profiles](https://docs.docker.com/engine/security/apparmor/)
- CIS Docker Benchmark 5.1 and 5.21: AppArmor and seccomp profiles
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfopt.compose.fields import list_items
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity

_DISABLED = re.compile(r"(seccomp|apparmor)[:=]unconfined|label[:=]disable", re.I)


class SecurityProfileDisabled(ComposeRule):
    code = "DC119"
    title = "seccomp, AppArmor or SELinux confinement turned off"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            for node, text in list_items(service, "security_opt"):
                if _DISABLED.fullmatch(text.strip()):
                    yield self.report(
                        compose,
                        node,
                        f"`{service.name}` runs with `{text.strip()}`: a kernel-facing layer of confinement is off",
                        no_fix_reason="the service presumably needs something the profile blocks",
                    )
