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
Unsafe: the fix writes down the working directory the base image has today, with
`WORKDIR <that folder>` before the first such COPY of the stage, so every file lands where it
landed and every later instruction runs where it ran. dfopt knows that folder only for a few
official images whose Dockerfiles have never changed it: `/` for alpine, busybox, debian, ubuntu,
python and node (they set no WORKDIR), `/go` for golang, and `/` for `scratch`. It is unsafe
because the name is not the image: a mirror or a private build under that name may set another
WORKDIR, and a `--build-arg` may pick another base than the default of a global ARG
(`FROM ${PREFIX}golang:1.22` is read with the ARG's default).

No fix when the base image is not one of those (the right folder is then the author's choice,
and where the file lands today depends on a WORKDIR only the image knows), or when its reference
holds a variable without a default in a global ARG.

Destinations starting with a variable (`$HOME/x`) are not reported, as in hadolint. `ADD` is not
concerned (hadolint checks COPY only).

## References
- Dockerfile reference: COPY, relative destinations
- hadolint DL3045
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span
from dfopt.rules.untagged_image import split_reference

# Official images and the working directory their Dockerfiles give them (none set: `/`).
KNOWN_WORKDIRS = {"alpine": "/", "busybox": "/", "debian": "/", "ubuntu": "/", "python": "/", "node": "/",
                  "golang": "/go", "scratch": "/"}
_OFFICIAL_PREFIXES = ("docker.io/library/", "index.docker.io/library/", "library/", "mirror.gcr.io/library/")
_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def global_defaults(df) -> dict[str, str]:
    """Name -> default value of the ARGs before the first FROM."""
    out = {}
    for ins in df.global_args:
        for word in ins.args.split():
            name, eq, value = word.partition("=")
            if eq:
                out[name] = value.strip("\"'")
    return out


def base_workdir(df, stage) -> str | None:
    """The working directory the stage starts in, when its root image is one dfopt knows."""
    while (parent := df.base_stage(stage)) is not None:
        stage = parent
    defaults = global_defaults(df)
    unknown = []

    def value(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        if name not in defaults:
            unknown.append(name)
        return defaults.get(name, "")

    image = _VARIABLE.sub(value, stage.image)
    if unknown:
        return None
    name = split_reference(image)[0].lower()
    for prefix in _OFFICIAL_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
    return KNOWN_WORKDIRS.get(name)


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
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3045",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        has_workdir: dict[int, bool] = {}
        for stage in df.stages:
            base = df.base_stage(stage)
            workdir = has_workdir.get(base.index, False) if base is not None else False
            fixed = False
            for ins in stage.instructions[1:]:
                if ins.cmd == "WORKDIR":
                    workdir = True
                elif ins.cmd == "COPY" and not workdir:
                    dest = destination(ins)
                    if dest is None or is_absolute(dest):
                        continue
                    start, end = keyword_span(ins)
                    message = (f"`{dest}` is relative to the base image's WORKDIR, which this Dockerfile "
                               "does not set: set WORKDIR")
                    folder = None if fixed else base_workdir(df, stage)
                    if fixed:
                        yield self.finding(start, end, message,
                                           no_fix_reason="the WORKDIR added before an earlier COPY covers this one")
                    elif folder is None:
                        yield self.finding(start, end, message,
                                           no_fix_reason="the base image's working directory is unknown to dfopt")
                    else:
                        fixed = True
                        line = f"WORKDIR {folder}{df.line_ending}"
                        yield self.finding(start, end, message, Fix(
                            (Edit(ins.start, ins.start, line),), Applicability.UNSAFE,
                            f"added `WORKDIR {folder}`, the base image's working directory, before this COPY"))
            has_workdir[stage.index] = workdir
