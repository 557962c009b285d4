"""## What it does
Finds `useradd` with a large numeric id (`-u 1000000`) and without `-l` / `--no-log-init`.

## Why is this bad?
`useradd` records the new user in `/var/log/lastlog` and `/var/log/faillog`, sparse files indexed
by id; in an image layer the sparse file is stored in full, so a large id makes the layer gigabytes
big. `-l` skips those logs.

## Example
```dockerfile
RUN useradd -u 123456789 app
```

## Use instead
```dockerfile
RUN useradd -l -u 123456789 app
```

An id given by a variable (`-u ${UID}`) is reported too, as hadolint does: it may be large.

## Fix safety
No fix offered yet: `-l` only skips the two log files, but BusyBox's and other `useradd`
replacements may not know it.

## References
- Docker best practices: USER ("useradd -l")
- hadolint DL3046
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import commands_named

# Ids with more digits than this make lastlog/faillog grow past a few megabytes.
MAX_DIGITS = 5


def _uid(words) -> str | None:
    values = [w.value if w.value is not None else w.text for w in words[1:]]
    for i, v in enumerate(values):
        if v in ("-u", "--uid") and i + 1 < len(values):
            return values[i + 1]
        if v.startswith("--uid="):
            return v.split("=", 1)[1]
        if v.startswith("-u") and len(v) > 2 and v[2:].isdigit():
            return v[2:]
    return None


class UseraddLargeUid(Rule):
    code = "DF124"
    title = "useradd of a large id without -l"
    severity = Severity.WARNING
    hadolint = ("DL3046",)

    def check(self, ctx: CheckContext):
        for command, words in commands_named(ctx.dockerfile, "useradd"):
            values = [w.value or "" for w in words[1:]]
            if "-l" in values or "--no-log-init" in values:
                continue
            uid = _uid(words)
            if uid and (len(uid) > MAX_DIGITS or "$" in uid):
                yield self.finding(command.start, command.end, "a large id without `-l` makes /var/log/lastlog huge")
