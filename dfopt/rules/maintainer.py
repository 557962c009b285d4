"""## What it does
Finds the deprecated `MAINTAINER` instruction and replaces it with the
`org.opencontainers.image.authors` label.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13; it sets a legacy field of the image config
that tools no longer read. The OCI label is where registries and scanners look for the author.

## Example
```dockerfile
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety
Unsafe: the image's legacy `Author` field is no longer set, and a label is added; anything that
reads the old field sees a difference.

## References
- Dockerfile reference: MAINTAINER (deprecated)
- hadolint DL4000
"""

from __future__ import annotations

import json

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule


class MaintainerDeprecated(Rule):
    code = "DF401"
    title = "MAINTAINER is deprecated; use a LABEL"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL4000",)

    def check(self, ctx: CheckContext):
        for ins in ctx.dockerfile.instructions:
            if ins.cmd != "MAINTAINER":
                continue
            author = ins.args
            start, end = ins.keyword_start, ins.arguments.source_offset(len(author))
            label = f"LABEL org.opencontainers.image.authors={json.dumps(author, ensure_ascii=False)}"
            if "\n" in ctx.dockerfile.text[start:end] or "$" in author:
                yield self.finding(start, end, "MAINTAINER is deprecated",
                                   no_fix_reason="the value spans several lines or uses variables")
                continue
            fix = Fix((Edit(start, end, label),), Applicability.UNSAFE,
                      "replaced MAINTAINER with the org.opencontainers.image.authors label")
            yield self.finding(start, end, "MAINTAINER is deprecated; use the org.opencontainers.image.authors label", fix)
