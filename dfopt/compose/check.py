"""Check a compose file: parse it with positions, run the compose rules, return Findings."""

from __future__ import annotations

from dfopt.compose.model import is_compose_path, parse_compose
from dfopt.compose.rule import ComposeRule
from dfopt.compose.rules import select_rules
from dfopt.rules.base import Finding

__all__ = ["check_compose", "is_compose_path"]


def check_compose(path: str, text: str, rules: list[type[ComposeRule]] | None = None) -> list[Finding]:
    """Findings for compose file `text` (offsets into `text`), in file order. `rules` defaults to
    every enabled compose rule. Raises DfoptError for YAML that does not parse."""
    compose = parse_compose(text, path)
    findings = [f for rule in (rules if rules is not None else select_rules()) for f in rule().check(compose)]
    return sorted(findings, key=lambda f: (f.start, f.code))
