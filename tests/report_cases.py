"""A hand-built check result that exercises every format: safe, unsafe and missing fixes, a fix
with several edits, non-ASCII text before a finding (columns in characters vs UTF-8 bytes), a
CRLF file with a BOM, characters that workflow commands must escape, and a file that failed."""

from __future__ import annotations

from dfopt.app.results import CheckResult, FileError, FileResult, RuleMeta
from dfopt.findings import Applicability, Edit, Finding, Fix, Severity

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE

MAIN = (
    "FROM debian:12\n"
    "RUN apt-get update\n"
    "RUN apt-get install -y curl\n"
    "# café: ünïcode before trailing spaces   \n"
    'LABEL description="naïve café" maintainer=x\n'
    "CMD python app.py\n"
)

CRLF = "\ufeffFROM node:20\r\nCOPY . .\r\nRUN npm install\r\n"


def at(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return index


def span(text: str, needle: str) -> tuple[int, int]:
    start = at(text, needle)
    return start, start + len(needle)


def main_findings(text: str = MAIN) -> tuple[Finding, ...]:
    line2 = at(text, "RUN apt-get update")
    line3 = at(text, "RUN apt-get install")
    trailing = at(text, "   \n")
    install_end = at(text, "install") + len("install")
    cmd_start, cmd_end = span(text, "python app.py")
    m_start, m_end = span(text, "maintainer=x")
    return (
        Finding(
            "DF101",
            "`apt-get update` runs in its own RUN; a later install can use stale package lists",
            Severity.WARNING,
            line2,
            text.index("\n", line3) + 1,
            fix=Fix(
                (Edit(line2, line3, ""), Edit(line3, line3 + 4, "RUN apt-get update && ")),
                SAFE,
                "merge `apt-get update` into the install on line 3",
            ),
        ),
        Finding(
            "DF102",
            "`apt-get install` without `--no-install-recommends`",
            Severity.INFO,
            line3 + 4,
            install_end,
            fix=Fix((Edit(install_end, install_end, " --no-install-recommends"),), UNSAFE, "add --no-install-recommends"),
        ),
        Finding(
            "DF330",
            "trailing whitespace",
            Severity.STYLE,
            trailing,
            trailing + 3,
            fix=Fix((Edit(trailing, trailing + 3, ""),), SAFE, "remove the trailing whitespace"),
        ),
        Finding(
            "DF320",
            "`maintainer` label: use `org.opencontainers.image.authors`",
            Severity.INFO,
            m_start,
            m_end,
            no_fix_reason="the label's value is read by tooling this file cannot see",
        ),
        Finding(
            "DF310",
            "CMD in shell form: signals do not reach the process",
            Severity.WARNING,
            cmd_start,
            cmd_end,
            fix=Fix((Edit(cmd_start, cmd_end, '["python", "app.py"]'),), UNSAFE, "use the exec form"),
        ),
    )


def crlf_findings(text: str = CRLF) -> tuple[Finding, ...]:
    start, end = span(text, "npm install")
    return (
        Finding(
            "DF401",
            "`npm install` ignores the lock file: use `npm ci` (100% reproducible, a: b, c%d)\nsee the docs",
            Severity.ERROR,
            start,
            end,
            fix=Fix((Edit(start, end, "npm ci"),), SAFE, "use `npm ci`"),
        ),
    )


RULES = {
    code: RuleMeta(
        code=code,
        title=title,
        name=name,
        summary=f"Finds {title}.",
        docs=f"## What it does\nFinds {title}.\n\n## Why is this bad?\nIt costs.\n",
        severity=severity,
        safety=safety,
        aliases=("DL3015",) if code == "DF102" else (),
    )
    for code, name, title, severity, safety in [
        ("DF101", "apt-update-alone", "apt-get update in its own RUN", Severity.WARNING, "safe"),
        ("DF102", "apt-recommends", "apt-get install without --no-install-recommends", Severity.INFO, "unsafe"),
        ("DF310", "cmd-shell-form", "CMD in shell form", Severity.WARNING, "unsafe"),
        ("DF320", "maintainer-label", "maintainer label", Severity.INFO, "none"),
        ("DF330", "trailing-whitespace", "trailing whitespace", Severity.STYLE, "safe"),
        ("DF401", "npm-install", "npm install instead of npm ci", Severity.ERROR, "safe"),
    ]
}


def apply_edits(text: str, edits) -> str:
    """The simplest correct consumer: non-overlapping edits, applied from the end."""
    out = text
    last = None
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if last is not None and e.end > last:
            raise ValueError("overlapping edits")
        out = out[: e.start] + e.content + out[e.end :]
        last = e.start
    return out


def safe_fixed(text: str, findings) -> str:
    return apply_edits(text, [e for f in findings if f.fix and f.fix.applicability is SAFE for e in f.fix.edits])


def sample_result(*, unsafe_fixes: bool = False) -> CheckResult:
    main, crlf = main_findings(), crlf_findings()
    return CheckResult(
        files=(
            FileResult("Dockerfile", MAIN, main, fixed_text=safe_fixed(MAIN, main)),
            FileResult("services/api,v2/Dockerfile.prod", CRLF, crlf, fixed_text=safe_fixed(CRLF, crlf)),
            FileResult("broken/Dockerfile", "FROM a\nRUN <<EOF\n", error=FileError("unterminated heredoc <<EOF (opened on line 2)", 2)),
            FileResult("clean.Dockerfile", "FROM scratch\n", fixed_text="FROM scratch\n"),
        ),
        rules=RULES,
        unsafe_fixes=unsafe_fixes,
        tool_version="0.0.0-test",
    )
