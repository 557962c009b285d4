"""## What it does
Finds labels of type `spdx` in the label schema whose value is not a license identifier of the SPDX
License List (`MIT`, `Apache-2.0`, `GPL-3.0-or-later`), or is one the list has deprecated
(`GPL-2.0`).

## Why is this bad?
License scanners and registries match the licence label against the SPDX list exactly: `mit`,
`Apache 2` or `GPLv2` are not recognised, and a deprecated identifier such as `GPL-2.0` does not
say whether later versions are allowed.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.licenses: spdx}
LABEL org.opencontainers.image.licenses="Apache 2"
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.licenses="Apache-2.0"
```

## Fix safety
No fix: which licence applies is the author's to say.

One identifier, case as in the list (SPDX License List 3.27.0); expressions (`MIT OR Apache-2.0`)
are reported, as in hadolint. A value from a build variable is left alone.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- SPDX License List
- hadolint DL3054
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import Rule
from dfopt.rules.label_schema import LabelTypeRule, spdx_problem


class SpdxLabel(LabelTypeRule, Rule):
    code = "DF425"
    title = "Label of schema type `spdx` is not an SPDX license identifier"
    severity = Severity.WARNING
    hadolint = ("DL3054",)
    label_type = "spdx"

    def problem(self, value: str) -> str | None:
        return spdx_problem(value)
