"""Rule docs live in the rules' docstrings; docs/rules/ is generated from them and kept fresh."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from dfopt.rules.base import Rule
from dfopt.findings import Applicability
from dfopt.rules.docs import SAFE_FIX_SECTIONS, SECTIONS, missing_safety_sections, missing_sections, rendered_pages
from dfopt.catalogue import CATALOGUE as ALL_RULES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_documents_every_section(rule):
    assert missing_sections(rule) == [], f"{rule.code}'s docstring lacks sections"


SAFE_RULES = [r for r in ALL_RULES if r.fix_safety is Applicability.SAFE]


@pytest.mark.parametrize("rule", SAFE_RULES, ids=[r.code for r in SAFE_RULES])
def test_every_safe_fix_says_why_it_is_safe_and_when_dfopt_refuses(rule):
    assert missing_safety_sections(rule) == [], f"{rule.code} has a safe fix but no written preconditions"


def test_a_safe_rule_without_its_preconditions_is_caught():
    module = type(sys)("fake_safe_rule_module")
    module.__doc__ = "".join(f"## {name}\nText.\n\n" for name in SECTIONS) + "## Why this is safe\nBecause.\n"
    sys.modules["fake_safe_rule_module"] = module
    try:
        attrs = {"__module__": "fake_safe_rule_module", "code": "DF000", "title": "t"}
        safe = type("FakeSafe", (Rule,), {**attrs, "fix_safety": Applicability.SAFE})
        unsafe = type("FakeUnsafe", (Rule,), {**attrs, "fix_safety": Applicability.UNSAFE})
        assert missing_safety_sections(safe) == [SAFE_FIX_SECTIONS[1]]
        assert missing_safety_sections(unsafe) == []
    finally:
        del sys.modules["fake_safe_rule_module"]


def test_a_docstring_without_a_section_is_caught():
    module = type(sys)("fake_rule_module")
    module.__doc__ = "## What it does\nX.\n\n## Why is this bad?\nY.\n\n## Example\n```\nA\n```\n"
    sys.modules["fake_rule_module"] = module
    try:
        rule = type("Fake", (Rule,), {"__module__": "fake_rule_module", "code": "DF000", "title": "t"})
        assert missing_sections(rule) == list(SECTIONS[3:])
    finally:
        del sys.modules["fake_rule_module"]


def test_docs_rules_folder_is_up_to_date():
    folder = ROOT / "docs" / "rules"
    pages = rendered_pages(list(ALL_RULES))
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    assert on_disk == pages, "docs/rules/ is stale: run python scripts/gen_rule_docs.py"


def test_generator_check_mode_passes_on_the_repository():
    script = ROOT / "scripts" / "gen_rule_docs.py"
    fresh = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stderr


def test_generator_finds_changed_missing_and_extra_pages(tmp_path):
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.OUT = tmp_path
    pages = rendered_pages(list(ALL_RULES))
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert script.stale(pages) == []
    first = sorted(pages)[0]
    (tmp_path / first).write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "DF000.md").write_text("a removed rule\n", encoding="utf-8")
    assert script.stale(pages) == sorted([first, "DF000.md"])


def test_only_rules_documented_as_safe_offer_safe_fixes():
    # The precondition check above keys on a rule's fix_safety; a rule that is not marked safe
    # must then never hand out a safe fix, or its preconditions would go unwritten.
    from dfopt.catalogue import rules_for
    from dfopt.context import BuildContext
    from dfopt.fixer import check
    from dfopt.syntax import parse

    by_code = {r.code: r for r in ALL_RULES}
    cases = [(p, None) for p in sorted((ROOT / "tests" / "rules" / "fixtures").glob("*.Dockerfile"))]
    cases += [(p / "Dockerfile", BuildContext.from_dir(p)) for p in sorted((ROOT / "tests" / "safety" / "lab").iterdir())
              if (p / "Dockerfile").is_file()]
    seen = 0
    for path, context in cases:
        rules = [r for r in rules_for(str(path), list(ALL_RULES))]
        for finding in check(parse(path.read_text()), rules, str(path), context):
            if finding.fix is not None and finding.fix.applicability is Applicability.SAFE:
                seen += 1
                assert by_code[finding.code].fix_safety is Applicability.SAFE, finding.code
    assert seen, "no safe fix was seen: the test checks nothing"
