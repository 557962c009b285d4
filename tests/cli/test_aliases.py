"""hadolint codes as aliases of dfopt rules: in reports, --select/--ignore, the configuration,
`dfopt rules`, and ignore comments (`# hadolint ignore=`, `# hadolint global ignore=`, a bare
`# dfopt: ignore`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dfopt import catalogue
from dfopt.cli import cli
from dfopt.fixer import check
from dfopt.syntax import parse

MAINTAINER = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n"  # DF401, hadolint DL4000


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def codes(text: str, rules=None) -> list[str]:
    return [f.code for f in check(parse(text), rules or catalogue.select_rules())]  # the default rules


def test_every_alias_of_a_rule_is_a_foreign_code():
    for rule in catalogue.CATALOGUE:
        for alias in rule.aliases():
            assert alias[:2] in ("DL", "SC") and alias[2:].isdigit(), (rule.code, alias)
            assert rule in catalogue.lookup(alias)


@pytest.mark.parametrize("comment", ["# hadolint ignore=DL4000", "# dfopt: ignore=DL4000",
                                     "# hadolint ignore=DL3000, DL4000", "# dfopt: ignore",
                                     "# dfopt ignore", "# dfopt: ignore=DF401 -- we keep it"])
def test_ignore_comments_accept_aliases_and_a_bare_ignore(comment):
    assert codes(MAINTAINER) == ["DF401"]
    text = MAINTAINER.replace("MAINTAINER", f"{comment}\nMAINTAINER")
    assert codes(text) == []


@pytest.mark.parametrize("comment", ["# hadolint ignore", "# hadolint ignore=DL3008",
                                     "# dfopt: ignored, see below", "# hadolint global ignore=DL3008"])
def test_comments_that_silence_nothing(comment):
    text = MAINTAINER.replace("MAINTAINER", f"{comment}\nMAINTAINER")
    assert codes(text) == ["DF401"]


def test_global_ignore_covers_the_whole_file():
    text = "# hadolint global ignore=DL4000\n" + MAINTAINER + "MAINTAINER again\n"
    assert codes(text) == []
    text = "FROM debian:12\n# dfopt: global ignore=DF401\nRUN true\n" + MAINTAINER
    assert codes(text) == []


def test_bare_ignore_is_for_the_next_instruction_only():
    text = "FROM debian:12\n# dfopt: ignore\nMAINTAINER a\nMAINTAINER b\n"
    findings = check(parse(text), catalogue.select_rules())
    assert [(f.code, parse(text).position(f.start)[0]) for f in findings] == [("DF401", 4)]


def test_json_findings_carry_the_aliases(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(MAINTAINER)
    result = run("check", "Dockerfile", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["code"] == "DF401" and finding["aliases"] == ["DL4000"]


def test_sarif_results_carry_the_aliases(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(MAINTAINER)
    sarif = json.loads(run("check", "Dockerfile", "--format", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["properties"]["aliases"] == ["DL4000"]


@pytest.mark.parametrize("flag, value, expected", [("--ignore", "DL4000", 0), ("--ignore", "dl4", 0),
                                                   ("--select", "DL4000", 1), ("--select", "DL3000", 0)])
def test_select_and_ignore_accept_aliases(run, tmp_path, flag, value, expected):
    (tmp_path / "Dockerfile").write_text(MAINTAINER)
    if value == "DL3000" and not catalogue.lookup("DL3000"):
        assert run("check", "Dockerfile", flag, value).exit_code == 2  # names no rule: an error
        return
    assert run("check", "Dockerfile", flag, value).exit_code == expected


def test_configuration_accepts_aliases(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(MAINTAINER)
    (tmp_path / ".dfopt.toml").write_text('ignore = ["DL4000"]\n')
    assert run("check", "Dockerfile").exit_code == 0
    (tmp_path / ".dfopt.toml").write_text('ignore = ["DL9999"]\n')
    result = run("check", "Dockerfile")
    assert result.exit_code == 2 and "DL9999" in result.stderr


def test_rule_options_keyed_by_an_alias_reach_the_rule(tmp_path):
    from dfopt.app.settings import settings_from_table

    settings = settings_from_table(Path("x.toml"), {"rules": {"DL4000": {"x": 1}}})
    assert dict(settings.rule_options) == {"DF401": {"x": 1}}


def test_rules_command_finds_a_rule_by_its_alias(run):
    result = run("rules", "dl4000")
    assert result.exit_code == 0
    assert result.stdout.startswith("# DF401: ")
    assert "DL4000" in result.stdout
    assert run("rules", "DL9999").exit_code == 2


def test_hadolint_codes_dfopt_answers_with_a_parse_error(run, tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nONBUILD ONBUILD RUN true\n")
    explained = run("rules", "DL3043")
    assert explained.exit_code == 0 and "does not parse" in explained.stdout
    ignored = run("check", "Dockerfile", "--ignore", "DL3043")
    assert ignored.exit_code == 2 and "DL3043 is no rule in dfopt" in ignored.output
    checked = run("check", "Dockerfile")
    assert checked.exit_code == 2 and "Dockerfile:2" in checked.output
    assert run("rules", "DL9999").exit_code == 2
    covered = {code for rule in catalogue.CATALOGUE for code in rule.hadolint}
    assert not covered & set(catalogue.PARSE_ERRORS)
