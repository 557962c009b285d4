"""A unified diff per file of what `dfopt rewrite` would change (with the same fix selection),
ready for `git apply` / `patch -p1`."""

from __future__ import annotations

import difflib
import os

from dfopt.report.base import CheckResult


def render(result: CheckResult) -> str:
    chunks = []
    for file in result.files:
        if file.error is not None or file.fixed_text is None or file.fixed_text == file.text:
            continue
        chunks.append(unified_diff(file.text, file.fixed_text, file.path))
    return "".join(chunks)


def unified_diff(before: str, after: str, name: str) -> str:
    """One file's diff, valid for `git apply` and `patch -p1`: git's a/ b/ prefixes for relative
    paths, lines split at "\n" only (a form feed or a lone "\r" stays inside its line), and a
    last line without a newline marked `\\ No newline at end of file`."""
    old, new = (name, name) if os.path.isabs(name) or name.startswith("<") else (f"a/{name}", f"b/{name}")
    lines = list(difflib.unified_diff(_lines(before), _lines(after), old, new))
    for i, line in enumerate(lines):
        if not line.endswith("\n"):
            lines[i] = line + "\n\\ No newline at end of file\n"
    return "".join(lines)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines
