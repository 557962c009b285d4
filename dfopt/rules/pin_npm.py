"""## What it does
Finds `npm install <package>` (also `npm i`, `npm add`) of packages without a version (`pm2`
rather than `pm2@5.3.1`). A bare `npm install` (the project's own dependencies) is not concerned.

## Why is this bad?
Without a version, each build installs the package's newest release: two builds of the same
Dockerfile can differ, and a new major version can break the image without any change to it.

## Example
```dockerfile
RUN npm install -g pm2
```

## Use instead
```dockerfile
RUN npm install -g pm2@5.3.1
```

## Fix safety
No fix: which version to pin is the author's choice. Paths, tarballs, git and URL specifiers count
as pinned; a scoped package (`@scope/pkg`) needs its own `@version`. A package given by a
variable is not reported: its value is only known at build time.

## References
- npm documentation: npm install, package specifiers
- hadolint DL3016
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import unpinned_findings


def _pinned(package: str) -> bool:
    if package.startswith(("@",)):
        return "@" in package[1:]
    return "@" in package or "/" in package or ":" in package or package.startswith(".") or package.endswith(
        (".tgz", ".tar.gz")) or "$" in package


class NpmUnpinned(Rule):
    code = "DF114"
    title = "npm install of packages without versions"
    severity = Severity.WARNING
    hadolint = ("DL3016",)

    def check(self, ctx: CheckContext):
        yield from unpinned_findings(self, ctx.dockerfile, lambda i: i.tool == "npm" and i.action == "install",
                                     lambda i: i.operands, _pinned, "`package@version`")
