"""## What it does
Finds `FROM --platform=VALUE` where VALUE is a constant (`linux/amd64`), not a build variable.

## Why is this bad?
A constant platform pins the stage to one architecture whatever platform the image is built for:
`docker buildx build --platform linux/arm64` then runs that stage under emulation, or ships an
amd64 binary in an arm64 image. Multi-platform builds expect `--platform=$BUILDPLATFORM` (tools
that run on the builder) or no flag at all (the target platform).

## Example
```dockerfile
FROM --platform=linux/amd64 node:20-slim
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM node:20-slim AS build
FROM node:20-slim
```

## Fix safety
No fix: whether the stage is a builder tool (`$BUILDPLATFORM`) or part of the image (no flag) is
the author's choice. A value that uses any build variable (`linux/${TARGETARCH}`, `$PLATFORM`) is
the author's own build-time choice and is not reported; hadolint reports every value but
`$BUILDPLATFORM` and `$TARGETPLATFORM`.

## References
- Dockerfile reference: FROM --platform, automatic platform ARGs
- hadolint DL3029
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax.words import strip_quotes


def platform_flag(stage):
    """The `--platform` flag of a stage's FROM and its value without quotes, or None."""
    flag = stage.from_.flag("platform")
    if flag is None or flag.value is None:
        return None
    return flag, strip_quotes(flag.value)


class ConstantPlatform(Rule):
    code = "DF309"
    title = "FROM --platform with a constant platform"
    severity = Severity.WARNING
    hadolint = ("DL3029",)

    def check(self, ctx: CheckContext):
        for stage in ctx.dockerfile.stages:
            found = platform_flag(stage)
            if found is None:
                continue
            flag, value = found
            if value and "$" not in value:
                yield self.finding(flag.start, flag.end, f"`{value}` fixes this stage's platform for every build: "
                                                         "use $BUILDPLATFORM or no --platform")
