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
Unsafe: a recommended package may be one the image needs. The classic case: `curl`, `wget` and
`git` recommend `ca-certificates`; without it they cannot verify HTTPS servers (`curl` exits
with 77). When such an HTTPS client is among the packages and `ca-certificates` is not (in this
install or an earlier one of the stage), the fix adds `ca-certificates` to the install and says
so. Check the rest of the dropped recommends yourself. Installs that already pass
`-o APT::Install-Recommends=false` (or files that configure it) are left alone.

## References
- apt.conf(5): `APT::Install-Recommends`
- hadolint DL3015
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import insert_option, run_of, runs, stage_chain
from dfopt.shell.commands import APT_TOOLS

# apt.conf syntax written by the file (`echo 'APT::Install-Recommends "0";' > ...`).
_CONFIGURED = re.compile(r"Install-Recommends\s+\\?[\"']", re.IGNORECASE)


def _wants(run, inv) -> bool:
    if inv.tool not in APT_TOOLS or inv.action != "install":
        return False
    if inv.has_option("--no-install-recommends"):
        return False
    return not any("install-recommends" in v.lower() for v in inv.option_values("-o") + inv.option_values("--option"))


# Packages that speak HTTPS through the system's CA bundle, which only `ca-certificates` brings.
HTTPS_CLIENTS = frozenset({"curl", "wget", "wget2", "git", "git-core", "aria2", "httpie"})
CA = "ca-certificates"


def _package(word: str | None) -> str:
    """The package a word names: `curl=7.88.1-10`, `curl/bookworm`, `curl:amd64` are curl."""
    return re.split(r"[=/:]", word or "", maxsplit=1)[0]


def _installs_ca(df, run) -> bool:
    """Whether this RUN or an earlier RUN of the stage (or a stage it is built FROM) names
    ca-certificates in an apt install."""
    earlier = [run_of(df, i) for i in stage_chain(df, run.instruction) if i.effective.cmd == "RUN"]
    return any(True for r in earlier + [run] if r is not None
               for i in r.tools(*APT_TOOLS) if i.action == "install" for w in i.operands if _package(w.value) == CA)


def _add_package(df, inv, package: str) -> Edit:
    """`package` after the install's last package, on a line of its own when the list has one
    package a line."""
    last = inv.operands[-1]
    line_start = df.text.rfind("\n", 0, last.start) + 1
    indent = df.text[line_start : last.start]
    if inv.operands[0].start < line_start and not indent.strip():
        return Edit(last.end, last.end, f" {df.escape}\n{indent}{package}")
    return Edit(last.end, last.end, f" {package}")


class MissingNoInstallRecommends(Rule):
    code = "DF109"
    title = "apt-get install without --no-install-recommends"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3015",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        if _CONFIGURED.search(df.text):
            return
        message = ("apt-get install also installs recommended packages; --no-install-recommends keeps the "
                   "image small, but check that nothing needed was only recommended (curl needs "
                   "ca-certificates for HTTPS)")
        for run in runs(df):
            for inv in run.invocations:
                if not _wants(run, inv):
                    continue
                anchor = inv.action_words[-1]
                edits = [insert_option(anchor, "--no-install-recommends")]
                note = f"added `--no-install-recommends` to `{inv.tool} install`"
                clients = sorted({_package(w.value) for w in inv.operands} & HTTPS_CLIENTS)
                if clients and not _installs_ca(df, run):
                    edits.append(_add_package(df, inv, CA))
                    note += f" and `{CA}`, which {', '.join(clients)} needs for HTTPS and was only recommended"
                fix = Fix(tuple(edits), Applicability.UNSAFE, note)
                yield self.finding(inv.command.start, inv.command.end, message, fix)
