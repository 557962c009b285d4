"""A project's .hadolint.yaml is read: `ignored`, `override`, `failure-threshold`, `no-fail`,
`trustedRegistries`; `hadolint-config = false` in .dfopt.toml turns it off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dfopt import catalogue
from dfopt.app.settings import TRUSTED_REGISTRIES_OPTION, load_settings
from dfopt.cli import cli

MAINTAINER = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n"  # DF401 (info? see below), hadolint DL4000
PIP = "FROM python:3.12-slim\nRUN pip install flask==3.0.3\n"  # DF106, hadolint DL3042


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def findings(run, *args):
    result = run("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["findings"] if result.stdout else []


def test_ignored_codes_map_to_the_rules_that_answer_to_them(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(MAINTAINER + "RUN pip install flask==3.0.3\n")
    assert {f["code"] for f in findings(run)[1]} == {"DF401", "DF106"}
    (tmp_path / ".hadolint.yaml").write_text("ignored:\n  - DL4000\n  - DL3999   # a rule dfopt does not have\n")
    assert {f["code"] for f in findings(run)[1]} == {"DF106"}


def test_found_from_a_parent_folder_and_yml_too(run, tmp_path, monkeypatch):
    (tmp_path / ".hadolint.yml").write_text("ignored: [DL4000]\n")
    sub = tmp_path / "svc"
    sub.mkdir()
    (sub / "Dockerfile").write_text(MAINTAINER)
    monkeypatch.chdir(sub)
    assert findings(run) == (0, [])


def test_override_changes_severity_and_failure_threshold_the_exit(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(PIP)
    code, [finding] = findings(run)
    assert finding["severity"] == "warning" and code == 1
    (tmp_path / ".hadolint.yaml").write_text("override:\n  style:\n    - DL3042\nfailure-threshold: warning\n")
    code, [finding] = findings(run)
    assert finding["severity"] == "style" and code == 0
    (tmp_path / ".hadolint.yaml").write_text("override:\n  error: [DL3042]\nfailure-threshold: error\n")
    code, [finding] = findings(run)
    assert finding["severity"] == "error" and code == 1


@pytest.mark.parametrize("text", ["failure-threshold: none\n", "no-fail: true\n", "failure-threshold: ignore\n"])
def test_never_failing_thresholds(run, tmp_path, text):
    (tmp_path / "Dockerfile").write_text(PIP)
    (tmp_path / ".hadolint.yaml").write_text(text)
    assert run("check").exit_code == 0
    assert run("check", "--fail-level", "warning").exit_code == 1  # the flag wins


def test_dfopt_settings_win_and_can_turn_it_off(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(PIP)
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3042]\nfailure-threshold: error\n")
    assert run("check").exit_code == 0
    (tmp_path / ".dfopt.toml").write_text('fail-level = "style"\nhadolint-config = false\n')
    assert run("check").exit_code == 1
    (tmp_path / ".dfopt.toml").write_text('fail-level = "style"\n')
    assert run("check").exit_code == 0  # DL3042 still ignored, through hadolint's list


def test_trusted_registries_reach_the_registry_rule(tmp_path):
    (tmp_path / ".hadolint.yaml").write_text("trustedRegistries:\n  - registry.example\n")
    settings = load_settings(tmp_path)
    for rule in catalogue.lookup("DL3026"):
        assert settings.rule_options[rule.code][TRUSTED_REGISTRIES_OPTION] == ["registry.example"]
    assert settings.hadolint_source == tmp_path / ".hadolint.yaml"


@pytest.mark.parametrize("text, message", [("ignored: DL3008\n", "`ignored` must be a list"),
                                           ("override:\n  fatal: [DL3008]\n", "fail-level must be one of"),
                                           ("ignored: [\n", "invalid YAML"), ("- a\n", "must be a mapping"),
                                           ("label-schema: [a]\n", "`label-schema` must map label names to types"),
                                           ("label-schema:\n  a: colour\n", "label `a` has type 'colour'"),
                                           ("label-schema:\n  a: url\nstrict-labels: yes please\n",
                                            "`strict-labels` must be true or false")])
def test_bad_hadolint_files_are_one_line_errors(run, tmp_path, text, message):
    (tmp_path / "Dockerfile").write_text(PIP)
    (tmp_path / ".hadolint.yaml").write_text(text)
    result = run("check")
    assert result.exit_code == 2
    assert ".hadolint.yaml" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


LABELLED = 'FROM debian:12\nLABEL org.example.url="example.com" extra=1\n'


def test_label_schema_and_strict_labels_reach_the_label_rules(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(LABELLED)
    assert not {f["code"] for f in findings(run)[1]} & {"DF421", "DF423"}
    (tmp_path / ".hadolint.yaml").write_text("label-schema:\n  org.example.url: url\n  org.example.version: semver\n"
                                             "strict-labels: true\n")
    found = findings(run)[1]
    assert {f["code"]: f["aliases"] for f in found if f["code"].startswith("DF42")} == {
        "DF420": ["DL3049"], "DF421": ["DL3050"], "DF423": ["DL3052"]}
    (tmp_path / ".hadolint.yaml").write_text("label-schema:\n  org.example.url: url\nignored: [DL3052]\n")
    assert {f["code"] for f in findings(run)[1] if f["code"].startswith("DF42")} == set()


def test_dfopt_file_gives_the_schema_as_rule_options_and_wins(run, tmp_path):
    (tmp_path / "Dockerfile").write_text(LABELLED)
    (tmp_path / ".hadolint.yaml").write_text("label-schema:\n  extra: url\n")
    (tmp_path / ".dfopt.toml").write_text('[rules.DL3049]\nlabel-schema = { "org.example.url" = "url" }\n')
    assert {f["code"] for f in findings(run)[1] if f["code"].startswith("DF42")} == {"DF423"}
    (tmp_path / ".dfopt.toml").write_text('[rules.DF420]\nlabel-schema = { "org.example.url" = "colour" }\n')
    result = run("check")
    assert result.exit_code == 2 and ".dfopt.toml" in result.stderr
    assert "[rules.DF420]: `label-schema`: label `org.example.url` has type 'colour'" in result.stderr


def test_trusted_registries_report_through_the_registry_rule(run, tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM other.example/x:1\nFROM registry.example/y:1\n")
    (tmp_path / ".hadolint.yaml").write_text("trustedRegistries: [registry.example]\n")
    found = [f for f in findings(run)[1] if f["code"] == "DF320"]
    assert [(f["start"]["line"], f["aliases"]) for f in found] == [(1, ["DL3026"])]
