"""## What it does
Finds `COPY --from=... / /`: a copy of another stage's (or image's) whole file system over this one.

## Why is this bad?
Everything of the other image lands on this one: its `/etc/passwd`, package database, libraries
and caches overwrite this stage's, and the result is an image nobody can describe. Copy the folders
that are needed.

## Example
```dockerfile
COPY --from=builder / /
```

## Use instead
```dockerfile
COPY --from=builder /app/dist /app/dist
```

## Fix safety
No fix: which folders are needed is the author's choice.

## References
- hadolint DL3067
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span


class CopyWholeFilesystem(Rule):
    code = "DF306"
    title = "COPY --from of a whole file system"
    severity = Severity.WARNING
    hadolint = ("DL3067",)

    def check(self, ctx: CheckContext):
        for ins in ctx.dockerfile.instructions:
            if ins.cmd != "COPY" or ins.flag("from") is None or ins.heredocs:
                continue
            words = list(ins.exec_args) if ins.form == "exec" and ins.exec_args else ins.args.split()
            words = [w.strip("\"'") for w in words]
            if len(words) >= 2 and words[-1] == "/" and "/" in words[:-1]:
                start, end = keyword_span(ins)
                yield self.finding(start, end, "copies the whole file system of another image over this one")
