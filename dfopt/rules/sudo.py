"""## What it does
Finds `sudo` in a `RUN`.

## Why is this bad?
RUN already runs as the stage's `USER`; `sudo` needs a sudoers set-up inside the image, keeps a
set-uid binary in it, and behaves unpredictably without a terminal (password prompts, lost
environment). Run root steps before switching `USER`, or switch back with `USER root` for them;
to drop privileges at run time, use a tool like `gosu` or `su-exec`.

## Example
```dockerfile
USER app
RUN sudo apt-get install -y curl
```

## Use instead
```dockerfile
USER root
RUN apt-get install -y curl
USER app
```

## Fix safety
No fix: moving the command to another USER changes who owns the files it writes.

## References
- Dockerfile best practices: USER
- hadolint DL3004
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import runs


class SudoInRun(Rule):
    code = "DF119"
    title = "sudo in RUN"
    severity = Severity.ERROR
    hadolint = ("DL3004",)

    def check(self, ctx: CheckContext):
        for run in runs(ctx.dockerfile):
            for command in run.script.commands:
                if command.words and (command.words[0].value or "").rsplit("/", 1)[-1] == "sudo":
                    yield self.finding(command.start, command.end, "`sudo` in a RUN: use USER for root steps")
