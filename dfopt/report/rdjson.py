"""reviewdog's diagnostic format (rdjson): findings with `suggestions`, so reviewdog can post
each fix as a GitHub suggestion a reviewer applies with one click.

Columns count UTF-8 bytes and ranges end exclusively, as reviewdog's format defines. Only the
fixes the user asked for are suggested (safe ones; unsafe ones too with --unsafe-fixes); the
others are named in the message.

A fix becomes ONE suggestion over whole lines (its edits applied to those lines): GitHub applies
one suggestion a comment, as a replacement of whole lines, and reviewdog posts the comment on the
first suggestion's lines. A fix that removes whole lines ends its range at column 1 of the next
line, which the format and reviewdog both read as "through the line break".
"""

from __future__ import annotations

import json

from dfopt.app.results import CheckResult
from dfopt.report.base import LineIndex
from dfopt.findings import Fix, Severity

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO", Severity.STYLE: "INFO"}


def _range(index: LineIndex, start: int, end: int) -> dict:
    first, last = index.position(start), index.position(end)
    return {
        "start": {"line": first.line, "column": index.byte_column(start)},
        "end": {"line": last.line, "column": index.byte_column(end)},
    }


def _suggestion(index: LineIndex, fix: Fix) -> dict:
    start = index.line_start(index.position(fix.start).line)
    end = fix.end
    end_position = index.position(end)
    if not (end_position.column == 1 and end > start):
        end = index.content_end(end_position.line)
    chunk = index.text[start:end]
    for e in sorted(fix.edits, key=lambda e: (e.start, e.end), reverse=True):
        chunk = chunk[: e.start - start] + e.content + chunk[e.end - start :]
    return {"range": _range(index, start, end), "text": chunk}


def document(result: CheckResult) -> dict:
    diagnostics = []
    for file in result.files:
        if file.error is not None:
            location: dict = {"path": file.path}
            if file.error.line is not None:
                location["range"] = {"start": {"line": file.error.line}}
            diagnostics.append(
                {
                    "message": f"dfopt cannot check this file: {file.error.message}",
                    "location": location,
                    "severity": "ERROR",
                    "code": {"value": "parse-error"},
                }
            )
            continue
        index = LineIndex(file.text)
        for f in file.findings:
            first, last = index.display_span(f.start, f.end)
            rule = result.rule(f.code)
            message = f.message
            diagnostic: dict = {
                "message": message,
                "location": {"path": file.path, "range": _range(index, first.offset, last.offset)},
                "severity": SEVERITIES[f.severity],
                "code": {"value": f.code, "url": rule.url},
            }
            if result.offered(f.fix):
                diagnostic["suggestions"] = [_suggestion(index, f.fix)]
            elif f.fix is not None:
                diagnostic["message"] = f"{message} (an unsafe fix is available: dfopt rewrite --unsafe-fixes)"
            elif f.no_fix_reason:
                diagnostic["message"] = f"{message} (no fix: {f.no_fix_reason})"
            diagnostics.append(diagnostic)
    return {"source": {"name": "dfopt"}, "diagnostics": diagnostics}


def render(result: CheckResult) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
