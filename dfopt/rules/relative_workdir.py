"""## What it does
Finds a relative `WORKDIR` (`WORKDIR app`) in a stage where no absolute `WORKDIR` was set before
it (in the stage, or in the stages of this file it is built FROM).

## Why is this bad?
A relative WORKDIR is joined to the working directory it follows, which here is the base image's:
`/` for Debian, `/go` for golang, `/usr/src/app` for others, and it can change between tags. The
folder every later RUN, COPY and CMD works in is one the Dockerfile does not show.

## Example
```dockerfile
FROM golang:1.22
WORKDIR src
```

## Use instead
```dockerfile
FROM golang:1.22
WORKDIR /src
```

## Fix safety
No fix: the folder it resolves to today depends on the base image's WORKDIR, which only the image
knows; writing it out would be a guess.

A relative WORKDIR after an absolute one (`WORKDIR /app` then `WORKDIR src`) is well defined
(`/app/src`) and is not reported; hadolint reports every relative WORKDIR. A path that starts with a
variable (`$HOME/app`) is left alone, as in hadolint, and so is a Windows path (`C:\app`).
`ONBUILD WORKDIR app` is reported: it resolves against the image that builds FROM this one.
(hadolint 2.15.1 stops with an internal error on a one-character relative WORKDIR, `WORKDIR a`.)

## References
- Dockerfile reference: WORKDIR ("If a relative path is provided, it will be relative to the path
  of the previous WORKDIR instruction")
- hadolint DL3000
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax.words import strip_quotes


def workdir_path(ins) -> str:
    return strip_quotes(ins.args.strip())


def is_relative(path: str) -> bool:
    windows = len(path) >= 2 and path[0].isalpha() and path[1] == ":"
    return bool(path) and not (path.startswith(("/", "$", "\\")) or windows)


class RelativeWorkdir(Rule):
    code = "DF410"
    title = "relative WORKDIR resolved against the base image's"
    severity = Severity.WARNING
    hadolint = ("DL3000",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        known: dict[int, bool] = {}  # stage index -> whether it ends with a WORKDIR of its own
        for stage in df.stages:
            base = df.base_stage(stage)
            here = known.get(base.index, False) if base is not None else False
            for ins in stage.instructions[1:]:
                workdir = ins.effective
                if workdir.cmd != "WORKDIR":
                    continue
                path = workdir_path(workdir)
                onbuild = workdir is not ins
                if is_relative(path) and (onbuild or not here):
                    whose = "the image built FROM this one" if onbuild else "the base image"
                    start, end = workdir.arguments.source_span(0, len(workdir.args))
                    yield self.finding(start, end, f"`{path}` is relative to the working directory of {whose}: "
                                                   "use an absolute path")
                elif not onbuild and not is_relative(path):
                    here = True
            known[stage.index] = here
