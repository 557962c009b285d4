"""## What it does
Finds `apk add` of packages without a version (`curl` rather than `curl=8.5.0-r0` or `curl~8.5`).

## Why is this bad?
Without a version, each build installs whatever the Alpine repository holds that day: two builds
of the same Dockerfile can differ, and a new package version can break the image unnoticed.

## Example
```dockerfile
RUN apk add --no-cache curl
```

## Use instead
```dockerfile
RUN apk add --no-cache curl=8.5.0-r0
```

## Fix safety
No fix: which version to pin is the author's choice. The name given to `--virtual`/`-t` is not a
package; a `.apk` file or a path counts as pinned.

## References
- Alpine wiki: apk, package pinning
- hadolint DL3018
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import unpinned_findings


def _pinned(package: str) -> bool:
    return "=" in package or "~" in package or "/" in package or package.endswith(".apk")


class ApkUnpinned(Rule):
    code = "DF112"
    title = "apk add without package versions"
    severity = Severity.WARNING
    hadolint = ("DL3018",)

    def check(self, ctx: CheckContext):
        yield from unpinned_findings(self, ctx.dockerfile, lambda i: i.tool == "apk" and i.action == "add",
                                     lambda i: i.operands, _pinned, "`package=version`")
