"""## What it does
Finds a `FROM` whose image is tagged `latest` (without a digest).

## Why is this bad?
`latest` moves with every release: the build changes under the Dockerfile, and two machines may
build different images. A version tag (or a digest) keeps the base fixed until it is bumped.

## Example
```dockerfile
FROM node:latest
```

## Use instead
```dockerfile
FROM node:20-bookworm-slim
```

## Fix safety
No fix: which version to pin is the author's choice.

## References
- Dockerfile best practices: FROM, pin base image versions
- hadolint DL3007
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.untagged_image import image_reference, split_reference


class LatestTag(Rule):
    code = "DF302"
    title = "FROM an image tagged latest"
    severity = Severity.WARNING
    hadolint = ("DL3007",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for stage in df.stages:
            image, start, end = image_reference(df, stage)
            _, tag, digest = split_reference(image)
            if tag == "latest" and not digest:
                yield self.finding(start, end, f"`{image}` follows every release: pin a version")
