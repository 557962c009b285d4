"""## What it does
Finds `pip install` of packages without a version (`flask` rather than `flask==3.0.3`), unless the
command installs from a requirements file (`-r`) or a constraints file (`-c`).

## Why is this bad?
Without a version, each build installs whatever the package index holds that day: two builds of
the same Dockerfile can differ, and a new release can break the image without any change to it.

## Example
```dockerfile
RUN pip install --no-cache-dir flask gunicorn
```

## Use instead
```dockerfile
RUN pip install --no-cache-dir flask==3.0.3 gunicorn==22.0.0
```
or `pip install -r requirements.txt` with pinned requirements.

## Fix safety
No fix: which version to pin is the author's choice. Paths (`.`, `./pkg`, `/src`), URLs, wheels,
archives and any version specifier (`==`, `>=`, `<`, `~=`, `!=`, `@`) count as pinned. A package
given by a variable (`pip install $CODE_PATH`) is not reported: its value, often a path, is only
known at build time (hadolint reports it).

## References
- pip documentation: requirement specifiers, repeatable installs
- hadolint DL3013
"""

from __future__ import annotations

import re

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import unpinned_findings

_SPECIFIER = re.compile(r"==|>=|<=|~=|!=|<|>|@|===")


def _pinned(package: str) -> bool:
    return bool(_SPECIFIER.search(package)) or "/" in package or package.startswith(".") or package.endswith(
        (".whl", ".tar.gz", ".zip", ".tgz")) or "$" in package


def _installs(inv) -> bool:
    return inv.tool == "pip" and inv.action == "install" and not inv.has_option(
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable")


class PipUnpinned(Rule):
    code = "DF113"
    title = "pip install without package versions"
    severity = Severity.WARNING
    hadolint = ("DL3013",)

    def check(self, ctx: CheckContext):
        yield from unpinned_findings(self, ctx.dockerfile, _installs, lambda i: i.operands, _pinned,
                                     "`package==version`, or a requirements file")
