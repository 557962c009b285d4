"""## What it does
Checks for a service whose logging driver is `none`.

## Why is this bad?
With `driver: none` the container's output is thrown away: `docker compose logs` shows nothing,
and an intrusion, a crash loop or a failed migration leaves no trace to investigate.

## Example
```yaml
services:
  worker:
    image: example/worker:2.0
    logging:
      driver: none
```

## Use instead
Keep a driver, with rotation if disk space is the worry:
```yaml
    logging:
      driver: local
      options:
        max-size: 10m
```

## Fix safety
No fix: the logs were turned off on purpose, and which driver and limits fit is the owner's choice.

## References
- [Compose file reference: logging](https://docs.docker.com/reference/compose-file/services/#logging)
- [OWASP Docker security cheat sheet, rule 10](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile, entries, scalar
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


class LoggingDisabled(ComposeRule):
    code = "DC124"
    title = "logging turned off"
    severity = Severity.INFO

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            driver = entries(service.get("logging")).get("driver")
            node = driver.value if driver else service.get("log_driver")
            if (scalar(node) or "").lower() != "none":
                continue
            yield self.report(
                compose,
                node,
                f"`{service.name}` throws its logs away (logging driver none): nothing to investigate after "
                "an incident",
                no_fix_reason="the logs were turned off on purpose",
            )
