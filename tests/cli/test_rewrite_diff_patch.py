"""`dfopt rewrite --diff` prints a patch that git and patch(1) take as it is, and exits 1 when it
is not empty; `dfopt check --format diff` prints the same patch."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from dfopt.cli import cli

# The ADD (a plain file in the context) and the CMD (a plain command on debian) have safe fixes.
CASES = {
    "final-newline": "FROM debian:bookworm-slim\nADD notes.txt /srv/\nCMD sleep infinity\n",
    "no-final-newline-changed-last-line": "FROM debian:bookworm-slim\nADD notes.txt /srv/\nCMD sleep infinity",
    "no-final-newline-unchanged-last-line": "FROM debian:bookworm-slim\nADD notes.txt /srv/\nUSER nobody",
    "crlf": "FROM debian:bookworm-slim\r\nADD notes.txt /srv/\r\nCMD sleep infinity\r\n",
    "crlf-no-final-newline": "FROM debian:bookworm-slim\r\nADD notes.txt /srv/\r\nCMD sleep infinity",
    "form-feed-inside-a-line": "FROM debian:bookworm-slim\n# page\x0cbreak\nADD notes.txt /srv/\n",
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    def make(text: str):
        (tmp_path / "notes.txt").write_text("plain text\n")
        (tmp_path / "Dockerfile").write_bytes(text.encode())
        monkeypatch.chdir(tmp_path)
        return tmp_path
    return make


def diff_of(*args) -> tuple[int, bytes]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout_bytes


def rewritten(text: str) -> bytes:
    result = CliRunner().invoke(cli, ["rewrite", "-q", "Dockerfile"], catch_exceptions=False)
    return result.stdout_bytes


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_git_applies_the_diff_and_gets_the_rewritten_file(project, text):
    root = project(text)
    expected = rewritten(text)
    status, patch = diff_of("rewrite", "Dockerfile", "--diff")
    assert status == 1 and patch
    (root / "fix.patch").write_bytes(patch)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    check = subprocess.run(["git", "apply", "--check", "fix.patch"], cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "fix.patch"], cwd=root, check=True)
    assert (root / "Dockerfile").read_bytes() == expected


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch")
@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_patch_applies_the_diff(project, text):
    root = project(text)
    expected = rewritten(text)
    _, patch = diff_of("rewrite", "Dockerfile", "--diff")
    (root / "fix.patch").write_bytes(patch)
    done = subprocess.run(["patch", "-p1", "--binary", "-i", "fix.patch"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "Dockerfile").read_bytes() == expected


def test_check_format_diff_prints_the_same_patch(project):
    project(CASES["no-final-newline-changed-last-line"])
    _, from_rewrite = diff_of("rewrite", "Dockerfile", "--diff")
    _, from_check = diff_of("check", "Dockerfile", "--format", "diff")
    assert from_check == from_rewrite
    assert from_rewrite.endswith(b"\n\\ No newline at end of file\n")


def test_diff_exits_0_and_prints_nothing_without_changes(project):
    project("FROM debian:bookworm-slim\nCOPY notes.txt /srv/\n")
    assert diff_of("rewrite", "Dockerfile", "--diff") == (0, b"")
