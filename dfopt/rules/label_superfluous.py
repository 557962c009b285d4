"""## What it does
With `strict-labels = true`, finds `LABEL` keys that the project's label schema does not list.

## Why is this bad?
A strict schema is the complete list of labels a project's images carry. A key outside it is a
typo of a schema key (`org.opencontainers.image.licence`) or metadata nobody agreed to publish.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.version: semver}, strict-labels: true
LABEL org.opencontainers.image.version="1.4.2" build-host="ci-runner-7"
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.version="1.4.2"
```

## Fix safety
No fix: whether the key is a typo or unwanted is the author's call.

Each key outside the schema is reported where it stands (hadolint reports the instruction once);
keys that name a build variable are left alone. With `strict-labels` and no schema, every label
is reported, as in hadolint.

## Options
`strict-labels` and the schema are DF420's options (see DF420).

## References
- hadolint DL3050
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.label_schema import label_schema, labels, no_options_problem, strict_labels


class SuperfluousLabel(Rule):
    code = "DF421"
    title = "Label not in the strict label schema"
    severity = Severity.INFO
    hadolint = ("DL3050",)

    @classmethod
    def option_problem(cls, options) -> str | None:
        return no_options_problem(options)

    def check(self, ctx: CheckContext):
        if not strict_labels(ctx):
            return
        schema = label_schema(ctx)
        for pair, key, _span in labels(ctx):
            if pair.key not in schema and "$" not in pair.key:
                yield self.finding(*key, f"label `{pair.key}` is not in the label schema")
