"""## What it does
Finds `apt-get install` of packages without a version (`curl` rather than `curl=7.88.1-10`).

## Why is this bad?
Without a version, each build installs whatever the archive holds that day: two builds of the same
Dockerfile can differ, and a new package version can break the image without any change to it.
A pinned version also makes the layer's cache key change when the version is bumped.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5
```

## Fix safety
No fix: which version to pin is the author's choice (and Debian archives drop old versions).
A package given as a path (`./pkg.deb`) or with a release (`curl/bookworm-backports`) counts as
pinned, as in hadolint. Teams that prefer tracking the archive ignore it with `--ignore DF111`.

## References
- Dockerfile best practices: apt-get, version pinning
- hadolint DL3008
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import unpinned_findings


def _pinned(package: str) -> bool:
    return "=" in package or "/" in package or package.endswith(".deb")


class AptUnpinned(Rule):
    code = "DF111"
    title = "apt-get install without package versions"
    severity = Severity.WARNING
    hadolint = ("DL3008",)

    def check(self, ctx: CheckContext):
        yield from unpinned_findings(self, ctx.dockerfile, lambda i: i.tool == "apt-get" and i.action == "install",
                                     lambda i: i.operands, _pinned, "`package=version`")
