"""## What it does
Finds `COPY --from=NAME` where NAME is not a stage defined earlier in the file, or is the stage the
COPY is in.

## Why is this bad?
A `--from` that names no earlier stage is read as an image reference and pulled from a registry: a
typo in a stage name turns into a pull of some public image, and an image copied from this way is
a base image the Dockerfile does not show in a `FROM` (and so is not pinned, scanned or updated
with the others). Naming the image in its own stage (`FROM composer:2 AS composer`) makes it
visible. A stage cannot copy from itself: BuildKit stops with a circular dependency.

## Example
```dockerfile
FROM php:8.3-fpm
COPY --from=composer /usr/bin/composer /usr/bin/composer
```

## Use instead
```dockerfile
FROM composer:2.7 AS composer
FROM php:8.3-fpm
COPY --from=composer /usr/bin/composer /usr/bin/composer
```

## Fix safety
No fix: which image (and tag) was meant is the author's choice.
A stage given by its index (`--from=0`) is a stage of the file and is not reported (hadolint
reports it), unless it is the COPY's own stage; hadolint's DL3023 checks the own stage by name only.
A `--from` that is a variable is not reported either.

## References
- Dockerfile reference: COPY --from
- hadolint DL3022, DL3023 (`--from` names its own stage)
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule


class CopyFromUnknownStage(Rule):
    code = "DF305"
    title = "COPY --from names no earlier stage"
    severity = Severity.WARNING
    hadolint = ("DL3022", "DL3023")

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        earlier: set[str] = set()  # the names of the stages before this one
        for stage in df.stages:
            for ins in stage.instructions:
                flag = ins.flag("from") if ins.cmd == "COPY" else None
                if flag is None or not flag.value or "$" in flag.value:
                    continue
                ref = flag.value.lower()
                if ref in earlier or (ref.isdigit() and int(ref) < stage.index):
                    continue
                if ref == str(stage.index) or stage.is_named(ref):
                    yield self.finding(flag.start, flag.end, f"`{flag.value}` is this stage itself: a stage cannot "
                                                             "copy from itself (a circular dependency)")
                    continue
                yield self.finding(flag.start, flag.end,
                                   f"`{flag.value}` is no earlier stage: it is pulled as an image; name it in a FROM")
            if stage.name:
                earlier.add(stage.name.lower())
