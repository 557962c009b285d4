"""## What it does
Finds `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`), and removes the flag.

## Why is this bad?
A stage is built for the target platform when its FROM has no `--platform`: the flag says what
BuildKit does anyway and makes the reader look for a difference that is not there.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM debian:12-slim
```

## Use instead
```dockerfile
FROM debian:12-slim
```

## Fix safety
Unsafe: a build run with `--build-arg TARGETPLATFORM=...` picks the base image's platform by that
value while the flag is there, and by the build's own target platform once it is gone. Without
such a build argument the two files build the same image.

The value is read without its quotes, as BuildKit reads it: `--platform="$TARGETPLATFORM"` is
reported too (hadolint does not).

## References
- Dockerfile reference: FROM --platform, automatic platform ARGs
- hadolint DL3065
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.platform_constant import platform_flag

_DEFAULT = ("$TARGETPLATFORM", "${TARGETPLATFORM}")


class DefaultPlatform(Rule):
    code = "DF311"
    title = "FROM --platform=$TARGETPLATFORM is the default"
    severity = Severity.STYLE
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3065",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for stage in df.stages:
            found = platform_flag(stage)
            if found is None or found[1] not in _DEFAULT:
                continue
            flag = found[0]
            end = flag.end
            while end < len(df.text) and df.text[end] in " \t":
                end += 1
            fix = Fix((Edit(flag.start, end, ""),), Applicability.UNSAFE, "removed `--platform`, the target platform "
                      "is the default (unless a build passes --build-arg TARGETPLATFORM)")
            yield self.finding(flag.start, flag.end, "a stage is built for the target platform without this flag: "
                                                     "remove it", fix)
