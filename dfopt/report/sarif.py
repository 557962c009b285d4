"""SARIF 2.1.0 (OASIS), for code-scanning services: results with their fixes as
`artifactChanges`, rules with their documentation as help text.

Columns count Unicode code points (`columnKind`); regions also carry `charOffset`/`charLength`,
so a consumer can apply a fix without recounting columns.
"""

from __future__ import annotations

import json

from dfopt.app.results import CheckResult
from dfopt.report.base import LineIndex, artifact_uri
from dfopt.findings import Severity

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.STYLE: "note"}


def _region(index: LineIndex, start: int, end: int, *, display: bool) -> dict:
    if display:
        first, last = index.display_span(start, end)
    else:
        first, last = index.position(start), index.position(end)
    return {
        "startLine": first.line,
        "startColumn": first.column,
        "endLine": last.line,
        "endColumn": last.column,
        "charOffset": first.offset,
        "charLength": last.offset - first.offset,
    }


def _rule(result: CheckResult, code: str) -> dict:
    meta = result.rule(code)
    rule: dict = {"id": code}
    if meta.name:
        rule["name"] = meta.name
    rule["shortDescription"] = {"text": meta.title}
    if meta.summary:
        rule["fullDescription"] = {"text": meta.summary}
    if meta.docs:
        rule["help"] = {"text": meta.docs, "markdown": meta.docs}
    properties: dict = {"fixSafety": meta.safety, "tags": ["dockerfile"]}
    if meta.aliases:
        properties["aliases"] = list(meta.aliases)
    # Code scanning rejects a helpUri that is not an absolute URI, so a relative link to the
    # docs (the default, docs/rules/CODE.md) goes into the properties instead.
    if _absolute(meta.url):
        rule["helpUri"] = meta.url
    else:
        properties["docs"] = meta.url
    rule["defaultConfiguration"] = {"level": LEVELS[meta.severity]}
    rule["properties"] = properties
    return rule


def _absolute(url: str) -> bool:
    scheme, sep, rest = url.partition("://")
    return bool(sep and scheme.isalpha() and rest)


def document(result: CheckResult) -> dict:
    codes = sorted(set(result.rules) | {f.code for _, f in result.findings()})
    rule_index = {code: i for i, code in enumerate(codes)}
    results = []
    notifications = []
    for file in result.files:
        uri = artifact_uri(file.path)
        if file.error is not None:
            note: dict = {"level": "error", "message": {"text": file.error.message}}
            location: dict = {"artifactLocation": {"uri": uri}}
            if file.error.line is not None:
                location["region"] = {"startLine": file.error.line}
            note["locations"] = [{"physicalLocation": location}]
            notifications.append(note)
            continue
        index = LineIndex(file.text)
        for f in file.findings:
            item: dict = {
                "ruleId": f.code,
                "ruleIndex": rule_index[f.code],
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": _region(index, f.start, f.end, display=True),
                        }
                    }
                ],
            }
            if f.fix is not None:
                item["fixes"] = [
                    {
                        "description": {"text": f.fix.message or f"fix for {f.code}"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": _region(index, e.start, e.end, display=False),
                                        "insertedContent": {"text": e.content},
                                    }
                                    for e in sorted(f.fix.edits, key=lambda e: (e.start, e.end))
                                ],
                            }
                        ],
                        "properties": {"applicability": f.fix.applicability.value},
                    }
                ]
            elif f.no_fix_reason:
                item["properties"] = {"noFixReason": f.no_fix_reason}
            aliases = result.aliases(f)
            if aliases:
                item.setdefault("properties", {})["aliases"] = aliases
            results.append(item)
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dfopt",
                        "version": result.tool_version,
                        "rules": [_rule(result, code) for code in codes],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(result: CheckResult) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
