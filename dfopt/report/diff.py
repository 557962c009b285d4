"""A unified diff per file of what `dfopt rewrite` would change (with the same fix selection),
ready for `git apply` / `patch -p1`."""

from __future__ import annotations

from dfopt.app.files import unified_diff
from dfopt.app.results import CheckResult


def render(result: CheckResult) -> str:
    chunks = []
    for file in result.files:
        if file.error is not None or file.fixed_text is None or file.fixed_text == file.text:
            continue
        chunks.append(unified_diff(file.text, file.fixed_text, file.path))
    return "".join(chunks)

