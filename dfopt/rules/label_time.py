"""## What it does
Finds labels of type `rfc3339` in the label schema whose value is not an RFC 3339 date and time
(`2024-05-01T12:30:00Z`, `2024-05-01T14:30:00.5+02:00`).

## Why is this bad?
The OCI label `org.opencontainers.image.created` is defined as an RFC 3339 date-time; tools that
sort or compare images by it fail on `2024-05-01`, `May 1 2024` or a time without its offset.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.created: rfc3339}
LABEL org.opencontainers.image.created="2024-05-01 12:30"
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.created="2024-05-01T12:30:00Z"
```

## Fix safety
No fix: the time and its offset cannot be guessed.

The date must exist (no February 30th); seconds may be 60 (a leap second); `T` and `Z` may be
lower-case. dfopt is stricter than hadolint, which also takes `+0100` offsets, a `.` without
digits and five-digit years. A value from a build variable (`$BUILD_DATE`) is left alone.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- RFC 3339, section 5.6 (internet date/time format)
- OCI image spec: annotations
- hadolint DL3053
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import Rule
from dfopt.rules.label_schema import LabelTypeRule, is_rfc3339


class Rfc3339Label(LabelTypeRule, Rule):
    code = "DF424"
    title = "Label of schema type `rfc3339` is not an RFC 3339 time"
    severity = Severity.WARNING
    hadolint = ("DL3053",)
    label_type = "rfc3339"

    def problem(self, value: str) -> str | None:
        return None if is_rfc3339(value) else "not an RFC 3339 date and time (2024-05-01T12:30:00Z)"
