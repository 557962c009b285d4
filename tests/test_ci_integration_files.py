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


CI_DOCS = (ROOT / "docs" / "ci.md").read_text()


def test_ci_docs_name_real_commands_not_placeholders():
    import yaml

    assert not re.search(r"OWNER/|example\.invalid|pip install dfopt\b", CI_DOCS)
    blocks = re.findall(r"```yaml\n(.*?)```", CI_DOCS, re.S)
    assert len(blocks) >= 4
    for block in blocks:
        yaml.safe_load(block)  # every example parses (fragments of a steps list too)
    for command in ("check", "rewrite"):
        known = set(re.findall(r"--[a-z][a-z-]+", help_text(command)))
        for line in re.findall(rf"dfopt {command}\b[^\n`]*", CI_DOCS):
            used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", line))
            assert used <= known, (command, used - known)
    # The local pre-commit hooks match the files the published hooks match.
    hooks = yaml.safe_load(next(b for b in blocks if "repo: local" in b))["repos"][0]["hooks"]
    published = {hook["id"]: hook for hook in yaml.safe_load(HOOKS)}
    for hook in hooks:
        assert hook["entry"] == published[hook["id"]]["entry"]
        assert (hook["files"], hook["exclude"]) == (published[hook["id"]]["files"], published[hook["id"]]["exclude"])
