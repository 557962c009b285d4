"""The command-line habits of hadolint and ruff users: check --fix, --statistics, --exit-zero,
--stdin-filename alone, -q, --color, --shard, folders with *.dockerfile, `rewrite DIR`,
[tool.dfopt] in .dfopt.toml, and hints in the imperative."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dfopt.app.files import in_shard, is_dockerfile_name
from dfopt.app.hints import imperative
from dfopt.cli import cli

PIP = "FROM python:3.12-slim\nRUN pip install flask==3.0.3\n"  # DF106, a safe fix (pinned: no DF113)
MAINTAINER = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n"  # DF401, an unsafe fix


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_check_fix_applies_safe_fixes_and_reports_the_rest(run, tmp_path):
    write(tmp_path / "Dockerfile", PIP + "MAINTAINER x\n")
    result = run("check", "--fix")
    assert "--no-cache-dir" in (tmp_path / "Dockerfile").read_text()
    assert "DF106" in result.stderr  # the applied fix is listed, as rewrite does
    assert "DF106" not in result.stdout and "DF401" in result.stdout
    assert result.exit_code == 1
    write(tmp_path / "Dockerfile", PIP)
    assert run("check", "--fix", "-q").exit_code == 0


def test_check_fix_with_unsafe_fixes_and_refuses_stdin(run, tmp_path):
    write(tmp_path / "Dockerfile", MAINTAINER)
    assert run("check", "--fix", "--unsafe-fixes").exit_code == 0
    assert "MAINTAINER" not in (tmp_path / "Dockerfile").read_text()
    result = run("check", "--fix", "-", input=PIP)
    assert result.exit_code == 2 and "dfopt rewrite -" in result.stderr


def test_statistics_counts_by_rule(run, tmp_path):
    write(tmp_path / "a" / "Dockerfile", PIP + "MAINTAINER x\n")
    write(tmp_path / "b" / "Dockerfile", PIP)
    result = run("check", "--statistics")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["2", "DF106", "[*]"]
    assert lines[1].split()[:2] == ["1", "DF401"] and "[*]" not in lines[1]
    table = json.loads(run("check", "--statistics", "--format", "json").stdout)
    assert [(row["code"], row["count"], row["fixable"]) for row in table] == [("DF106", 2, True), ("DF401", 1, False)]
    assert table[1]["aliases"] == ["DL4000"]
    assert run("check", "--statistics", "--format", "sarif").exit_code == 2


def test_exit_zero_keeps_errors(run, tmp_path):
    write(tmp_path / "Dockerfile", PIP)
    assert run("check").exit_code == 1
    assert run("check", "--exit-zero").exit_code == 0
    write(tmp_path / "broken" / "Dockerfile", "FROM a\nRUN <<EOF\nnever closed\n")
    assert run("check", "--exit-zero").exit_code == 2


def test_quiet_prints_only_the_findings(run, tmp_path):
    write(tmp_path / "Dockerfile", PIP)
    loud, quiet = run("check").stdout, run("check", "-q").stdout
    assert "Found 1 finding" in loud and "Found" not in quiet
    assert "Dockerfile:2:" in quiet.splitlines()[0] and "DF106" in quiet
    write(tmp_path / "Dockerfile", "FROM debian:12\n")
    assert run("check", "-q").stdout == ""


def test_color_choice(run, tmp_path, monkeypatch):
    write(tmp_path / "Dockerfile", PIP)
    assert "\x1b[" in run("check", "--color", "always").stdout
    assert "\x1b[" not in run("check", "--color", "never").stdout
    assert "\x1b[" not in run("check").stdout  # auto: not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in run("check", "--color=always").stdout  # the flag says so explicitly


def test_stdin_filename_alone_reads_standard_input(run):
    result = run("check", "--stdin-filename", "api.Dockerfile", "--format", "json", input=PIP)
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["path"] == "api.Dockerfile" and finding["code"] == "DF106"
    compose = "services:\n  db:\n    image: postgres:16\n    ports:\n      - 5432:5432\n"
    as_compose = json.loads(run("check", "--stdin-filename", "compose.yaml", "--format", "json", "--select", "ALL",
                                input=compose).stdout)
    assert as_compose["findings"] and all(f["code"].startswith("DC") for f in as_compose["findings"])


@pytest.mark.parametrize("name, expected", [("web.dockerfile", True), ("api.Dockerfile", True),
                                            ("Dockerfile.prod", True), ("Dockerfile", True),
                                            ("Dockerfile.dockerignore", False), ("dockerfile.md", False),
                                            ("MyDockerfile", False)])
def test_one_dockerfile_name_test(name, expected):
    from dfopt.context.sources import is_dockerfile_name as context_test

    assert is_dockerfile_name(name) is expected is context_test(name)


def test_folders_find_lowercase_dockerfile_suffix_and_rewrite_takes_folders(run, tmp_path):
    write(tmp_path / "svc" / "web.dockerfile", PIP)
    write(tmp_path / "svc" / "notes.md", PIP)
    result = run("check", "svc", "--format", "json")
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == [str(Path("svc/web.dockerfile"))]
    assert run("rewrite", "svc").exit_code == 2  # printing a folder to stdout: refused
    assert run("rewrite", "svc", "--check").exit_code == 1
    assert run("rewrite", "svc", "--in-place").exit_code == 0
    assert "--no-cache-dir" in (tmp_path / "svc" / "web.dockerfile").read_text()
    assert (tmp_path / "svc" / "notes.md").read_text() == PIP


def test_shards_split_the_files_once_and_deterministically(run, tmp_path):
    names = [f"s{i}/Dockerfile" for i in range(12)]
    for name in names:
        write(tmp_path / name, PIP)
    seen = []
    for k in (1, 2, 3):
        result = run("check", ".", "--shard", f"{k}/3", "--format", "json")
        paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
        assert paths == [f["path"] for f in json.loads(run("check", ".", "--shard", f"{k}/3",
                                                            "--format", "json").stdout)["findings"]]
        seen += paths
    assert sorted(os.path.normpath(p) for p in seen) == sorted(os.path.normpath(n) for n in names)
    assert len({in_shard(n, (1, 3)) for n in names}) == 2  # not all in one shard
    for bad in ("0/3", "4/3", "x", "1/0"):
        assert run("check", ".", "--shard", bad).exit_code == 2


def test_dfopt_toml_accepts_the_tool_dfopt_header(run, tmp_path):
    write(tmp_path / "Dockerfile", PIP)
    write(tmp_path / ".dfopt.toml", '[tool.dfopt]\nignore = ["DF106"]\n')
    assert run("check").exit_code == 0
    write(tmp_path / ".dfopt.toml", '[tool.dfopt]\nignore = ["DF106"]\n\n[rules.DF101]\nx = 1\n')
    result = run("check")
    assert result.exit_code == 2 and "[tool.dfopt]" in result.stderr


def test_check_hints_are_imperative_and_rewrite_lists_what_it_did(run, tmp_path):
    write(tmp_path / "Dockerfile", PIP)
    assert "help: add `--no-cache-dir`" in run("check").stdout
    assert "DF106 added `--no-cache-dir`" in run("rewrite", "Dockerfile").stderr


@pytest.mark.parametrize("past, hint", [
    ("merged apt-get update into the install on line 9", "merge apt-get update into the install on line 9"),
    ("used `apk add --no-cache` and dropped `apk update`", "use `apk add --no-cache` and drop `apk update`"),
    ("copied go.mod and ran `go mod download` before the whole copy",
     "copy go.mod and run `go mod download` before the whole copy"),
    ("appended `rm -rf x && echo added`", "append `rm -rf x && echo added`"),
    ("split into build and runtime stages; runtime node:20", "split into build and runtime stages; runtime node:20"),
])
def test_imperative(past, hint):
    assert imperative(past) == hint
