"""## What it does
Finds `dnf`, `microdnf`, `yum` and `zypper` installs of packages without a version: `tomcat`
rather than `tomcat-9.0.82` for dnf and yum, `curl` rather than `curl=8.0.1` for zypper, and
`dnf module install nodejs` without a stream (`nodejs:18`).

## Why is this bad?
Without a version, each build installs whatever the repositories hold that day: two builds of
the same Dockerfile can differ, and a new package version can break the image without any change
to it.

## Example
```dockerfile
RUN dnf install -y tomcat && dnf clean all
RUN zypper install -y curl && zypper clean
```

## Use instead
```dockerfile
RUN dnf install -y tomcat-9.0.82 && dnf clean all
RUN zypper install -y curl=8.0.1 && zypper clean
```

## Fix safety
No fix: which version to pin is the author's choice.

For dnf and yum a package is pinned when a part after its name's first dash starts with a
digit and ends the word, or is followed by a single release part holding a digit
(`tomcat-9.0.82`, `openssl-1:1.1.1k`, `git-core-2.51.0-2.fc42`); an `.rpm` file, a comparison
(`'tomcat >= 9'`) or a version from a variable or a command (`git-core-${VERSION}`,
`kernel-devel-$(uname -r)`) counts as pinned. For zypper, `=`, `<`, `>` or an `.rpm` file.
Options that take a value (`--setopt x`, `zypper --from repo`, `-t pattern`) are not packages.

Where dfopt differs from hadolint on purpose: `java-11-openjdk` is reported (hadolint takes
`11-openjdk` for a version); `foo.rpm`, a comparison (`'tomcat >= 9'`), a version from a variable
or a command (hadolint accepts only a variable the file declares), `dnf in` and `sudo dnf
install` are read as dnf reads them; `@group` names, which have no version, are not reported;
and the value of `zypper install --from repo` or `-t pattern` is not taken for a package.

## References
- dnf(8), yum(8): package specification `name-version-release`; zypper(8): `name=version`
- hadolint DL3033, DL3037, DL3041
"""

from __future__ import annotations

import re

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import unpinned_findings
from dfopt.shell.commands import RPM_TOOLS

_VERSION_PART = re.compile(r"\d[0-9A-Za-z.~^_:+*]*")
_RELEASE_PART = re.compile(r"[0-9A-Za-z.~^_+]*\d[0-9A-Za-z.~^_+]*")


def _rpm_pinned(package: str) -> bool:
    if package.endswith(".rpm") or any(c in package for c in "<>=") or "-$" in package:
        return True  # a file, a comparison, a version from a variable or a command
    parts = package.split("-")[1:]
    if not parts:
        return False
    if _VERSION_PART.fullmatch(parts[-1]):
        return True  # name-version
    # name-version-release: the release holds a digit (`2.fc42`), unlike a name's last part
    # (`java-11-openjdk`)
    return len(parts) >= 2 and bool(_VERSION_PART.fullmatch(parts[-2]) and _RELEASE_PART.fullmatch(parts[-1]))


def _zypper_pinned(package: str) -> bool:
    return package.endswith(".rpm") or any(c in package for c in "<>=")


def _module_pinned(module: str) -> bool:
    return ":" in module


def _rpm_install(inv) -> bool:
    return inv.tool in RPM_TOOLS and inv.action == "install"


def _module_install(inv) -> bool:
    return inv.tool in RPM_TOOLS and inv.action == "module" and bool(inv.operands) and inv.operands[0].value == "install"


def _zypper_install(inv) -> bool:
    return inv.tool == "zypper" and inv.action == "install"


def _named(words):
    """Package words: `@group` and `@module` names have no version."""
    return [w for w in words if not (w.value or w.text).startswith("@")]


class RpmUnpinned(Rule):
    code = "DF125"
    title = "dnf/yum/zypper install without package versions"
    severity = Severity.WARNING
    hadolint = ("DL3033", "DL3037", "DL3041")

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        yield from unpinned_findings(self, df, _rpm_install, lambda i: _named(i.operands), _rpm_pinned,
                                     "`package-version`")
        yield from unpinned_findings(self, df, _module_install, lambda i: _named(i.operands[1:]), _module_pinned,
                                     "`module:stream`")
        yield from unpinned_findings(self, df, _zypper_install, lambda i: i.operands, _zypper_pinned,
                                     "`package=version`")
