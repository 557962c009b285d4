"""The pre-commit hooks and the GitHub Action call dfopt the way its command line works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dfopt.app.check import is_dockerfile_name
from dfopt.cli import cli

ROOT = Path(__file__).resolve().parents[1]
HOOKS = (ROOT / ".pre-commit-hooks.yaml").read_text()
ACTION = (ROOT / "action.yml").read_text()


def help_text(command: str) -> str:
    return CliRunner().invoke(cli, [command, "--help"]).stdout


@pytest.mark.parametrize(
    "path",
    ["Dockerfile", "svc/Dockerfile", "Dockerfile.prod", "a/b/api.Dockerfile", "Dockerfile.dockerignore",
     "Dockerfile.txt/x", "notes.txt", "MyDockerfile", "a/.dockerignore", "x.dockerfile"],
)
def test_hook_file_pattern_matches_what_check_searches_for(path):
    files = re.search(r"^  files: (.+)$", HOOKS, re.M).group(1)
    exclude = re.search(r"^  exclude: (.+)$", HOOKS, re.M).group(1)
    hooked = bool(re.search(files, path)) and not re.search(exclude, path)
    assert hooked == is_dockerfile_name(path.rsplit("/", 1)[-1])


def test_hooks_and_action_use_existing_options():
    for command, text in [("check", HOOKS), ("rewrite", HOOKS), ("check", ACTION)]:
        known = set(re.findall(r"--[a-z][a-z-]+", help_text(command)))
        for line in re.findall(rf"dfopt {command}\b[^\n]*", text):
            used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", line))
            assert used <= known, (command, used - known)
    assert re.search(r"--format sarif --output", ACTION)
    assert "--format github" in ACTION
    assert "upload-sarif" in ACTION


def test_action_passes_inputs_through_the_environment_only():
    # `${{ inputs.x }}` inside a `run:` script is a shell-injection hole; inputs go through `env:`.
    scripts = re.findall(r"run: \|\n((?:        .*\n?)+)", ACTION)
    assert scripts
    for script in scripts:
        assert "${{" not in script
