"""## What it does
Finds `zypper dist-upgrade` (`zypper dup`) in a RUN.

## Why is this bad?
`dist-upgrade` moves the whole system to whatever the repositories hold that day, and may
change package vendors or the distribution release: the image no longer is the base image plus
your packages, two builds of one Dockerfile differ, and the layer holds a second copy of
every upgraded file. Use a newer base image instead (and `zypper patch` or `zypper update`
with versions for single fixes).

## Example
```dockerfile
FROM opensuse/leap:15.5
RUN zypper --non-interactive dist-upgrade
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
```

## Fix safety
No fix: which base image to move to is the author's choice. Like hadolint 2.15, dfopt leaves
`zypper update` and `zypper patch` alone.

## References
- zypper(8): `dist-upgrade`
- hadolint DL3035
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import runs


class ZypperDistUpgrade(Rule):
    code = "DF126"
    title = "zypper dist-upgrade in RUN"
    severity = Severity.WARNING
    hadolint = ("DL3035",)

    def check(self, ctx: CheckContext):
        for run in runs(ctx.dockerfile):
            for inv in run.tools("zypper"):
                if inv.action == "dist-upgrade":
                    yield self.finding(inv.command.start, inv.command.end,
                                       "`zypper dist-upgrade` in a build: use a newer base image instead")
