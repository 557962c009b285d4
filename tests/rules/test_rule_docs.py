"""Every rule documents itself in ruff's sections, in order."""

import pytest

from dfopt.rules.registry import ALL_RULES

SECTIONS = ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety", "## References"]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_docs_have_every_section_in_order(rule):
    docs = rule.docs()
    positions = [docs.find(s) for s in SECTIONS]
    assert -1 not in positions, f"{rule.code} lacks {SECTIONS[positions.index(-1)]}"
    assert positions == sorted(positions)


def test_codes_are_unique_and_titled():
    assert len({r.code for r in ALL_RULES}) == len(ALL_RULES)
    assert all(r.title for r in ALL_RULES)
