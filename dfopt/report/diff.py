"""A unified diff per file of what `dfopt rewrite` would change (with the same fix selection),
ready for `git apply` / `patch -p1`."""

from __future__ import annotations

import difflib
import os

from dfopt.app.results import CheckResult


def render(result: CheckResult) -> str:
    chunks = []
    for file in result.files:
        if file.error is not None or file.fixed_text is None or file.fixed_text == file.text:
            continue
        before = file.text.splitlines(keepends=True)
        after = file.fixed_text.splitlines(keepends=True)
        old, new = (file.path, file.path) if os.path.isabs(file.path) else (f"a/{file.path}", f"b/{file.path}")
        lines = list(difflib.unified_diff(before, after, old, new))
        for i, line in enumerate(lines):
            if not line.endswith("\n"):
                lines[i] = line + "\n\\ No newline at end of file\n"
        chunks.append("".join(lines))
    return "".join(chunks)
