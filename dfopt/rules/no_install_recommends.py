"""## What it does
Finds `apt-get install` (or `apt install`) without `--no-install-recommends` and adds it.

## Why is this bad?
By default apt also installs every package that the requested ones merely *recommend*: often
hundreds of megabytes of documentation, X11 libraries or compilers that the image never uses.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Unsafe: a recommended package may be one the image needs. The classic case: `curl` and `wget`
recommend `ca-certificates`; without it they cannot verify HTTPS servers. After applying the fix,
name such packages explicitly. Installs that already pass `-o APT::Install-Recommends=false` (or
files that configure it) are left alone.

## References
- apt.conf(5): `APT::Install-Recommends`
- hadolint DL3015
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import option_findings
from dfopt.shell.commands import APT_TOOLS

# apt.conf syntax written by the file (`echo 'APT::Install-Recommends "0";' > ...`).
_CONFIGURED = re.compile(r"Install-Recommends\s+\\?[\"']", re.IGNORECASE)


def _wants(run, inv) -> bool:
    if inv.tool not in APT_TOOLS or inv.action != "install":
        return False
    if inv.has_option("--no-install-recommends"):
        return False
    return not any("install-recommends" in v.lower() for v in inv.option_values("-o") + inv.option_values("--option"))


class MissingNoInstallRecommends(Rule):
    code = "DF109"
    title = "apt-get install without --no-install-recommends"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3015",)

    def check(self, ctx: CheckContext):
        if _CONFIGURED.search(ctx.dockerfile.text):
            return
        yield from option_findings(
            self, ctx.dockerfile, _wants, "--no-install-recommends",
            "apt-get install also installs recommended packages; --no-install-recommends keeps the "
            "image small, but check that nothing needed was only recommended (curl needs "
            "ca-certificates for HTTPS)", Applicability.UNSAFE)
