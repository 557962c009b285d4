"""What `dfopt check` returns and every report reads: the checked files with their findings, the
files that could not be checked, and what each rule says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping

from dfopt.findings import Applicability, Finding, Fix, Severity

# Where a rule's documentation lives. The docs are rendered into docs/rules/CODE.md by
# scripts/gen_rule_docs.py; by default the link is relative to the repository root. Set
# DFOPT_DOCS_URL (a template with {code}) for absolute links, as the GitHub Action does. Every
# format also carries the docs' text, so nothing depends on the link.
DOCS_URL = "docs/rules/{code}.md"


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
    # Codes of other tools the rule answers to (hadolint's DL3008).
    aliases: tuple[str, ...] = ()

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

    def aliases(self, finding: Finding) -> list[str]:
        """Every alias of a finding: its rule's, then its own (a ShellCheck code), no repeats."""
        return list(dict.fromkeys((*self.rule(finding.code).aliases, *finding.aliases)))

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
