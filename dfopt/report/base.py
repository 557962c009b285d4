"""What every output format shares: line and column numbers computed from a file's text (once, the
same way for every format), counts of findings, and paths as URIs.

The formats never parse and never run rules; they only turn `dfopt.app.results` into text.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from dfopt.app.results import CheckResult
from dfopt.findings import Applicability, Severity

BOM = "\ufeff"


@dataclass(frozen=True)
class Summary:
    findings: int
    files_with_findings: int
    files_checked: int
    files_failed: int
    by_severity: dict[str, int]
    safe_fixes: int
    unsafe_fixes: int
    no_fix: int


def artifact_uri(path: str) -> str:
    """A path as a URI reference: relative paths stay relative (forward slashes,
    percent-encoded), absolute ones become file: URIs."""
    import os
    from pathlib import Path
    from urllib.parse import quote

    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"))


def summarize(result: CheckResult) -> Summary:
    severities = Counter(f.severity.value for _, f in result.findings())
    fixes = Counter(f.fix.applicability.value for _, f in result.findings() if f.fix is not None)
    total = sum(severities.values())
    return Summary(
        findings=total,
        files_with_findings=sum(1 for file in result.files if file.findings),
        files_checked=sum(1 for file in result.files if file.error is None),
        files_failed=sum(1 for file in result.files if file.error is not None),
        by_severity={s.value: severities[s.value] for s in sorted(Severity, key=lambda s: -s.rank)},
        safe_fixes=fixes[Applicability.SAFE.value],
        unsafe_fixes=fixes[Applicability.UNSAFE.value],
        no_fix=total - sum(fixes.values()),
    )


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters (Unicode code points); a BOM is not counted
    offset: int  # the str offset it came from


class LineIndex:
    """Maps str offsets of one file's text to lines and columns, and back."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self.starts.append(i + 1)
            i = find("\n", i + 1)

    def _line(self, offset: int) -> int:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside the text (length {len(self.text)})")
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> Position:
        line = self._line(offset)
        column = offset - self.starts[line - 1] + 1
        if line == 1 and self.text.startswith(BOM) and offset > 0:
            column -= 1
        return Position(line, column, offset)

    def byte_column(self, offset: int) -> int:
        """1-based column counted in UTF-8 bytes of the line as it is in the file."""
        line = self._line(offset)
        return len(self.text[self.starts[line - 1] : offset].encode("utf-8")) + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of position(): the str offset of a 1-based line and character column."""
        start = self.starts[line - 1] if line <= len(self.starts) else len(self.text)
        if line == 1 and self.text.startswith(BOM) and column > 0:
            start += 1
        return start + column - 1

    def offset_from_bytes(self, line: int, byte_column: int) -> int:
        """Inverse of byte_column(): the str offset of a 1-based line and UTF-8 byte column."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        encoded = self.text[start:end].encode("utf-8")
        return start + len(encoded[: byte_column - 1].decode("utf-8"))

    def display_span(self, start: int, end: int) -> tuple[Position, Position]:
        """The finding's range as people read it: a span that ends with a line break ends at
        the end of that line, not at column 1 of the next line."""
        if end > start:
            text = self.text
            if text[end - 1] == "\n":
                end -= 2 if end - 2 >= start and text[end - 2] == "\r" else 1
                end = max(end, start)
        return self.position(start), self.position(end)

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def content_end(self, line: int) -> int:
        """The offset just past the line's last character, before its line break."""
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        text = self.text
        if end > self.starts[line - 1] and text[end - 1] == "\n":
            end -= 1
            if end > self.starts[line - 1] and text[end - 1] == "\r":
                end -= 1
        return end
