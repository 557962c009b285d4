"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::warning file=Dockerfile,line=7,endLine=7,col=1,endColumn=22,title=DF101 (apt-get update alone)::message

The message is escaped as GitHub's runner expects (%, CR, LF); property values also escape
`:` and `,`, which would otherwise end the value.
"""

from __future__ import annotations

from dfopt.app.results import CheckResult
from dfopt.report.base import LineIndex
from dfopt.findings import Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice", Severity.STYLE: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: dict, message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def render(result: CheckResult) -> str:
    lines = []
    for file in result.files:
        if file.error is not None:
            props: dict = {"file": file.path}
            if file.error.line is not None:
                props["line"] = file.error.line
            props["title"] = "dfopt: cannot check this file"
            lines.append(_command("error", props, file.error.message))
            continue
        index = LineIndex(file.text)
        for f in file.findings:
            start, end = index.display_span(f.start, f.end)
            props = {"file": file.path, "line": start.line, "endLine": end.line}
            # GitHub accepts columns only for annotations on a single line.
            if start.line == end.line:
                props["col"] = start.column
                props["endColumn"] = end.column
            props["title"] = f"{f.code} ({result.rule(f.code).title})"
            message = f.message
            if f.fix is not None:
                how = "dfopt rewrite" if f.fix.applicability.value == "safe" else "dfopt rewrite --unsafe-fixes"
                message += f"\nFix ({f.fix.applicability.value}, `{how}`): {f.fix.message}"
            elif f.no_fix_reason:
                message += f"\nNo fix: {f.no_fix_reason}"
            lines.append(_command(COMMANDS[f.severity], props, message))
    return "".join(line + "\n" for line in lines)
