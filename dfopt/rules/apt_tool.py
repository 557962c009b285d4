"""## What it does
Finds `apt` (the interactive front end) in a `RUN` and replaces it with `apt-get`.

## Why is this bad?
`apt` is meant for people at a terminal: its command line interface is not stable between
versions, it warns so on every call ("WARNING: apt does not have a stable CLI interface. Use with
caution in scripts."), and it draws progress bars into the build log. `apt-get` and `apt-cache`
are the tools for scripts.

## Example
```dockerfile
RUN apt update && apt install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Fix safety
Unsafe: the two front ends do not behave the same everywhere. `apt upgrade` installs new
dependencies where `apt-get upgrade` holds the package back; `apt` reads its own configuration
(`Binary::apt` settings) and keeps downloaded packages by default on some releases. Only the
actions both front ends share are rewritten (`install`, `update`, `upgrade`, `dist-upgrade`,
`full-upgrade`, `remove`, `purge`, `autoremove`, `clean`, `autoclean`, `build-dep`, `source`,
`download`); `apt search`, `apt list`, `apt show` are reported without a fix (they belong to
`apt-cache`, with other output).

## References
- apt(8): "the apt command ... is not meant for scripts"
- hadolint DL3027
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import runs

SHARED_ACTIONS = frozenset({"install", "update", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge",
                            "autoremove", "clean", "autoclean", "build-dep", "source", "download"})


class AptInScripts(Rule):
    code = "DF117"
    title = "apt in RUN: use apt-get"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3027",)

    def check(self, ctx: CheckContext):
        for run in runs(ctx.dockerfile):
            for inv in run.tools("apt"):
                message = "`apt` is for terminals and has no stable interface: use `apt-get`"
                if inv.action not in SHARED_ACTIONS:
                    yield self.finding(inv.command.start, inv.command.end, message,
                                       no_fix_reason=f"`apt {inv.action or ''}` has no `apt-get` action of the same name")
                    continue
                if inv.program.value != inv.program.text:
                    yield self.finding(inv.command.start, inv.command.end, message,
                                       no_fix_reason="the program name is quoted or escaped")
                    continue
                prog = inv.program
                new = prog.text[: len(prog.text) - len("apt")] + "apt-get"
                yield self.finding(inv.command.start, inv.command.end, message,
                                   Fix((Edit(prog.start, prog.end, new),), Applicability.UNSAFE,
                                       f"replaced `apt {inv.action}` with `apt-get {inv.action}`"))
