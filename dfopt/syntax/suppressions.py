"""Ignore comments: `# dfopt: ignore=DF101`, hadolint's `# hadolint ignore=DL3008` and their
`global` (whole-file) forms, read from a comment's text. The fixer applies them; DF440 reports
the inline ones."""

from __future__ import annotations

import re

SUPPRESS_RE = re.compile(r"#\s*(?P<tool>dfopt:?|hadolint)\s+(?P<scope>global\s+)?ignore"
                         r"(?:\s*=\s*(?P<codes>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)|(?=\s|$))")

ALL_CODES = "*"  # a bare `# dfopt: ignore`: every code


def parse_suppression(comment: str) -> tuple[bool, set[str]] | None:
    """(global, codes) of a suppression comment, or None when the text is not one:
    `# dfopt: ignore=DF101,DL3008`, `# hadolint ignore=DL3008`, `# hadolint global ignore=...`
    (the whole file), and a bare `# dfopt: ignore` (every code; `{ALL_CODES}`)."""
    m = SUPPRESS_RE.search(comment)
    if not m:
        return None
    if m.group("codes") is None:
        if m.group("tool").startswith("hadolint"):
            return None  # hadolint has no bare form; a bare `# hadolint ignore` silences nothing
        return bool(m.group("scope")), {ALL_CODES}
    return bool(m.group("scope")), {c.strip().upper() for c in m.group("codes").split(",") if c.strip()}
