"""## What it does
Finds an `EXPOSE` port (or an end of a port range) above 65535.

## Why is this bad?
TCP and UDP ports are 16-bit numbers: 0 to 65535. BuildKit refuses such a port when it builds the
stage (`invalid containerPort`), so the build fails at this line.

## Example
```dockerfile
EXPOSE 80800
```

## Use instead
```dockerfile
EXPOSE 8080
```

## Fix safety
No fix: which port was meant is the author's.
Ports given by a build variable (`EXPOSE $PORT`) are known only at build time and are not
checked.

## References
- Dockerfile reference: EXPOSE
- hadolint DL3011
"""

from __future__ import annotations

import re

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax.words import split_words

_PORT = re.compile(r"(\d+)(?:-(\d+))?(?:/\w+)?")


class PortOutOfRange(Rule):
    code = "DF412"
    title = "EXPOSE port above 65535"
    severity = Severity.ERROR
    hadolint = ("DL3011",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            expose = ins.effective
            if expose.cmd != "EXPOSE":
                continue
            for word, start, end in split_words(expose.args, df.escape):
                match = _PORT.fullmatch(word)
                if match and any(int(p) > 65535 for p in match.groups() if p is not None):
                    first, last = expose.arguments.source_span(start, end)
                    yield self.finding(first, last, f"`{word}`: ports range from 0 to 65535; a build "
                                                    "fails on this EXPOSE")
