"""## What it does
Finds a `COPY` to a relative destination (`COPY app.py app/`) in a stage where no `WORKDIR` has
been set (in the stage or in the stages of this file it is built FROM).

## Why is this bad?
A relative destination is resolved against the working directory of the base image, which the
Dockerfile does not show: `/` for Debian, but `/go` for golang, `/usr/src/app` for others, and it
can change between tags. The file lands somewhere the reader cannot see.

## Example
```dockerfile
FROM python:3.12-slim
COPY app.py .
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY app.py .
```

## Fix safety
No fix: the right folder is the author's choice, and where the file lands today depends on the base
image's WORKDIR, which only the image knows. Destinations starting with a variable (`$HOME/x`) are
not reported, as in hadolint. `ADD` is not concerned (hadolint checks COPY only).

## References
- Dockerfile reference: COPY, relative destinations
- hadolint DL3045
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span


def destination(ins) -> str | None:
    if ins.heredocs:
        return None
    if ins.form == "exec" and ins.exec_args:
        return ins.exec_args[-1] if len(ins.exec_args) >= 2 else None
    words = ins.args.split()
    return words[-1] if len(words) >= 2 else None


def is_absolute(dest: str) -> bool:
    dest = dest.strip("\"'")
    return dest.startswith(("/", "$", "\\")) or dest[1:3] in (":\\", ":/")


class RelativeCopyWithoutWorkdir(Rule):
    code = "DF404"
    title = "COPY to a relative destination without WORKDIR"
    severity = Severity.WARNING
    hadolint = ("DL3045",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        has_workdir: dict[int, bool] = {}
        for stage in df.stages:
            base = df.base_stage(stage)
            workdir = has_workdir.get(base.index, False) if base is not None else False
            for ins in stage.instructions[1:]:
                if ins.cmd == "WORKDIR":
                    workdir = True
                elif ins.cmd == "COPY" and not workdir:
                    dest = destination(ins)
                    if dest is not None and not is_absolute(dest):
                        start, end = keyword_span(ins)
                        yield self.finding(start, end, f"`{dest}` is relative to the base image's WORKDIR, "
                                                       "which this Dockerfile does not set: set WORKDIR")
            has_workdir[stage.index] = workdir
