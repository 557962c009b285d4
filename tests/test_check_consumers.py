"""A review bot applying dfopt's suggestions gets what `dfopt rewrite` writes.

reviewdog applies rdjson suggestions, code-scanning tools apply SARIF fixes; both are replayed
here from the formats' specs (tests/consumers.py) on fixture files with several findings each,
LF and CRLF, with rules whose fixes are safe (test rules below) and the real registry's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from consumers import apply_rdjson, apply_sarif

from dfopt.app.check import check_file
from dfopt.cli import cli
from dfopt.app.settings import Settings
from dfopt.fixer import fix_text
from dfopt.report import render
from dfopt.app.results import CheckResult
from dfopt.report.base import artifact_uri
from dfopt import catalogue
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import Rule

FIXTURES = Path(__file__).parent / "fixtures" / "check"
GOOD = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and "Dockerfile" in p.name
              and "broken" not in p.name and "node_modules" not in p.parts and not p.name.endswith(".dockerignore"))


class KeywordCase(Rule):
    """Test rule: keywords in upper case (one edit a finding)."""

    code = "DF990"
    title = "keyword case"
    severity = Severity.STYLE
    fix_safety = Applicability.SAFE

    def check(self, ctx):
        for ins in ctx.dockerfile.instructions:
            if ins.keyword != ins.keyword.upper():
                fix = Fix((Edit(ins.keyword_start, ins.keyword_end, ins.keyword.upper()),), Applicability.SAFE, "upper-case")
                yield self.finding(ins.keyword_start, ins.keyword_end, "keyword in lower case", fix)


class TrailingSpace(Rule):
    """Test rule: trailing blanks, one finding an instruction with an edit for each of its lines."""

    code = "DF991"
    title = "trailing blanks"
    severity = Severity.STYLE
    fix_safety = Applicability.SAFE

    def check(self, ctx):
        text = ctx.dockerfile.text
        for ins in ctx.dockerfile.instructions:
            edits = []
            pos = ins.start
            for line in text[ins.start : ins.end].splitlines(keepends=True):
                body = line.rstrip("\r\n")
                stripped = body.rstrip(" \t")
                if stripped != body:
                    edits.append(Edit(pos + len(stripped), pos + len(body), ""))
                pos += len(line)
            if edits:
                yield self.finding(ins.start, ins.end, "trailing blanks",
                                   Fix(tuple(edits), Applicability.SAFE, "removed trailing blanks"))


RULES = [KeywordCase, TrailingSpace, *catalogue.DOCKERFILE_RULES]


def variants():
    out = []
    for path in GOOD:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(FIXTURES).as_posix()
        out.append(pytest.param(rel, text, id=f"{rel}-lf"))
        out.append(pytest.param(rel, "\ufeff" + text.replace("\n", "\r\n"), id=f"{rel}-bom-crlf"))
    return out


def bot(text: str, path: str, settings: Settings, fmt: str, apply) -> str:
    """Check, apply the offered fixes, check again, until nothing is offered (review rounds)."""
    for _ in range(10):
        result = check_file(path, text, RULES, settings)
        doc = json.loads(render(fmt, CheckResult((result,), unsafe_fixes=settings.unsafe_fixes)))
        new = apply(text, doc)
        if new == text:
            return text
        text = new
    raise AssertionError("the fixes did not settle")


def test_fixtures_have_several_findings_each():
    for path in GOOD:
        result = check_file(str(path), path.read_text(encoding="utf-8"), RULES, Settings())
        assert len(result.findings) >= 3, path


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("path, text", variants())
def test_applying_rdjson_suggestions_gives_the_rewrite(path, text, unsafe):
    expected = fix_text(text, RULES, path, unsafe=unsafe).text
    assert expected != text
    assert bot(text, path, Settings(unsafe_fixes=unsafe), "rdjson", lambda t, doc: apply_rdjson(t, path, doc)) == expected


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("path, text", variants())
def test_applying_sarif_fixes_gives_the_rewrite(path, text, unsafe):
    wanted = {"safe", "unsafe"} if unsafe else {"safe"}
    expected = fix_text(text, RULES, path, unsafe=unsafe).text
    applied = bot(text, path, Settings(), "sarif", lambda t, doc: apply_sarif(t, artifact_uri(path), doc, applicability=wanted))
    assert applied == expected


def test_cli_rdjson_suggestions_match_cli_rewrite(tmp_path, monkeypatch):
    """End to end with the registry's rules: review rounds of `dfopt check --format rdjson
    --unsafe-fixes` (apply the suggestions, check again) end where `dfopt rewrite --unsafe-fixes`
    does, on every fixture."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    changed = 0
    for source in GOOD:
        path = tmp_path / source.relative_to(FIXTURES)
        path.parent.mkdir(parents=True, exist_ok=True)
        original = source.read_text(encoding="utf-8")
        path.write_text(original, encoding="utf-8")
        rewritten = runner.invoke(cli, ["rewrite", str(path), "--unsafe-fixes", "-q"], catch_exceptions=False)
        assert rewritten.exit_code == 0
        for _ in range(10):
            report = runner.invoke(cli, ["check", str(path), "--format", "rdjson", "--unsafe-fixes"],
                                   catch_exceptions=False)
            text = path.read_text(encoding="utf-8")
            new = apply_rdjson(text, str(path), json.loads(report.stdout))
            if new == text:
                break
            path.write_text(new, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == rewritten.stdout
        changed += rewritten.stdout != original
    assert changed >= 2
