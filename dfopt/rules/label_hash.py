"""## What it does
Finds labels of type `hash` in the label schema whose value is not a git commit hash: 40 or 7
lower-case hexadecimal digits.

## Why is this bad?
The revision label ties an image to the commit it was built from. A branch name, a tag or an
upper-case hash cannot be looked up as a commit the way tools expect.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.revision: hash}
LABEL org.opencontainers.image.revision="main"
```

## Use instead
```dockerfile
ARG GIT_COMMIT
LABEL org.opencontainers.image.revision="${GIT_COMMIT}"
```

## Fix safety
No fix: the commit cannot be guessed. A value from a build variable is left alone.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- OCI image spec: annotations (`org.opencontainers.image.revision`)
- hadolint DL3055
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import Rule
from dfopt.rules.label_schema import LabelTypeRule, is_git_hash


class GitHashLabel(LabelTypeRule, Rule):
    code = "DF426"
    title = "Label of schema type `hash` is not a git commit hash"
    severity = Severity.WARNING
    hadolint = ("DL3055",)
    label_type = "hash"

    def problem(self, value: str) -> str | None:
        return None if is_git_hash(value) else "not a git commit hash (40 or 7 lower-case hex digits)"
