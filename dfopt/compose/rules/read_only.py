"""## What it does
Checks for a service whose root filesystem is writable (no `read_only: true`).

## Why is this bad?
With a writable root an attacker who gets code running can replace the service's own binaries
and scripts, drop tools and keep a foothold until the container is recreated. With `read_only:
true` only the volumes and tmpfs mounts the service declares can be written, which also
documents where it writes.

## Example
```yaml
services:
  cache:
    image: redis:7
```

## Use instead
```yaml
services:
  cache:
    image: redis:7
    read_only: true
    tmpfs:
      - /tmp
```

## Fix safety
The fix adds `read_only: true`; for the images dfopt knows the write paths of (postgres, mysql,
mariadb, mongo, redis, valkey) and a service without `tmpfs:`, it also mounts a tmpfs on each
(`/var/run/postgresql` and `/tmp` for postgres, ...). It is unsafe: a service that writes
anywhere else (a cache folder, a PID file, a generated config) fails with "Read-only file
system". No fix is offered when the file sets `read_only: false` on purpose or the service comes
from an anchor.

## References
- [Compose file reference: read_only](https://docs.docker.com/reference/compose-file/services/#read_only)
- [OWASP Docker security cheat sheet, rule 8](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- CIS Docker Benchmark 5.12: ensure that the container's root filesystem is mounted as read only
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.edits import add_to_service
from dfopt.compose.fields import is_true
from dfopt.compose.images import known_image
from dfopt.compose.model import ComposeFile, Service
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Finding, Fix, Severity


def _fix(compose: ComposeFile, service: Service) -> Fix | None:
    if "read_only" in service.fields:
        return None  # read_only: false, written on purpose
    lines = ["read_only: true"]
    image = known_image(service)
    if image and image.scratch_paths and service.get("tmpfs") is None:
        lines += ["tmpfs:", *(f"  - {path}" for path in image.scratch_paths)]
    edit = add_to_service(compose, service, lines)
    return Fix((edit,), Applicability.UNSAFE, f"made the root filesystem of `{service.name}` read-only") if edit else None


class WritableRootFilesystem(ComposeRule):
    code = "DC113"
    title = "writable root filesystem"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if is_true(service.get("read_only")):
                continue
            yield self.report(
                compose,
                service.key,
                f"`{service.name}` can write anywhere in its root filesystem; set `read_only: true` and "
                "mount tmpfs or volumes where it writes",
                fix=_fix(compose, service),
                no_fix_reason="the file sets `read_only: false`, or the service comes from an anchor, or an override file shapes it too",
            )
