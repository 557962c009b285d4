"""## What it does
Finds a `RUN` that links another shell over `/bin/sh` (`ln -sf /bin/bash /bin/sh`).

## Why is this bad?
Replacing `/bin/sh` changes the shell of every later RUN, and of every program in the image that
runs `/bin/sh` (package scripts, `system()` calls), where `SHELL` changes only the Dockerfile's own
RUN, CMD and ENTRYPOINT, and says so where a reader looks.

## Example
```dockerfile
RUN ln -sf /bin/bash /bin/sh
```

## Use instead
```dockerfile
SHELL ["/bin/bash", "-c"]
```

## Fix safety
No fix: `SHELL` does not change what other programs of the image run as `/bin/sh`, which the link
may have been meant for.

## References
- Dockerfile reference: SHELL
- hadolint DL4005
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import commands_named


class LinkOverBinSh(Rule):
    code = "DF122"
    title = "ln over /bin/sh: use SHELL"
    severity = Severity.WARNING
    hadolint = ("DL4005",)

    def check(self, ctx: CheckContext):
        for command, words in commands_named(ctx.dockerfile, "ln"):
            operands = [w.value for w in words[1:] if w.value and not w.value.startswith("-")]
            if len(operands) >= 2 and operands[-1] == "/bin/sh":
                yield self.finding(command.start, command.end, "links a shell over /bin/sh: use SHELL")
