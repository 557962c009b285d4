"""## What it does
Finds labels of type `semver` in the label schema whose value is not a semantic version
(`MAJOR.MINOR.PATCH`, with an optional `-pre.release` and `+build`).

## Why is this bad?
Tools order images by the version label and decide what is an upgrade from it; `v1.2`, `1.2` or
`latest` cannot be ordered that way.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.version: semver}
LABEL org.opencontainers.image.version="v1.2"
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.version="1.2.0"
```

## Fix safety
No fix: the missing parts of the version cannot be guessed.

The grammar is Semantic Versioning 2.0.0's, leading zeros included (`01.2.0` is reported;
hadolint accepts it, and an empty pre-release or build part). A value from a build variable is
left alone.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- Semantic Versioning 2.0.0
- hadolint DL3056
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import Rule
from dfopt.rules.label_schema import LabelTypeRule, is_semver


class SemverLabel(LabelTypeRule, Rule):
    code = "DF427"
    title = "Label of schema type `semver` is not a semantic version"
    severity = Severity.WARNING
    hadolint = ("DL3056",)
    label_type = "semver"

    def problem(self, value: str) -> str | None:
        return None if is_semver(value) else "not a semantic version (MAJOR.MINOR.PATCH)"
