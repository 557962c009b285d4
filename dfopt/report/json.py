"""Machine-readable findings with their fixes; the schema is documented in docs/json-schema.md
and checked in the tests against docs/check-output.schema.json. Bump SCHEMA_VERSION on any
change that is not a pure addition of a field."""

from __future__ import annotations

import json

from dfopt.app.results import CheckResult
from dfopt.report.base import LineIndex, Position, summarize

SCHEMA_VERSION = 1


def _position(p: Position) -> dict:
    return {"line": p.line, "column": p.column, "offset": p.offset}


def document(result: CheckResult) -> dict:
    findings = []
    for file in result.files:
        if file.error is not None:
            continue
        index = LineIndex(file.text)
        for f in file.findings:
            start, end = index.display_span(f.start, f.end)
            fix = None
            if f.fix is not None:
                fix = {
                    "applicability": f.fix.applicability.value,
                    "message": f.fix.message,
                    "edits": [
                        {
                            "start": _position(index.position(e.start)),
                            "end": _position(index.position(e.end)),
                            "content": e.content,
                        }
                        for e in sorted(f.fix.edits, key=lambda e: (e.start, e.end))
                    ],
                }
            rule = result.rule(f.code)
            findings.append(
                {
                    "code": f.code,
                    "title": rule.title,
                    "severity": f.severity.value,
                    "message": f.message,
                    "path": file.path,
                    "start": _position(start),
                    "end": _position(end),
                    "fix": fix,
                    "no_fix_reason": f.no_fix_reason,
                    "url": rule.url,
                    "aliases": result.aliases(f),
                }
            )
    s = summarize(result)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "dfopt", "version": result.tool_version},
        "findings": findings,
        "errors": [
            {"path": file.path, "line": file.error.line, "message": file.error.message}
            for file in result.errors()
        ],
        "summary": {
            "files": len(result.files),
            "files_with_findings": s.files_with_findings,
            "files_failed": s.files_failed,
            "findings": s.findings,
            "by_severity": s.by_severity,
            "fixes": {"safe": s.safe_fixes, "unsafe": s.unsafe_fixes, "none": s.no_fix},
        },
    }


def render(result: CheckResult) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
