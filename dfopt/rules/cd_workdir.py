"""## What it does
Finds `cd` in a `RUN`.

## Why is this bad?
A `cd` lasts only until the end of its RUN; the next RUN, COPY and CMD start again in the stage's
WORKDIR. Scripts that `cd` around are harder to follow and easy to get wrong when RUNs are split
or joined. `WORKDIR` sets the folder for every later instruction, and creates it.

## Example
```dockerfile
RUN cd /app && make
```

## Use instead
```dockerfile
WORKDIR /app
RUN make
```

## Fix safety
No fix: `WORKDIR` also changes the folder of every later RUN, COPY, CMD and ENTRYPOINT of the
stage (and of stages built FROM it), and creates the folder if it is missing, where `cd` fails;
whether that is wanted is the author's call. A `cd` in a subshell (`(cd sub && make)`) is reported
too, as hadolint does: a separate `RUN` with its own `WORKDIR` is the Dockerfile's way.

## References
- Dockerfile best practices: WORKDIR
- hadolint DL3003
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import commands_named


class CdInsteadOfWorkdir(Rule):
    code = "DF116"
    title = "cd in RUN: use WORKDIR"
    severity = Severity.INFO
    hadolint = ("DL3003",)

    def check(self, ctx: CheckContext):
        for command, _ in commands_named(ctx.dockerfile, "cd"):
            yield self.finding(command.start, command.end, "`cd` lasts only for this RUN: use WORKDIR")
