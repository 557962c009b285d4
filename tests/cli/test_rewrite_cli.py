"""`dfopt rewrite` and `dfopt parse` as a user and CI see them: output, exit codes, files."""

import json
import os
import stat

import pytest
from click.testing import CliRunner

from dfopt.cli import cli

NAIVE = "FROM debian:bookworm\nMAINTAINER Jane <jane@example.com>\nRUN echo hi\n"


@pytest.fixture
def run():
    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return invoke


@pytest.fixture
def dockerfile(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_bytes(NAIVE.encode())
    return path


def test_rewrite_without_fixes_to_apply_prints_the_file_unchanged(run, tmp_path):
    text = "FROM debian\r\n# keep me\r\nRUN a \\\r\n  b"
    path = tmp_path / "Dockerfile"
    path.write_bytes(text.encode())
    result = run("rewrite", str(path))
    assert result.exit_code == 0
    assert result.stdout_bytes == text.encode()


def test_rewrite_reads_standard_input(run):
    result = run("rewrite", "-", "--unsafe-fixes", "-q", input=NAIVE)
    assert result.exit_code == 0
    assert result.stdout == NAIVE.replace(
        "MAINTAINER Jane <jane@example.com>", 'LABEL org.opencontainers.image.authors="Jane <jane@example.com>"')


def test_check_exits_1_when_a_file_would_change_and_writes_nothing(run, dockerfile):
    result = run("rewrite", str(dockerfile), "--check", "--unsafe-fixes")
    assert result.exit_code == 1
    assert "would be rewritten" in result.stderr
    assert dockerfile.read_text() == NAIVE


def test_check_exits_0_when_nothing_would_change(run, dockerfile):
    assert run("rewrite", str(dockerfile), "--check").exit_code == 0  # the only fix is unsafe


def test_diff_prints_a_unified_diff(run, dockerfile):
    result = run("rewrite", str(dockerfile), "--diff", "--unsafe-fixes")
    assert result.exit_code == 1  # like --check: there are changes
    assert "-MAINTAINER Jane <jane@example.com>\n+LABEL" in result.stdout


def test_in_place_keeps_mode_and_crlf(run, tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_bytes(NAIVE.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    result = run("rewrite", str(path), "--in-place", "--unsafe-fixes")
    assert result.exit_code == 0
    data = path.read_bytes()
    assert b"LABEL org.opencontainers.image.authors" in data
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]  # no temporary file left


def test_in_place_writes_nothing_when_nothing_changes(run, dockerfile):
    before = dockerfile.stat().st_mtime_ns
    os.utime(dockerfile, ns=(before - 10**9, before - 10**9))
    assert run("rewrite", str(dockerfile), "--in-place").exit_code == 0
    assert dockerfile.stat().st_mtime_ns == before - 10**9


def test_a_bad_file_is_reported_with_its_line_and_left_untouched(run, tmp_path, dockerfile):
    bad = tmp_path / "Bad.Dockerfile"
    bad.write_text("FROM a\nRUN <<EOF\necho\n")
    result = run("rewrite", str(bad), str(dockerfile), "--in-place", "--unsafe-fixes")
    assert result.exit_code == 2
    assert f"{bad}:3: unterminated heredoc <<EOF (opened on line 2)" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text() == "FROM a\nRUN <<EOF\necho\n"
    assert "LABEL" in dockerfile.read_text()  # the good file was still rewritten


@pytest.mark.parametrize("data, words", [
    (b"", "empty file"), (b"\x7fELF\x00\x00", "binary file"), (b"FROM a\nRUN \xff\n", "not UTF-8"),
])
def test_unreadable_input_exits_2_with_a_message(run, tmp_path, data, words):
    path = tmp_path / "Dockerfile"
    path.write_bytes(data)
    result = run("rewrite", str(path), "--in-place")
    assert result.exit_code == 2 and words in result.stderr
    assert path.read_bytes() == data


def test_unknown_rule_code_is_a_usage_error(run, dockerfile):
    result = run("rewrite", str(dockerfile), "--select", "XX999")
    assert result.exit_code == 2 and "unknown rule code" in result.stderr


def test_missing_file_exits_2(run, tmp_path):
    result = run("rewrite", str(tmp_path / "nope"))
    assert result.exit_code == 2


def test_parse_json_nodes_give_the_file_back(run, tmp_path):
    text = "\ufeff# syntax=docker/dockerfile:1\nFROM a AS b\r\nRUN <<EOF\nx\nEOF\nONBUILD RUN --mount=type=cache,target=/c y"
    path = tmp_path / "Dockerfile"
    path.write_bytes(text.encode())
    result = run("parse", str(path), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert "".join(n["text"] for n in data["nodes"]) == text
    kinds = [(n["kind"], n.get("cmd")) for n in data["nodes"]]
    assert kinds == [("directive", None), ("instruction", "FROM"), ("instruction", "RUN"), ("instruction", "ONBUILD")]
    assert data["nodes"][2]["heredocs"][0]["name"] == "EOF"
    assert data["nodes"][3]["sub"]["flags"][0]["name"] == "mount"


def test_help_teaches_with_examples(run):
    for command in ([], ["rewrite"], ["parse"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and "dfopt" in result.stdout


def test_an_error_that_is_not_about_a_file_names_no_file():
    from dfopt.errors import DfoptError

    assert str(DfoptError("no Docker engine answers")) == "no Docker engine answers"
    assert str(DfoptError("bad", "Dockerfile", 3)) == "Dockerfile:3: bad"


def test_verbose_names_the_line_of_what_was_left_alone(run, dockerfile):
    result = run("rewrite", str(dockerfile), "--verbose")
    assert f"{dockerfile}:2: left alone: DF401" in result.stderr
    assert "needs --unsafe-fixes" in result.stderr


def test_verbose_rewrite_of_a_compose_file_lists_what_it_left_alone(run, tmp_path):
    # The "not analysed: RUN" lines are for Dockerfiles; a compose file is not read as one.
    path = tmp_path / "compose.yaml"
    path.write_text("services:\n  web:\n    image: nginx\n")
    result = run("rewrite", str(path), "-v")
    assert result.exit_code == 0, result.stderr
    assert "left alone: DC108" in result.stderr
