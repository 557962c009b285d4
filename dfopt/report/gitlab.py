"""GitLab Code Quality report (a subset of Code Climate's issue format).

Fingerprints identify an issue across commits: they hash the rule, the file and the flagged text
(not its line number, so the issue keeps its identity when lines move), numbered when the same
text is flagged twice in one file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from dfopt.app.results import CheckResult
from dfopt.report.base import LineIndex
from dfopt.findings import Severity

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "minor", Severity.STYLE: "info"}


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def document(result: CheckResult) -> list[dict]:
    issues = []
    for file in result.files:
        if file.error is not None:
            line = file.error.line or 1
            issues.append(
                {
                    "type": "issue",
                    "check_name": "dfopt/parse-error",
                    "description": f"dfopt cannot check this file: {file.error.message}",
                    "categories": ["Bug Risk"],
                    "severity": "blocker",
                    "fingerprint": fingerprint("parse-error", file.path),
                    "location": {"path": file.path, "lines": {"begin": line, "end": line}},
                }
            )
            continue
        index = LineIndex(file.text)
        seen: Counter = Counter()
        for f in file.findings:
            start, end = index.display_span(f.start, f.end)
            key = (f.code, " ".join(file.text[f.start : f.end].split()))
            seen[key] += 1
            description = f"{f.code}: {f.message}"
            if f.fix is not None:
                description += f" (fix: {f.fix.applicability.value})"
            issues.append(
                {
                    "type": "issue",
                    "check_name": f.code,
                    "description": description,
                    "content": {"body": result.rule(f.code).docs or result.rule(f.code).title},
                    "categories": ["Style"] if f.severity is Severity.STYLE else ["Bug Risk"],
                    "severity": SEVERITIES[f.severity],
                    "fingerprint": fingerprint(f.code, file.path, key[1], str(seen[key])),
                    "location": {"path": file.path, "lines": {"begin": start.line, "end": end.line}},
                }
            )
    return issues


def render(result: CheckResult) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
