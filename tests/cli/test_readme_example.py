"""The README's "What it does, on a real file" shows what the commands it names really print."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from dfopt.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## What it does, on a real file")
    return text[start:text.index("\n## ", start + 1)]


def shown() -> list[tuple[str, str]]:
    """(diff, standard error) pairs: each ```diff block and the indented block after it."""
    pairs = re.findall(r"```diff\n(.*?)```\n\n((?:    [^\n]*\n)+)", section(), re.S)
    return [(diff, "".join(line[4:] + "\n" for line in err.splitlines())) for diff, err in pairs]


def dfopt(command: str):
    args = shlex.split(command)
    assert args[0] == "dfopt"
    return CliRunner().invoke(cli, args[1:])


def test_the_first_diff_is_what_rewrite_prints(monkeypatch):
    monkeypatch.chdir(ROOT)
    command = re.search(r"`(dfopt rewrite examples/node-apt/Dockerfile --diff)`", section()).group(1)
    result = dfopt(command)
    diff, err = shown()[0]
    assert (result.stdout, result.stderr) == (diff, err)


def test_the_fix_dockerignore_diff_is_what_rewrite_prints(tmp_path, monkeypatch):
    commands = re.search(r"\n    cp -r examples/node-apt /tmp/node-apt && cd /tmp/node-apt\n((?:    dfopt .*\n)+)",
                         section()).group(1).split("\n")
    commands = [c.strip() for c in commands if c.strip()]
    copy = tmp_path / "node-apt"
    shutil.copytree(ROOT / "examples/node-apt", copy)
    monkeypatch.chdir(copy)
    for command in commands[:-1]:
        assert dfopt(command).exit_code == 0
    result = dfopt(commands[-1])
    diff, err = shown()[1]
    assert (result.stdout, result.stderr) == (diff, err)
    assert not (copy / ".dockerignore").exists()
