"""DF250: a build that copies the whole context, with no .dockerignore, when the context holds
heavy or secret paths."""

from __future__ import annotations

import pytest

from dfopt.context import BuildContext
from dfopt.fixer import check
from dfopt.rules.dockerignore_missing import DockerignoreMissing
from dfopt.syntax import parse

COPY_ALL = "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"


@pytest.fixture
def context(tmp_path):
    def make(files):
        for name, body in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body)
        return BuildContext.from_dir(tmp_path)
    return make


def findings(text, ctx):
    return check(parse(text), [DockerignoreMissing], build_context=ctx)


def test_copy_of_the_whole_context_with_node_modules_and_env_is_caught(context):
    ctx = context({"package.json": "{}", "node_modules/a/i.js": "", ".env": "T=1", "index.js": ""})
    [finding] = findings(COPY_ALL, ctx)
    assert finding.code == "DF250"
    assert "node_modules" in finding.message and ".env" in finding.message
    assert COPY_ALL[finding.start:finding.end] == "COPY . ."
    assert "dfopt ignore --write" in finding.no_fix_reason


def test_bind_mount_of_the_context_counts_as_a_whole_copy(context):
    ctx = context({".git/HEAD": "", "main.go": ""})
    text = "FROM debian:bookworm\nRUN --mount=type=bind,target=/src go build /src\n"
    assert [f.code for f in findings(text, ctx)] == ["DF250"]


def test_existing_dockerignore_silences_it(context):
    ctx = context({".dockerignore": "", ".env": "T=1", "index.js": ""})
    assert findings(COPY_ALL, ctx) == []


def test_named_copies_only_are_not_reported(context):
    ctx = context({".env": "T=1", "node_modules/a/i.js": "", "package.json": "{}", "src/a.js": ""})
    assert findings("FROM node:20-bookworm-slim\nCOPY package.json ./\nRUN npm ci\nCOPY src ./src\n", ctx) == []


def test_clean_context_is_not_reported(context):
    ctx = context({"package.json": "{}", "index.js": ""})
    assert findings(COPY_ALL, ctx) == []


def test_without_a_build_context_it_says_nothing():
    assert check(parse(COPY_ALL), [DockerignoreMissing], build_context=None) == []


def test_copy_from_another_stage_is_not_a_context_copy(context):
    ctx = context({".env": "T=1"})
    assert findings("FROM debian:bookworm AS a\nFROM debian:bookworm\nCOPY --from=a / /\n", ctx) == []


def test_docs_have_every_section():
    docs = DockerignoreMissing.docs()
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "References"):
        assert f"## {section}" in docs


@pytest.mark.parametrize("files", [
    {".gitignore": "node_modules\n", "index.js": ""},
    {".gitignore": "x\n", ".gitattributes": "* text=auto\n", ".gitmodules": "", "src/a.js": ""},
])
def test_small_version_control_files_alone_are_not_reported(context, files):
    assert findings(COPY_ALL, context(files)) == []


def test_the_repository_folder_still_counts_beside_them(context):
    ctx = context({".gitignore": "x\n", ".git/HEAD": "ref: refs/heads/main\n", "index.js": ""})
    [finding] = findings(COPY_ALL, ctx)
    assert ".git" in finding.message and ".gitignore" not in finding.message
