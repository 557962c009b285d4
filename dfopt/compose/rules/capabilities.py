"""## What it does
Checks for a service that does not drop all Linux capabilities (`cap_drop: [ALL]`).

## Why is this bad?
Docker leaves 14 capabilities to root in a container by default, among them `NET_RAW` (forged
packets, ARP spoofing on the network), `DAC_OVERRIDE` (ignore file permissions), `CHOWN`,
`SETUID`, `MKNOD` and `SYS_CHROOT`. Most services need none of them, or a few: dropping all and
adding back the few is the least privilege the OWASP and CIS guides ask for.

## Example
```yaml
services:
  db:
    image: postgres:17
```

## Use instead
```yaml
services:
  db:
    image: postgres:17
    cap_drop:
      - ALL
    cap_add:   # what the official image's entrypoint uses before it drops to `postgres`
      - CHOWN
      - DAC_OVERRIDE
      - SETGID
      - SETUID
```

## Fix safety
The fix adds `cap_drop: [ALL]` (or `ALL` to an existing `cap_drop:` list); for the images dfopt
knows (postgres, mysql, mariadb, mongo, redis, valkey, rabbitmq) and a service without
`cap_add:`, it also adds the capabilities their official entrypoints use (docs/compose.md says
how that was established). It is unsafe: a service that binds a port below 1024 as root, changes
file ownership or switches users needs capabilities that are not in the file. No fix is offered
when `cap_drop:` is not a plain list or the service comes from an anchor.

## References
- [Docker docs: Linux capabilities](https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities)
- [OWASP Docker security cheat sheet, rule 3](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- CIS Docker Benchmark 5.3: ensure that Linux kernel capabilities are restricted within containers
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.edits import add_to_sequence, add_to_service
from dfopt.compose.fields import capability, list_items
from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile, Service
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Edit, Finding, Fix, Severity


def _fix(compose: ComposeFile, service: Service) -> Fix | None:
    existing = service.get("cap_drop")
    if existing is not None:
        edit = add_to_sequence(compose, existing, "ALL")
        return Fix((edit,), Applicability.UNSAFE, f"dropped all capabilities of `{service.name}`") if edit else None
    lines = ["cap_drop:", "  - ALL"]
    image = known_image(service)
    caps = image.entrypoint_caps if image else None
    if caps and service.get("cap_add") is None:
        lines += ["cap_add:", *(f"  - {cap}" for cap in caps)]
    edit: Edit | None = add_to_service(compose, service, lines)
    what = f"dropped all capabilities of `{service.name}`" + (", added back its entrypoint's" if len(lines) > 2 else "")
    return Fix((edit,), Applicability.UNSAFE, what) if edit else None


class CapabilitiesNotDropped(ComposeRule):
    code = "DC112"
    title = "capabilities not dropped"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if any(capability(text) == "ALL" for _, text in list_items(service, "cap_drop")):
                continue
            image = known_image(service)
            hint = (f"; its image's entrypoint needs {', '.join(image.entrypoint_caps)}"
                    if image and image.entrypoint_caps else "")
            yield self.report(
                compose,
                service.key,
                f"`{service.name}` keeps Docker's default capabilities; drop ALL and add back only what it "
                f"needs{hint}",
                fix=_fix(compose, service),
                no_fix_reason="`cap_drop:` is not a plain list, or the service comes from an anchor, or an override file shapes it too",
            )
