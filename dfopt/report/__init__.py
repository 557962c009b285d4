"""Output formats for `dfopt check`: one module per format, each a pure function
`render(result: CheckResult, ...) -> str` that turns findings and file texts into text.

Modules are imported on demand, so the command pays only for the format it prints.
"""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "gitlab", "rdjson", "diff")


def render(fmt: str, result, **options) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"dfopt.report.{fmt}")
    return module.render(result, **options)
