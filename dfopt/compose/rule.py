"""The base of compose rules: a rule's identity (code, title, severity, fix safety, docs in the
module docstring), with `check` over a parsed compose file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from dfopt.compose.model import ComposeFile
from dfopt.findings import Finding, Fix, RuleInfo

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml


class ComposeRule(RuleInfo):
    def check(self, compose: ComposeFile) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def report(self, compose: ComposeFile, node: yaml.Node, message: str, fix: Fix | None = None,
               no_fix_reason: str | None = None) -> Finding:
        return compose.finding(self.code, message, self.severity, node, fix, no_fix_reason)
