"""The fixes in dfopt's machine-readable formats, applied the way review bots apply them, give
the same text as applying the fixes directly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from consumers import apply_rdjson, apply_sarif
from report_cases import sample_result

from dfopt.report import render

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_rdjson_suggestions_reproduce_the_safe_fixes():
    result = sample_result()
    doc = json.loads(render("rdjson", result))
    for file in result.files:
        if file.error is None:
            assert apply_rdjson(file.text, file.path, doc) == file.fixed_text


def test_sarif_fixes_reproduce_the_safe_fixes():
    result = sample_result()
    doc = json.loads(render("sarif", result))
    for file in result.files:
        if file.error is None:
            assert apply_sarif(file.text, file.path.replace(",", "%2C"), doc) == file.fixed_text


def test_sarif_output_is_valid_sarif_2_1_0():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render("sarif", sample_result(unsafe_fixes=True)))
    jsonschema.Draft4Validator(schema).validate(doc)


def test_sarif_schema_check_catches_a_broken_document():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render("sarif", sample_result()))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(doc)


def test_json_output_follows_its_documented_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).resolve().parents[1] / "docs" / "check-output.schema.json").read_text())
    doc = json.loads(render("json", sample_result()))
    jsonschema.Draft7Validator(schema).validate(doc)
    doc["findings"][0]["fix"]["applicability"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(doc)


def test_sarif_help_uri_only_when_absolute():
    from dataclasses import replace

    result = sample_result()
    rules = json.loads(render("sarif", result))["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in r and r["properties"]["docs"] == f"docs/rules/{r['id']}.md" for r in rules)
    absolute = replace(result, rules={c: replace(m, docs_url="https://x.example/{code}.md") for c, m in result.rules.items()})
    rules = json.loads(render("sarif", absolute))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == [f"https://x.example/{r['id']}.md" for r in rules]
