"""For people: one line a finding, `path:line:col: CODE message`, then a summary.

    Dockerfile:7:1: DF101 [*] `apt-get update` runs in its own RUN
      help: merge it into the install on line 9
    Dockerfile:12:5: DF204 [unsafe] ...

`[*]` marks a safe fix (`dfopt rewrite` applies it), `[unsafe]` one that needs --unsafe-fixes.
Colours only when the caller says the output is a terminal.
"""

from __future__ import annotations

from dfopt.app.results import CheckResult
from dfopt.report.base import LineIndex, summarize
from dfopt.findings import Applicability, Severity

_RESET = "\x1b[0m"
_STYLES = {
    "path": "\x1b[1m",
    "dim": "\x1b[2m",
    "fix": "\x1b[36m",
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
    Severity.STYLE: "\x1b[1;35m",
}


def render(result: CheckResult, *, color: bool = False, show_help: bool = True, summary: bool = True) -> str:
    """The findings, one a line with its hint, then a summary (left out with `summary=False`,
    for `check -q`)."""
    def paint(style, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if color else text

    lines: list[str] = []
    for file in result.files:
        if file.error is not None:
            where = file.path if file.error.line is None else f"{file.path}:{file.error.line}"
            lines.append(f"{paint('path', where)}: {paint(Severity.ERROR, 'error')}: {file.error.message}")
            continue
        index = LineIndex(file.text)
        for finding in file.findings:
            start, _ = index.display_span(finding.start, finding.end)
            where = f"{file.path}:{start.line}:{start.column}"
            mark = ""
            if finding.fix is not None:
                mark = "[*] " if finding.fix.applicability is Applicability.SAFE else "[unsafe] "
            lines.append(
                f"{paint('path', where)}: {paint(finding.severity, finding.code)} "
                f"{paint('fix', mark) if mark else ''}{_indent(finding.message)}"
            )
            if not show_help:
                continue
            if finding.fix is not None and finding.fix.message:
                lines.append(f"  {paint('dim', 'help:')} {finding.fix.message}")
            elif finding.fix is None and finding.no_fix_reason:
                lines.append(f"  {paint('dim', 'no fix:')} {finding.no_fix_reason}")
    if not summary:
        return "".join(line + "\n" for line in lines)
    if lines:
        lines.append("")
    lines.extend(_summary_lines(result))
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    # A message of several lines keeps one finding a line: continuation lines are indented.
    return "\n    ".join(text.splitlines()) if "\n" in text else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary_lines(result: CheckResult) -> list[str]:
    s = summarize(result)
    checked = _plural(s.files_checked, "file")
    if s.findings == 0:
        head = f"No findings in {checked}."
    else:
        counts = ", ".join(_plural(n, sev) for sev, n in s.by_severity.items() if n)
        head = (
            f"Found {_plural(s.findings, 'finding')} in {s.files_with_findings} of {checked} ({counts})."
        )
    out = [head]
    if s.files_failed:
        out.append(f"{_plural(s.files_failed, 'file')} could not be checked.")
    if s.findings:
        parts = [f"{s.safe_fixes} fixable with `dfopt rewrite` (safe)"]
        if s.unsafe_fixes:
            parts.append(f"{s.unsafe_fixes} more with `dfopt rewrite --unsafe-fixes`")
        if s.no_fix:
            parts.append(f"{s.no_fix} without a fix")
        out.append("[*] " + "; ".join(parts) + ".")
    return out
