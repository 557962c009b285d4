"""## What it does
Finds labels of type `url` in the label schema whose value is not an absolute URL (RFC 3986: a
scheme, `:`, then the rest in the characters URLs allow).

## Why is this bad?
Tools turn these labels into links (the source repository, the documentation): a relative path,
a host without a scheme or a value with spaces leads nowhere.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.source: url}
LABEL org.opencontainers.image.source="example.com/acme/app"
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.source="https://example.com/acme/app"
```

## Fix safety
No fix: the scheme and the address cannot be guessed.

Spaces, `{`, `|`, `^` and non-ASCII letters must be percent-encoded (`%20`). A value from a build
variable is left alone.

## Options
The schema is DF420's option `label-schema` (see DF420).

## References
- RFC 3986, section 3 (syntax components)
- hadolint DL3052
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import Rule
from dfopt.rules.label_schema import LabelTypeRule, is_url


class UrlLabel(LabelTypeRule, Rule):
    code = "DF423"
    title = "Label of schema type `url` is not a URL"
    severity = Severity.WARNING
    hadolint = ("DL3052",)
    label_type = "url"

    def problem(self, value: str) -> str | None:
        return None if is_url(value) else "not an absolute URL (scheme:...)"
