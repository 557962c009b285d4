"""What every output format reads: the checked files, their findings, the rules' metadata.

The formats never parse and never run rules; they only turn this data into text. Line and
column numbers are computed here from the file's text, once, the same way for every format.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from dfopt.findings import Applicability, Finding, Fix, Severity

# Where a rule's documentation lives. The docs are rendered into docs/rules/CODE.md by
# scripts/gen_rule_docs.py; by default the link is relative to the repository root. Set
# DFOPT_DOCS_URL (a template with {code}) for absolute links, as the GitHub Action does. Every
# format also carries the docs' text, so nothing depends on the link.
DOCS_URL = "docs/rules/{code}.md"

BOM = "\ufeff"


@dataclass(frozen=True)
class RuleMeta:
    """What a report says about a rule besides the finding itself."""

    code: str
    title: str
    # A stable kebab-case identifier (ruff's rule names), when the rule has one.
    name: str = ""
    # One sentence: what the rule finds (the docstring's "What it does" section).
    summary: str = ""
    # The whole documentation, Markdown (the rule's docstring).
    docs: str = ""
    severity: Severity = Severity.WARNING
    safety: str = "safe"
    docs_url: str = DOCS_URL

    @property
    def url(self) -> str:
        return self.docs_url.format(code=self.code)


@dataclass(frozen=True)
class FileError:
    """The file could not be checked at all (unreadable, or not a Dockerfile dfopt can parse)."""

    message: str
    line: int | None = None


@dataclass(frozen=True)
class FileResult:
    path: str
    text: str
    findings: tuple[Finding, ...] = ()
    error: FileError | None = None
    # What `dfopt rewrite` makes of the file with the fixes the user asked for; only the `diff`
    # format needs it, so the checker computes it only then.
    fixed_text: str | None = None


@dataclass(frozen=True)
class CheckResult:
    files: tuple[FileResult, ...]
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)
    # Whether the user asked for unsafe fixes: formats that apply or propose edits directly
    # (rdjson suggestions, diff) offer unsafe fixes only then; data formats always carry them.
    unsafe_fixes: bool = False
    tool_version: str = ""

    def rule(self, code: str) -> RuleMeta:
        return self.rules.get(code) or RuleMeta(code=code, title=code)

    def findings(self) -> Iterator[tuple[FileResult, Finding]]:
        for file in self.files:
            for finding in file.findings:
                yield file, finding

    def errors(self) -> Iterator[FileResult]:
        return (file for file in self.files if file.error is not None)

    def offered(self, fix: Fix | None) -> bool:
        """Whether a format that proposes edits should propose this fix."""
        return fix is not None and (self.unsafe_fixes or fix.applicability is Applicability.SAFE)


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
