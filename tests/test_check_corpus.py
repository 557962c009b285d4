"""`dfopt check` over the real-world corpus: every file is checked or reported, every format
renders, SARIF and JSON validate against their schemas, and the rdjson suggestions reproduce
`dfopt rewrite --unsafe-fixes` file by file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_dir
from consumers import apply_rdjson

from dfopt.app.check import check_paths
from dfopt.app.settings import Settings
from dfopt.context import for_dockerfile
from dfopt.fixer import fix_text
from dfopt.report import FORMATS, render
from dfopt import catalogue

pytestmark = pytest.mark.corpus
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus_result():
    base = shared_dir()
    if base is None:
        pytest.skip("../shared/corpus is absent")
    return check_paths([str(base / "corpus" / "dockerfiles")], Settings(select=("ALL",), unsafe_fixes=True))


def test_every_corpus_dockerfile_is_checked_or_reported(corpus_result):
    from dfopt.errors import ParseError
    from dfopt.syntax import parse

    assert len(corpus_result.files) >= 200
    failed = [f for f in corpus_result.files if f.error]
    # a few corpus files are really broken (a missing continuation escape): reported, with a line
    assert len(failed) <= len(corpus_result.files) // 50
    for file in failed:
        assert file.error.line is not None
        with pytest.raises(ParseError):
            parse(file.text, file.path)


def test_every_format_renders_and_the_structured_ones_validate(corpus_result):
    jsonschema = pytest.importorskip("jsonschema")
    outputs = {fmt: render(fmt, corpus_result) for fmt in FORMATS}
    sarif_schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(sarif_schema).validate(json.loads(outputs["sarif"]))
    own_schema = json.loads((ROOT / "docs" / "check-output.schema.json").read_text())
    jsonschema.Draft7Validator(own_schema).validate(json.loads(outputs["json"]))
    assert json.loads(outputs["json"])["summary"]["files"] == len(corpus_result.files)


def test_rdjson_suggestions_reproduce_the_rewrite_on_the_corpus(corpus_result):
    doc = json.loads(render("rdjson", corpus_result))
    rules = catalogue.select_rules(["ALL"])
    for file in corpus_result.files:
        if file.error:
            continue
        context = for_dockerfile(file.path)  # what `dfopt check` used: the Dockerfile's folder
        expected = fix_text(file.text, rules, file.path, unsafe=True, build_context=context).text
        applied = apply_rdjson(file.text, file.path, doc)
        # one round of suggestions; fixes that overlap wait for the next review round
        if applied != expected:
            assert fix_text(applied, rules, file.path, unsafe=True, build_context=context).text == expected, file.path


def test_check_hints_are_in_the_imperative(corpus_result):
    """Every fix hint `check` shows starts its clauses with a verb in the imperative: a rule that
    writes a past-tense verb dfopt/app/hints.py does not know fails here."""
    import re

    from dfopt.app.hints import IMPERATIVE

    past = set(IMPERATIVE) - set(IMPERATIVE.values())
    hints = [f.fix.message for _, f in corpus_result.findings() if f.fix is not None]
    assert hints
    for hint in hints:
        outside = " ".join(hint.split("`")[::2])
        first = re.match(r"[a-z]+", outside)
        assert first is None or (first.group(0) not in past and not first.group(0).endswith("ed")), hint
