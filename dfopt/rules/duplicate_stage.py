"""## What it does
Finds a `FROM ... AS NAME` whose stage name an earlier stage of the file already has. Names are
compared as BuildKit compares them: without regard to case (`AS Build` and `AS build` are the
same stage name).

## Why is this bad?
`COPY --from=NAME`, `FROM NAME` and `--target NAME` must say which stage they mean; with two
stages of one name the reader cannot tell, and renaming one of them later silently changes what a
reference points to. BuildKit builds the file but warns (its build check DuplicateStageName,
which `# check=error=true` turns into a failed build).

## Example
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /app .
FROM node:20-slim AS build
RUN npm run build
```

## Use instead
```dockerfile
FROM golang:1.22 AS build-go
RUN go build -o /app .
FROM node:20-slim AS build-web
RUN npm run build
```

## Fix safety
No fix: which references should follow the renamed stage is the author's choice.
hadolint compares names with case (`AS A` and `AS a` pass there); BuildKit lowercases stage names,
so dfopt reports them.

## References
- Dockerfile reference: FROM, naming a build stage
- BuildKit build checks: DuplicateStageName
- hadolint DL3024
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import line_of
from dfopt.syntax.words import split_words


def stage_name_span(stage) -> tuple[int, int] | None:
    """Where the name after AS is written in the FROM instruction."""
    words = split_words(stage.from_.args)
    if len(words) < 3 or stage.name is None:
        return None
    _, start, end = words[2]
    return stage.from_.arguments.source_span(start, end)


class DuplicateStageName(Rule):
    code = "DF307"
    title = "two stages of one name"
    severity = Severity.WARNING
    hadolint = ("DL3024",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        first: dict[str, int] = {}
        for stage in df.stages:
            if stage.name is None:
                continue
            key = stage.name.lower()
            if key in first:
                start, end = stage_name_span(stage) or (stage.from_.keyword_start, stage.from_.keyword_end)
                yield self.finding(start, end, f"stage name `{stage.name}` is taken by the stage on line "
                                               f"{line_of(df, first[key])}: give each stage its own name")
            else:
                first[key] = stage.from_.start
