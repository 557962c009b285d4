"""`dfopt check` and `dfopt rules` as CI and people use them: discovery, exit codes, output
files, configuration precedence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dfopt.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check"
MAINTAINER = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n"
CLEAN = "FROM debian:12\nRUN echo hi\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configuration file above, unless a test writes one

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "proj")
    return tmp_path / "proj"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_folders_are_searched_for_dockerfile_names(run, project):
    result = run("check", str(project), "--format", "json")
    doc = json.loads(result.stdout)
    checked = {f["path"] for f in doc["findings"]} | {e["path"] for e in doc["errors"]}
    names = sorted(Path(p).relative_to(project).as_posix() for p in checked)
    assert names == ["app/Dockerfile", "app/svc/Dockerfile.prod", "broken.Dockerfile"]
    assert doc["summary"]["files"] == 4  # api.Dockerfile too, without findings
    assert "node_modules" not in result.stdout and "dockerignore" not in result.stdout


def test_a_file_that_fails_to_parse_is_reported_and_the_others_checked(run, project):
    result = run("check", str(project / "broken.Dockerfile"), str(project / "app" / "Dockerfile"))
    assert result.exit_code == 2
    assert "broken.Dockerfile:2: error: unterminated heredoc" in result.stdout
    assert "app/Dockerfile:3:1: DF401" in result.stdout


def test_exit_0_when_clean_1_with_findings(run, tmp_path):
    clean = write(tmp_path / "Dockerfile", CLEAN)
    dirty = write(tmp_path / "b" / "Dockerfile", MAINTAINER)
    assert run("check", str(clean)).exit_code == 0
    assert run("check", str(dirty)).exit_code == 1


def test_fail_level_above_the_findings_exits_0(run, tmp_path):
    dirty = write(tmp_path / "Dockerfile", MAINTAINER)
    result = run("check", str(dirty), "--fail-level", "error")
    assert result.exit_code == 0
    assert "DF401" in result.stdout


def test_missing_path_and_unknown_code_exit_2(run, tmp_path):
    assert run("check", str(tmp_path / "nope")).exit_code == 2
    dirty = write(tmp_path / "Dockerfile", MAINTAINER)
    result = run("check", str(dirty), "--select", "DF9999")
    assert result.exit_code == 2
    assert "unknown rule code(s): DF9999" in result.output


def test_without_paths_the_current_folder_is_checked(run, tmp_path):
    write(tmp_path / "svc" / "Dockerfile", MAINTAINER)
    result = run("check")
    assert result.exit_code == 1
    assert "svc/Dockerfile:2:1: DF401" in result.stdout


def test_standard_input(run):
    result = run("check", "-", input=MAINTAINER)
    assert result.exit_code == 1
    assert "<stdin>:2:1: DF401" in result.stdout


def test_output_file_gets_the_report_and_errors_go_to_stderr(run, project, tmp_path):
    out = tmp_path / "dfopt.sarif"
    result = run("check", str(project), "--format", "sarif", "--output", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    doc = json.loads(out.read_text())
    results = doc["runs"][0]["results"]
    assert doc["version"] == "2.1.0" and len(results) >= 2 and "DF401" in {r["ruleId"] for r in results}
    assert "broken.Dockerfile:2: unterminated heredoc" in result.stderr


def test_text_has_no_colours_when_not_a_terminal(run, tmp_path):
    result = run("check", str(write(tmp_path / "Dockerfile", MAINTAINER)))
    assert "\x1b[" not in result.stdout


def test_every_format_renders(run, project):
    for fmt in ("text", "json", "sarif", "github", "gitlab", "rdjson", "diff"):
        result = run("check", str(project / "app"), "--format", fmt, "--unsafe-fixes")
        assert result.exit_code == 1, fmt
        assert result.stdout, fmt


def test_diff_format_is_the_rewrite_diff(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    check = run("check", str(path), "--format", "diff", "--unsafe-fixes")
    rewrite = run("rewrite", str(path), "--diff", "--unsafe-fixes", "-q")
    assert check.stdout == rewrite.stdout
    assert "+LABEL org.opencontainers.image.authors=" in check.stdout
    assert run("check", str(path), "--format", "diff").stdout == ""  # the only fix is unsafe


# configuration precedence, end to end


def test_config_file_ignore_is_used(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    write(tmp_path / ".dfopt.toml", 'ignore = ["DF401"]\n')
    assert run("check", str(path)).exit_code == 0


def test_pyproject_fail_level_and_the_flag_that_overrides_it(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    write(tmp_path / "pyproject.toml", '[tool.dfopt]\nfail-level = "error"\n')
    assert run("check", str(path)).exit_code == 0
    assert run("check", str(path), "--fail-level", "warning").exit_code == 1


def test_command_line_select_wins_over_the_files_ignore(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    write(tmp_path / ".dfopt.toml", 'ignore = ["DF401"]\n')
    assert run("check", str(path), "--select", "DF401").exit_code == 1


def test_unsafe_fixes_from_the_file_and_no_unsafe_fixes_flag(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    write(tmp_path / ".dfopt.toml", "unsafe-fixes = true\n")

    def suggestions(*flags):
        doc = json.loads(run("check", str(path), "--format", "rdjson", *flags).stdout)
        return sum(len(d.get("suggestions", ())) for d in doc["diagnostics"])

    assert suggestions() == 1
    assert suggestions("--no-unsafe-fixes") == 0


def test_rewrite_reads_the_configuration_too(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    write(tmp_path / ".dfopt.toml", "unsafe-fixes = true\n")
    assert "LABEL org.opencontainers.image.authors" in run("rewrite", str(path), "-q").stdout
    write(tmp_path / ".dfopt.toml", 'unsafe-fixes = true\nignore = ["DF401"]\n')
    assert run("rewrite", str(path), "-q").stdout == MAINTAINER


def test_explicit_config_option_and_bad_config_exit_2(run, tmp_path):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    cfg = write(tmp_path / "ci" / "strict.toml", 'ignore = ["DF401"]\n')
    assert run("check", str(path), "--config", str(cfg)).exit_code == 0
    write(tmp_path / ".dfopt.toml", "selec = 1\n")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "unknown setting(s) selec" in result.output


# dfopt rules


def test_rules_table_lists_code_title_safety_default(run):
    result = run("rules")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["CODE", "TITLE", "FIX", "DEFAULT", "ALIASES"]
    assert any(row.startswith("DF401 ") and row.split()[-3:] == ["unsafe", "on", "DL4000"] for row in rows)


def test_rules_code_prints_the_docs(run):
    result = run("rules", "df401")
    assert result.exit_code == 0
    assert result.stdout.startswith("# DF401: ")
    for section in ("## What it does", "## Why is this bad?", "## Fix safety"):
        assert section in result.stdout
    assert run("rules", "DF000").exit_code == 2


def test_docs_url_template_from_the_environment(run, tmp_path, monkeypatch):
    path = write(tmp_path / "Dockerfile", MAINTAINER)
    monkeypatch.setenv("DFOPT_DOCS_URL", "https://docs.example/rules/{code}.html")
    doc = json.loads(run("check", str(path), "--format", "sarif").stdout)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["DF401"]["helpUri"] == "https://docs.example/rules/DF401.html"
    monkeypatch.setenv("DFOPT_DOCS_URL", "https://docs.example/rules/")
    assert run("check", str(path)).exit_code == 2
