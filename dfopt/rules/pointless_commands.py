"""## What it does
Finds commands in a `RUN` that make no sense while building an image: `ssh`, `vim`, `shutdown`,
`service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`.

## Why is this bad?
A build step runs once, without a terminal and without running services: an editor or `top`
waits for input, `service x start` starts something that is gone when the step ends, `shutdown`
and `kill` act on the build container. Such a command is usually copied from a shell session and
either does nothing or hangs the build.

## Example
```dockerfile
RUN service nginx start
```

## Use instead
```dockerfile
CMD ["nginx", "-g", "daemon off;"]
```

## Fix safety
No fix: what the command was meant for is the author's to say.

## References
- hadolint DL3001
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import program_words
from dfopt.rules.run_analysis import runs

POINTLESS = frozenset({"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"})


class PointlessCommand(Rule):
    code = "DF123"
    title = "a command that makes no sense in a build step"
    severity = Severity.INFO
    hadolint = ("DL3001",)

    def check(self, ctx: CheckContext):
        for run in runs(ctx.dockerfile):
            for command in run.script.commands:
                words = program_words(command)
                name = (words[0].value or "").rsplit("/", 1)[-1] if words else ""
                if name in POINTLESS:
                    yield self.finding(command.start, command.end, f"`{name}` makes no sense in a build step")
