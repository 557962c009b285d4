"""## What it does
Finds labels of the project's label schema set to an empty value (`LABEL
org.opencontainers.image.version=""`).

## Why is this bad?
An empty label is present but says nothing: the check that the image carries its metadata passes
while the metadata is missing. It is usually a build argument that was not passed, written out
as text, or a placeholder left behind.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.revision: hash}
LABEL org.opencontainers.image.revision=""
```

## Use instead
```dockerfile
ARG GIT_COMMIT
LABEL org.opencontainers.image.revision="${GIT_COMMIT}"
```

## Fix safety
No fix: the value cannot be guessed.

A value from a build variable (`$GIT_COMMIT`) is known only at build time and is left alone. An
empty value of a typed label is also reported by that type's rule (DF423-DF428), as in hadolint.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- hadolint DL3051
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.label_schema import label_schema, labels, no_options_problem


class EmptyLabel(Rule):
    code = "DF422"
    title = "Label of the label schema is empty"
    severity = Severity.WARNING
    hadolint = ("DL3051",)

    @classmethod
    def option_problem(cls, options) -> str | None:
        return no_options_problem(options)

    def check(self, ctx: CheckContext):
        schema = label_schema(ctx)
        if not schema:
            return
        for pair, _key, span in labels(ctx):
            if pair.key in schema and not pair.value:
                yield self.finding(*span, f"label `{pair.key}` is empty")
