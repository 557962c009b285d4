"""Golden output of every format on one check result (see report_cases.py), plus the
properties each format promises."""

from __future__ import annotations

import json

import pytest
from conftest import file_snapshot_extension
from report_cases import CRLF, MAIN, sample_result

from dfopt.report import FORMATS, render
from dfopt.report.base import LineIndex

EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif.json", "github": "txt", "gitlab": "json", "rdjson": "rdjson.json", "diff": "diff"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_output_matches_golden_file(fmt, snapshot):
    assert render(fmt, sample_result()) == snapshot(extension_class=file_snapshot_extension(EXTENSIONS[fmt]))


def test_text_colours_only_when_asked():
    plain = render("text", sample_result())
    coloured = render("text", sample_result(), color=True)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured


def test_text_reports_real_columns_and_fix_counts():
    out = render("text", sample_result())
    assert "Dockerfile:2:1: DF101 [*] `apt-get update`" in out
    # after "LABEL description=\"naïve café\" " : characters, not bytes
    assert 'Dockerfile:5:32: DF320 `maintainer` label' in out
    assert "Dockerfile:6:5: DF310 [unsafe] CMD in shell form" in out
    assert "services/api,v2/Dockerfile.prod:3:5: DF401" in out
    assert "broken/Dockerfile:2: error: unterminated heredoc" in out
    assert "Found 6 findings in 2 of 3 files (1 error, 2 warnings, 2 infos, 1 style)." in out
    assert "3 fixable with `dfopt rewrite` (safe); 2 more with `dfopt rewrite --unsafe-fixes`; 1 without a fix." in out


def test_text_says_so_when_nothing_is_found():
    from dfopt.app.results import CheckResult, FileResult

    out = render("text", CheckResult(files=(FileResult("Dockerfile", "FROM scratch\n"),)))
    assert out == "No findings in 1 file.\n"


def test_columns_skip_a_byte_order_mark():
    index = LineIndex(CRLF)
    assert index.position(1).column == 1  # "F" of FROM
    assert index.offset(1, 1) == 1
    assert index.position(CRLF.index("COPY")).line == 2


def test_display_span_ends_before_the_line_break():
    index = LineIndex(CRLF)
    start = CRLF.index("COPY")
    end = CRLF.index("RUN")
    first, last = index.display_span(start, end)
    assert (first.line, first.column, last.line, last.column) == (2, 1, 2, 9)


def test_byte_columns_count_utf8_bytes():
    index = LineIndex(MAIN)
    offset = MAIN.index("   \n")
    assert index.position(offset).column == 39
    assert index.byte_column(offset) == 42  # é, ü, ï take two bytes each
    assert index.offset_from_bytes(index.position(offset).line, 42) == offset


def test_json_has_a_version_and_exact_edit_offsets():
    doc = json.loads(render("json", sample_result()))
    assert doc["version"] == 1
    first = doc["findings"][0]
    assert first["code"] == "DF101" and first["fix"]["applicability"] == "safe"
    edits = first["fix"]["edits"]
    assert [MAIN[e["start"]["offset"] : e["end"]["offset"]] for e in edits] == ["RUN apt-get update\n", "RUN "]
    assert doc["errors"] == [{"path": "broken/Dockerfile", "line": 2, "message": "unterminated heredoc <<EOF (opened on line 2)"}]


def test_github_escapes_messages_and_properties():
    out = render("github", sample_result())
    line = next(l for l in out.splitlines() if "DF401" in l)
    assert line.startswith("::error file=services/api%2Cv2/Dockerfile.prod,line=3,endLine=3,col=5,endColumn=16,")
    assert "(100%25 reproducible, a: b, c%25d)%0Asee the docs" in line
    assert "title=DF401 (npm install instead of npm ci)" in line
    assert len(out.splitlines()) == 7  # one command a finding or error, no stray line breaks


def test_github_property_escaping_covers_colon_and_comma():
    from dfopt.report.github import escape_data, escape_property

    assert escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert escape_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae"


def test_gitlab_fingerprints_are_unique_and_ignore_line_moves():
    from dfopt.app.results import CheckResult, FileResult
    from report_cases import RULES, main_findings

    doc = json.loads(render("gitlab", sample_result()))
    prints = [issue["fingerprint"] for issue in doc]
    assert len(set(prints)) == len(prints)
    moved_text = "# a new first line\n" + MAIN
    moved = CheckResult(files=(FileResult("Dockerfile", moved_text, main_findings(moved_text)),), rules=RULES)
    moved_doc = json.loads(render("gitlab", moved))
    assert [i["fingerprint"] for i in moved_doc] == prints[: len(moved_doc)]
    assert moved_doc[0]["location"]["lines"]["begin"] == doc[0]["location"]["lines"]["begin"] + 1


def test_rdjson_suggests_unsafe_fixes_only_on_request():
    def suggested(result):
        doc = json.loads(render("rdjson", result))
        return {d["code"]["value"] for d in doc["diagnostics"] if d.get("suggestions")}

    assert suggested(sample_result()) == {"DF101", "DF330", "DF401"}
    assert suggested(sample_result(unsafe_fixes=True)) == {"DF101", "DF102", "DF310", "DF330", "DF401"}


def test_diff_shows_only_changed_files():
    out = render("diff", sample_result())
    assert out.count("--- a/") == 2
    assert "+RUN apt-get update && apt-get install -y curl\n" in out
    assert "clean.Dockerfile" not in out
