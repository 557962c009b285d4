"""## What it does
Checks for a stateful service (postgres, mysql, mariadb, mongo, elasticsearch, rabbitmq, redis with
persistence turned on, ...) that mounts no named volume or host directory on its data path.

## Why is this bad?
Without a volume the data lives in the container's writable layer or in an anonymous volume: `docker
compose down` followed by `up`, or a new image, starts the database empty.

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
    volumes:
      - db-data:/var/lib/postgresql/data
volumes:
  db-data:
```

## Fix safety
No fix: where the data should live (a named volume, a host directory, a volume that already holds
the data) is the owner's decision.

## References
- [Compose file reference: volumes](https://docs.docker.com/reference/compose-file/services/#volumes)
- [Docker docs: volumes](https://docs.docker.com/engine/storage/volumes/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import mounts
from dfopt.compose.images import keeps_data, known_image
from dfopt.compose.model import ComposeFile, Service
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


def _covers(target: str, path: str) -> bool:
    """A mount at the path, above it, or below it (a PGDATA subdirectory) keeps the data."""
    target, path = target.rstrip("/") or "/", path.rstrip("/")
    return target == path or path.startswith(target + "/") or target.startswith(path + "/")


def _persisted(service: Service, data_paths: tuple[str, ...]) -> bool:
    if service.get("volumes_from") is not None:
        return True  # the volumes come from elsewhere: cannot tell
    kept = [m.target for m in mounts(service) if m.kind in ("volume", "bind")]
    return any(_covers(target, path) for target in kept for path in data_paths)


class DataWithoutVolume(ComposeRule):
    code = "DC102"
    title = "stateful service without a volume on its data path"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            image = known_image(service)
            if image is None or not keeps_data(service, image) or _persisted(service, image.data_paths):
                continue
            yield self.report(
                compose,
                service.key,
                f"{image.role} `{service.name}` keeps its data in {image.data_paths[0]} but mounts no "
                "named volume or host directory there; the data is lost when the container is recreated",
                no_fix_reason="choosing where the data lives is the owner's decision",
            )
