"""## What it does
Checks for a service without `no-new-privileges:true` in `security_opt:`.

## Why is this bad?
Without it a process in the container can gain privileges at `execve`: through a setuid-root
binary (`su`, `sudo`, `mount`, `passwd` are in most base images) or file capabilities. An attacker
who gets code running as the app's user can climb to root that way.

## Example
```yaml
services:
  api:
    image: example/api:1.4
```

## Use instead
```yaml
services:
  api:
    image: example/api:1.4
    security_opt:
      - no-new-privileges:true
```

## Fix safety
The fix adds the option (to `security_opt:`, or a new `security_opt:` at the end of the
service). It is unsafe: a service that runs `sudo`, `su` or another setuid program after it
starts loses that. Entrypoints that start as root and drop to a user with gosu or su-exec are not
affected (dropping privileges is not gaining them). No fix is offered when the file turns the
option off on purpose (`no-new-privileges:false`), when `security_opt:` is not a plain list, or
when the service comes from an anchor.

## References
- [Docker docs: security options](https://docs.docker.com/reference/cli/docker/container/run/#security-opt)
- [OWASP Docker security cheat sheet, rule 4](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- CIS Docker Benchmark 5.26: ensure that the container is restricted from acquiring additional privileges
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfopt.compose.edits import add_to_sequence, add_to_service
from dfopt.compose.fields import list_items
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Finding, Fix, Severity

_OPTION = re.compile(r"no-new-privileges(?:[:=](\w+))?", re.I)
_OPTION_LINE = "no-new-privileges:true"


class NoNewPrivileges(ComposeRule):
    code = "DC111"
    title = "no-new-privileges not set"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            values = [m.group(1) for _, text in list_items(service, "security_opt")
                      if (m := _OPTION.fullmatch(text.strip()))]
            if any(v is None or v.lower() == "true" for v in values):
                continue
            reason = "the file turns it off on purpose" if values else (
                "`security_opt:` is not a plain list, or the service comes from an anchor, or an override file shapes it too")
            edit = None
            if not values:
                existing = service.get("security_opt")
                edit = (add_to_sequence(compose, existing, _OPTION_LINE) if existing is not None
                        else add_to_service(compose, service, ["security_opt:", f"  - {_OPTION_LINE}"]))
            fix = Fix((edit,), Applicability.UNSAFE, f"set no-new-privileges on `{service.name}`") if edit else None
            yield self.report(
                compose,
                service.key,
                f"`{service.name}` does not set no-new-privileges: a setuid binary in the container can "
                "raise a process to root",
                fix=fix,
                no_fix_reason=reason,
            )
