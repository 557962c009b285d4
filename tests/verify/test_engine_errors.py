"""Without an engine, verify says so clearly (exit 2), never with a traceback."""

import json
import os
import stat

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from dfopt.errors import DfoptError
from dfopt.verify.docker import Engine


def fake_docker(folder, script):
    path = folder / "docker"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(folder)


def test_no_docker_cli_on_path_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DfoptError, match="not on PATH"):
        Engine()


def test_an_engine_that_does_not_answer_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", fake_docker(tmp_path, "echo 'Cannot connect to the Docker daemon' >&2; exit 1\n"))
    monkeypatch.setenv("DOCKER_HOST", "unix:///nowhere.sock")
    with pytest.raises(DfoptError, match="no Docker engine answers at unix:///nowhere.sock: Cannot connect"):
        Engine()


def test_cli_verify_without_an_engine_exits_2_naming_the_host(tmp_path, monkeypatch):
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\nMAINTAINER Jane <j@example.com>\n")
    monkeypatch.setenv("PATH", fake_docker(tmp_path, "exit 1\n") + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:9")
    result = CliRunner().invoke(cli, ["verify", str(tmp_path / "Dockerfile"), "--unsafe-fixes"])
    assert result.exit_code == 2
    assert "no Docker engine answers at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output


def test_cli_verify_with_nothing_to_fix_builds_nothing(tmp_path, monkeypatch):
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\n")
    monkeypatch.setenv("PATH", str(tmp_path))  # no docker at all: not needed
    result = CliRunner().invoke(cli, ["verify", str(tmp_path / "Dockerfile")])
    assert result.exit_code == 0
    assert "no fixes apply" in result.stderr


def test_cli_verify_json_with_nothing_to_fix_has_the_report_keys(tmp_path, monkeypatch):
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(cli, ["verify", str(tmp_path / "Dockerfile"), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["safe_violation"] is False and report["equivalent"] is True
