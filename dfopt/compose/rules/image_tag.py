"""## What it does
Checks for images without a tag or with the `latest` tag.

## Why is this bad?
`latest` is whatever was pushed last: a `docker compose pull` months later can bring a new major
version of the database, whose data files the old volume may not fit. The file no longer says what
runs.

## Example
```yaml
services:
  db:
    image: postgres
```

## Use instead
```yaml
services:
  db:
    image: postgres:17.2
```
(or pin a digest: `postgres:17.2@sha256:...`)

## Fix safety
No fix: which version was meant is not in the file.

## References
- [Compose file reference: image](https://docs.docker.com/reference/compose-file/services/#image)
- [Docker docs: image tags](https://docs.docker.com/reference/cli/docker/image/tag/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.fields import parse_image
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity


class ImageTag(ComposeRule):
    code = "DC108"
    title = "image without a tag, or tagged latest"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            image = service.image
            if not image or "$" in image or service.get("build") is not None:
                continue  # with `build:`, `image:` names what is built here
            ref = parse_image(image)
            if ref.digest or (ref.tag and ref.tag != "latest"):
                continue
            problem = "the `latest` tag" if ref.tag else "no tag (so `latest`)"
            yield self.report(
                compose,
                service.fields["image"].value,
                f"`{service.name}` uses image {image} with {problem}; pin a version",
                no_fix_reason="which version was meant is not in the file",
            )
