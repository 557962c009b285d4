"""Check a compose file: parse it with positions, run every compose rule, return Findings."""

from __future__ import annotations

from collections.abc import Collection

from dfopt.compose.model import is_compose_path, parse_compose
from dfopt.compose.rules import RULES
from dfopt.rules.base import Finding

__all__ = ["check_compose", "is_compose_path"]


def check_compose(path: str, text: str, select: Collection[str] | None = None) -> list[Finding]:
    """Findings for compose file `text` (offsets into `text`), ordered by position then code.
    `select` limits the run to those codes. Raises DfoptError for YAML that does not parse."""
    compose = parse_compose(text, path)
    findings = [
        finding
        for rule in RULES
        if select is None or rule.CODE in select
        for finding in rule.check(compose)
    ]
    return sorted(findings, key=lambda f: (f.start, f.code))
