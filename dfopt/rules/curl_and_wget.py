"""## What it does
Finds a stage that uses both `curl` and `wget` in its RUNs; the finding is on each RUN that uses
one of them after the other has been used in the stage.

## Why is this bad?
Both tools do the same job; needing both means installing (and patching) two HTTP clients and
their libraries in the image. One of them is enough.

## Example
```dockerfile
RUN curl -fsSL https://example.com/a.tar.gz -o a.tar.gz
RUN wget -q https://example.com/b.tar.gz
```

## Use instead
```dockerfile
RUN curl -fsSL https://example.com/a.tar.gz -o a.tar.gz \
 && curl -fsSLO https://example.com/b.tar.gz
```

## Fix safety
No fix: the two tools take different options and follow redirects, retries and errors differently.

## References
- hadolint DL4001
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import program_words
from dfopt.rules.run_analysis import keyword_span, run_of

TOOLS = ("curl", "wget")


def _used(run) -> set[str]:
    out = set()
    for command in run.script.commands:
        words = program_words(command)
        if words and words[0].value is not None and words[0].value.rsplit("/", 1)[-1] in TOOLS:
            out.add(words[0].value.rsplit("/", 1)[-1])
    return out


class CurlAndWget(Rule):
    code = "DF120"
    title = "both curl and wget in one stage"
    severity = Severity.INFO
    hadolint = ("DL4001",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for stage in df.stages:
            seen: set[str] = set()
            for ins in stage.instructions:
                run = run_of(df, ins) if ins.cmd == "RUN" else None
                if run is None:
                    continue
                used = _used(run)
                seen |= used
                if used and len(seen) == 2:
                    start, end = keyword_span(ins)
                    yield self.finding(start, end, "this stage uses both curl and wget: one HTTP client is enough")
