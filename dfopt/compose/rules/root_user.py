"""## What it does
Checks for `user: root` (or `0`, `0:0`, `root:root`) on a service.

## Why is this bad?
The file overrides the image's user to run as root. Root in a container is still uid 0 on the
host's kernel: any escape, writable host mount or missing capability drop lands as root. Images
that start as root to drop to their own user (the official databases) do not need this line.

## Example
```yaml
services:
  app:
    image: example/app:1.0
    user: root
```

## Use instead
Leave the image's user, or name an unprivileged one:
```yaml
    user: "1000:1000"
```

## Fix safety
No fix: the service may need root for something the file does not show.

## References
- [Compose file reference: user](https://docs.docker.com/reference/compose-file/services/#user)
- [OWASP Docker security cheat sheet, rule 2](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


class RootUser(ComposeRule):
    code = "DC120"
    title = "service runs as root on purpose"
    severity = Severity.INFO

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            user = (service.text("user") or "").strip()
            if user.split(":", 1)[0] not in ("root", "0"):
                continue
            yield self.report(
                compose,
                service.fields["user"].value,
                f"`{service.name}` runs as root (user: {user}); use the image's user or an unprivileged uid",
                no_fix_reason="the service may need root for something the file does not show",
            )
