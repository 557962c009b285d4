"""`dfopt check --statistics`: how often each rule fired, most frequent first (ruff's habit).

    text:  `   12  DF109  [*] apt-get install without --no-install-recommends`
    json:  [{"code": "DF109", "count": 12, "title": ..., "fixable": true, "aliases": [...]}]

`[*]` (text) and `fixable` (json): at least one of the findings has a fix `dfopt rewrite`
applies (safe, or unsafe when --unsafe-fixes was given).
"""

from __future__ import annotations

import json
from collections import Counter

from dfopt.app.results import CheckResult


def rows(result: CheckResult) -> list[dict]:
    counts = Counter(f.code for _, f in result.findings())
    fixable = {f.code for _, f in result.findings() if result.offered(f.fix)}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "count": count, "title": result.rule(code).title, "fixable": code in fixable,
             "aliases": list(result.rule(code).aliases)} for code, count in ordered]


def render(result: CheckResult, *, fmt: str = "text") -> str:
    table = rows(result)
    if fmt == "json":
        return json.dumps(table, indent=2, ensure_ascii=False) + "\n"
    if not table:
        return ""
    count_width = max(len(str(row["count"])) for row in table)
    code_width = max(len(row["code"]) for row in table)
    return "".join(f"{row['count']:>{count_width}}  {row['code']:<{code_width}}  "
                   f"{'[*]' if row['fixable'] else '   '} {row['title']}\n" for row in table)
