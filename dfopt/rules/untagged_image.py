"""## What it does
Finds a `FROM` whose image has neither a tag nor a digest (`FROM debian`), other than `scratch` and
earlier stages of the file.

## Why is this bad?
An image without a tag means `latest`: whatever the publisher last pushed. The build changes under
the Dockerfile when a new release comes out, and two machines may build different images.

## Example
```dockerfile
FROM debian
```

## Use instead
```dockerfile
FROM debian:12-slim
```

## Fix safety
No fix: which version to pin is the author's choice. An image reference holding a variable
(`FROM $BASE`, `FROM ${PREFIX}busybox`) is chosen at build time and is not reported, as in hadolint.

## References
- Dockerfile best practices: FROM, pin base image versions
- hadolint DL3006
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule

def image_reference(df, stage) -> tuple[str, int, int]:
    """The stage's image as written, and its span."""
    ins = stage.from_
    words = [w for w in ins.args.split() if not w.startswith("--")]
    image = words[0] if words else ""
    at = ins.args.find(image)
    start = ins.arguments.source_offset(at)
    end = ins.arguments.source_offset(at + len(image))
    return image, start, end


def split_reference(image: str) -> tuple[str, str | None, str | None]:
    """name, tag, digest of an image reference (`registry:5000/a/b:1.2@sha256:...`)."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        tag = last.rsplit(":", 1)[1]
        name = name[: len(name) - len(tag) - 1]
    return name, tag, digest or None


class UntaggedImage(Rule):
    code = "DF301"
    title = "FROM an image without a tag"
    severity = Severity.WARNING
    hadolint = ("DL3006",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        names: set[str] = set()
        for stage in df.stages:
            image, start, end = image_reference(df, stage)
            name, tag, digest = split_reference(image)
            earlier = name.lower() in names
            if stage.name:
                names.add(stage.name.lower())
            if not image or "$" in image or name.lower() == "scratch" or tag or digest or earlier:
                continue
            yield self.finding(start, end, f"`{image}` has no tag: it means `latest`; pin a version")
