"""## What it does
Finds `apt-get`, `apt`, `dnf` and `yum` commands that may ask a question (install, upgrade,
remove, ...) without `-y`, and adds `-y`.

## Why is this bad?
A build has no one to answer "Do you want to continue? [Y/n]": without `-y` the package manager
aborts as soon as it needs confirmation, and the build fails or depends on what happens to be
installed already.

## Example
```dockerfile
RUN apt-get update && apt-get install curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix safety
Safe: `-y` only answers the confirmation prompt that a build cannot answer. `-qq`, `--yes`,
`--assume-yes`, `--assumeyes` and `-o APT::Get::Assume-Yes=true` count as given.

## References
- apt-get(8), dnf(8), yum(8): `-y, --assumeyes`
- hadolint DL3014, DL3030, DL3038
"""

from __future__ import annotations

from dfopt.findings import Applicability, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import option_findings
from dfopt.shell.commands import APT_TOOLS

APT_ASKS = frozenset({"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge",
                      "autoremove", "build-dep", "reinstall"})
RPM_ASKS = frozenset({"install", "upgrade", "update", "remove", "erase", "reinstall", "downgrade",
                      "groupinstall", "localinstall", "autoremove", "distro-sync"})


def answers_yes(inv) -> bool:
    if inv.has_option("-y", "--yes", "--assume-yes", "--assumeyes", "--force-yes"):
        return True
    if inv.tool in APT_TOOLS:
        if any((w.value or "") in ("-qq", "-q=2", "--quiet=2") for w in inv.options):
            return True
        return any(v.lower().startswith("apt::get::assume-yes=") for v in inv.option_values("-o")
                   + inv.option_values("--option"))
    return any(v.lower().startswith("assumeyes=") for v in inv.option_values("--setopt"))


def asks(run, inv) -> bool:
    if inv.tool in APT_TOOLS:
        return inv.action in APT_ASKS and not answers_yes(inv)
    if inv.tool in ("dnf", "yum"):
        return inv.action in RPM_ASKS and not answers_yes(inv)
    return False


class MissingAssumeYes(Rule):
    code = "DF104"
    title = "package manager may prompt: add -y"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3014", "DL3030", "DL3038")

    def check(self, ctx: CheckContext):
        yield from option_findings(self, ctx.dockerfile, asks, "-y",
                                   "this command may ask for confirmation, which aborts a build",
                                   Applicability.SAFE)
