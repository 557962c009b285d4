"""## What it does
Finds labels of type `email` in the label schema whose value is not an email address (RFC 5322
addr-spec: `local-part@domain`).

## Why is this bad?
The contact label is where people report problems with the image; `Jane Doe <jane@example.com>`,
a bare name or a URL is not an address mail tools take.

## Example
```dockerfile
# label-schema: {maintainer: email}
LABEL maintainer="Jane Doe <jane@example.com>"
```

## Use instead
```dockerfile
LABEL maintainer="jane@example.com"
```

## Fix safety
No fix: the address cannot be guessed.

Comments and folding white space that RFC 5322 allows around the parts are reported (hadolint
accepts them). A value from a build variable is left alone.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- RFC 5322, section 3.4.1 (addr-spec)
- hadolint DL3058
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import Rule
from dfopt.rules.label_schema import LabelTypeRule, is_email


class EmailLabel(LabelTypeRule, Rule):
    code = "DF428"
    title = "Label of schema type `email` is not an email address"
    severity = Severity.WARNING
    hadolint = ("DL3058",)
    label_type = "email"

    def problem(self, value: str) -> str | None:
        return None if is_email(value) else "not an email address (local-part@domain)"
