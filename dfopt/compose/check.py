"""Check a compose file: parse it with positions, run the compose rules, return Findings.

A finding is suppressed by `# dfopt: ignore=CODE[,CODE]` at the end of the line it starts on, or
on the comment lines right above that line (as for Dockerfiles, where the comment precedes the
instruction)."""

from __future__ import annotations

from dfopt.compose.model import is_compose_path, parse_compose
from dfopt.compose.rule import ComposeRule
from dfopt.compose.rules import ALL_RULES
from dfopt.fixer import _SUPPRESS_RE, FixResult, fix_to_fixed_point
from dfopt.findings import Finding

__all__ = ["check_compose", "fix_compose", "is_compose_path"]


def check_compose(path: str, text: str, rules: list[type[ComposeRule]] | None = None) -> list[Finding]:
    """Findings for compose file `text` (offsets into `text`), in file order. `rules` defaults to
    every enabled compose rule. Raises DfoptError for YAML that does not parse."""
    compose = parse_compose(text, path)
    chosen = rules if rules is not None else [r for r in ALL_RULES if r.default_enabled]
    findings = [f for rule in chosen for f in rule().check(compose)]
    lines = text.splitlines()
    kept = [f for f in findings if f.code not in _suppressed_codes(lines, text.count("\n", 0, f.start))]
    return sorted(kept, key=lambda f: (f.start, f.code))


def _suppressed_codes(lines: list[str], index: int) -> set[str]:
    """Codes named by ignore comments on line `index` (0-based) or the comment lines above it."""
    codes: set[str] = set()
    candidates = [lines[index]] if index < len(lines) else []
    above = index - 1
    while above >= 0 and lines[above].lstrip().startswith("#"):
        candidates.append(lines[above])
        above -= 1
    for line in candidates:
        match = _SUPPRESS_RE.search(line)
        if match and match.group(1).startswith("dfopt"):
            codes |= {c.strip().upper() for c in match.group(2).split(",") if c.strip()}
    return codes


def fix_compose(text: str, path: str = "compose.yaml", rules: list[type[ComposeRule]] | None = None,
                unsafe: bool = False) -> FixResult:
    """Apply safe fixes (and unsafe ones when asked) to a fixed point, with the same loop as
    Dockerfiles."""
    return fix_to_fixed_point(text, path, unsafe, lambda current: check_compose(path, current, rules))
