"""`dfopt check` over many files uses worker processes; what it reports must not depend on how many."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import dfopt.app.check as check_mod
from dfopt.app.check import FILES_A_WORKER, check_paths, worker_count
from dfopt.app.settings import Settings
from dfopt.cli import cli
from dfopt.shell import shellcheck

SHAPES = [
    "FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\nRUN echo $HOME | grep x\n",
    "FROM alpine:3.20\nRUN apk add curl && cd /tmp && wget http://x/y\nCMD node a.js\n",
    "FROM node:20\nCOPY . .\nRUN npm install\nCMD [\"node\", \"a.js\"]\n",
    "FROM python:3.11\nRUN pip install flask\nUSER root\n",
    "FROM debian:12\nRUN for f in $(ls); do echo $f; done\n",
    "FROM scratch\nCOPY --from=missing /a /b\n",
    "FROM debian:12\nRUN echo one\nRUN echo two\nRUN echo three\n",
    "FROM ubuntu:22.04\nRUN apt update && apt install -y git\nMAINTAINER someone\n",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for i in range(40):
        folder = tmp_path / f"svc{i:02d}"
        folder.mkdir()
        (folder / "Dockerfile").write_text(SHAPES[i % len(SHAPES)] + f"LABEL n={i}\n")
        if i % 5 == 0:
            (folder / "package.json").write_text('{"name": "x", "dependencies": {"a": "1"}}\n')
    (tmp_path / "svc03" / "Dockerfile").write_text("FROM debian:12\nRUN echo a\n&& echo b\n")  # does not parse
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    build: svc00\n    privileged: true\n")
    return tmp_path


@pytest.mark.parametrize("ignore", [(), ("DF501",)])
def test_workers_report_what_one_process_reports(tree, ignore):
    settings = Settings(select=("ALL",), ignore=ignore)
    alone = check_paths([str(tree)], settings, jobs=1)
    shared = check_paths([str(tree)], settings, jobs=2)
    assert [f.path for f in shared.files] == [f.path for f in alone.files]
    assert shared.files == alone.files  # findings, their order and fixes, errors
    assert sum(len(f.findings) for f in alone.files) > 40
    assert any(f.error is not None for f in alone.files)
    codes = {finding.code for _, finding in alone.findings()}
    assert ("DF501" in codes) is (not ignore and shellcheck.binary() is not None)  # merged from the main process


def test_files_are_checked_in_worker_processes(tree, monkeypatch):
    seen = tree / "pids"
    real = check_mod._check_one

    def recording(*args):
        with open(seen, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(*args)

    monkeypatch.setattr(check_mod, "_check_one", recording)
    check_paths([str(tree)], Settings(), jobs=2)
    pids = set(seen.read_text().split())
    assert len(pids) == 2 and str(os.getpid()) not in pids


def test_how_many_workers():
    assert worker_count(FILES_A_WORKER * 2 - 1) == 1  # too few files to be worth a fork
    assert worker_count(1, jobs=4) == 1
    assert worker_count(3, jobs=4) == 3
    assert worker_count(10_000) == min(len(os.sched_getaffinity(0)), 8)


def test_jobs_option(tree, monkeypatch):
    monkeypatch.chdir(tree)
    runner = CliRunner()
    one = runner.invoke(cli, ["check", ".", "--format", "json", "-j", "1"])
    two = runner.invoke(cli, ["check", ".", "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2 and one.stdout == two.stdout
    bad = runner.invoke(cli, ["check", ".", "--jobs", "-1"])
    assert bad.exit_code == 2 and "--jobs" in bad.output
