"""## What it does
Checks for a database, cache, search engine or broker whose data path is a bind mount of a host
folder (`./pgdata:/var/lib/postgresql/data`) instead of a named volume.

## Why is this bad?
The image's entrypoint chowns the folder to its own user (uid 999, 70, ...), so the host folder
ends up owned by a uid that means nothing on the host, and `git clean`, a backup script or the
next checkout can delete or corrupt it. On Docker Desktop a bind mount is also much slower than a
volume for database I/O. A named volume is managed by Docker (`docker volume ls`, backups with
`docker run --volumes-from`), has the right ownership from the image, and is what the images'
own documentation uses.

## Example
```yaml
services:
  db:
    image: postgres:17
    volumes:
      - ./pgdata:/var/lib/postgresql/data
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
No fix: the data already in the host folder would not move into a new volume, and starting the
database on an empty one looks like data loss.

## References
- [Docker docs: volumes](https://docs.docker.com/engine/storage/volumes/)
- [Docker docs: bind mounts](https://docs.docker.com/engine/storage/bind-mounts/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import mounts
from dfopt.compose.images import keeps_data, known_image
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


def _covers(target: str, path: str) -> bool:
    target, path = target.rstrip("/") or "/", path.rstrip("/")
    return target == path or path.startswith(target + "/") or target.startswith(path + "/")


class DataBindMount(ComposeRule):
    code = "DC123"
    title = "bind mount where a named volume belongs"
    severity = Severity.INFO

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            image = known_image(service)
            if image is None or not image.data_paths or not keeps_data(service, image):
                continue
            for mount in mounts(service):
                if mount.kind != "bind" or not any(_covers(mount.target, p) for p in image.data_paths):
                    continue
                yield self.report(
                    compose,
                    mount.node,
                    f"{image.role} `{service.name}` keeps its data in the host folder {mount.source}; a named "
                    "volume keeps the image's ownership and is managed by Docker",
                    no_fix_reason="the data already in the host folder would not move to a new volume",
                )
