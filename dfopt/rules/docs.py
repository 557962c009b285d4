"""Rule documentation: each rule's module docstring, in ruff's sections, rendered for
`dfopt rules CODE` and for docs/rules/CODE.md (scripts/gen_rule_docs.py)."""

from __future__ import annotations

import re

from dfopt.findings import RuleInfo

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "References")
# A rule whose fix is safe also writes down its preconditions, after "Fix safety".
SAFE_FIX_SECTIONS = ("Why this is safe", "When dfopt refuses")

_HEADING_RE = re.compile(r"^## (.+?)\s*$", re.M)


def sections(rule: type[RuleInfo]) -> dict[str, str]:
    """The docstring's `## Heading` sections, by heading, in order."""
    docs = rule.docs()
    heads = list(_HEADING_RE.finditer(docs))
    return {
        m.group(1): docs[m.end() : heads[i + 1].start() if i + 1 < len(heads) else len(docs)].strip()
        for i, m in enumerate(heads)
    }


def missing_sections(rule: type[RuleInfo]) -> list[str]:
    found = sections(rule)
    return [name for name in SECTIONS if not found.get(name)]


def missing_safety_sections(rule: type[RuleInfo]) -> list[str]:
    """The precondition sections a rule with a safe fix lacks (none for other rules)."""
    if rule.fix_safety is None or rule.fix_safety.value != "safe":
        return []
    found = sections(rule)
    return [name for name in SAFE_FIX_SECTIONS if not found.get(name)]


def safety_label(rule: type[RuleInfo]) -> str:
    return rule.fix_safety.value if rule.fix_safety is not None else "no fix"


def render_markdown(rule: type[RuleInfo]) -> str:
    """The page for one rule: title, a line of facts, then the docstring's sections."""
    facts = [
        f"Severity: {rule.severity.value}",
        f"Fix: {safety_label(rule)}",
        f"Default: {'on' if rule.default_enabled else 'off'}",
    ]
    if getattr(rule, "hadolint", ()):  # Dockerfile rules only
        facts.append("hadolint: " + ", ".join(rule.hadolint))
    return f"# {rule.code}: {rule.title}\n\n{' · '.join(facts)}\n\n{rule.docs().strip()}\n"


def render_index(rules: list[type[RuleInfo]]) -> str:
    lines = [
        "# dfopt rules",
        "",
        "Generated from the rules' docstrings by `scripts/gen_rule_docs.py`; do not edit by hand.",
        "",
        "| code | title | severity | fix | default |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        title = rule.title.replace("|", "\\|")
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {title} | {rule.severity.value} | {safety_label(rule)} "
            f"| {'on' if rule.default_enabled else 'off'} |"
        )
    return "\n".join(lines) + "\n"


def rendered_pages(rules: list[type[RuleInfo]]) -> dict[str, str]:
    """docs/rules/ as it should be: file name -> content."""
    pages = {f"{rule.code}.md": render_markdown(rule) for rule in rules}
    pages["README.md"] = render_index(rules)
    return pages
