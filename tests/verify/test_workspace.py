"""The temporary context copy: which file a source-only change edits, and that the user's files
are never touched."""

import pytest

from dfopt.errors import DfoptError
from dfopt.verify.workspace import Workspace, strip_syntax_directive

DOCKERFILE = "FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"


@pytest.fixture
def app(tmp_path):
    files = {"package.json": "{}", "package-lock.json": "{}", "Dockerfile": DOCKERFILE,
             "src/index.js": "main()\n", "README.md": "# app\n", "config/app.yaml": "a: 1\n",
             ".env": "X=1\n", "node_modules/x/index.js": "x\n"}
    for name, text in files.items():
        path = tmp_path / "app" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "app"


def test_source_candidates_skip_manifests_hidden_files_and_dependencies(app):
    with Workspace(app) as ws:
        candidates = ws.source_candidates(DOCKERFILE)
    assert candidates[0] == "src/index.js"
    assert not {"package.json", "package-lock.json", "Dockerfile", ".env", "node_modules/x/index.js"} & set(candidates)


def test_a_file_a_copy_names_on_its_own_is_not_a_candidate(app):
    text = "FROM node:20-slim\nCOPY src/index.js /app/\n"
    with Workspace(app) as ws:
        assert "src/index.js" not in ws.source_candidates(text)


def test_source_change_edits_only_the_copy_and_differs_per_build(app):
    with Workspace(app) as ws:
        ws.change_source("original", "src/index.js")
        ws.change_source("rewritten", "src/index.js")
        a = (ws.context("original") / "src/index.js").read_text()
        b = (ws.context("rewritten") / "src/index.js").read_text()
        root = ws.root
    assert (app / "src/index.js").read_text() == "main()\n"
    assert a.startswith("main()\n// ") and b.startswith("main()\n// ") and a != b
    assert not root.exists()


def test_two_runs_edit_differently_so_no_build_reuses_an_older_runs_layers(app):
    texts = []
    for _ in range(2):
        with Workspace(app) as ws:
            ws.change_source("original", "src/index.js")
            texts.append((ws.context("original") / "src/index.js").read_text())
    assert texts[0] != texts[1]


def test_dockerfile_specific_ignore_file_is_copied_beside_each_dockerfile(app):
    (app / "Dockerfile.dockerignore").write_text("node_modules\n")
    with Workspace(app, app / "Dockerfile") as ws:
        path = ws.write_dockerfile("original", DOCKERFILE)
        assert (ws.dockerfiles / "original.Dockerfile.dockerignore").read_text() == "node_modules\n"
        assert open(path).read() == DOCKERFILE


def test_a_missing_context_is_an_error(tmp_path):
    with pytest.raises(DfoptError, match="not a folder"):
        Workspace(tmp_path / "nope")


def test_syntax_directive_is_dropped_and_other_directives_kept():
    text = "# escape=`\n# syntax=docker/dockerfile:1\nFROM x\n"
    assert strip_syntax_directive(text) == ("# escape=`\nFROM x\n", True)


def test_a_syntax_comment_after_the_directives_is_left_alone():
    text = "FROM x\n# syntax=docker/dockerfile:1\n"
    assert strip_syntax_directive(text) == (text, False)


def test_the_copy_leaves_out_what_dockerignore_excludes_but_keeps_the_ignore_file(app):
    (app / ".dockerignore").write_text("node_modules\ndocs\n!docs/keep.md\n")
    (app / "docs").mkdir()
    (app / "docs/drop.md").write_text("x")
    (app / "docs/keep.md").write_text("y")
    with Workspace(app, app / "Dockerfile") as ws:
        copy = ws.context("original")
        assert (copy / ".dockerignore").is_file() and (copy / "src/index.js").is_file()
        assert not (copy / "node_modules").exists() and not (copy / "docs/drop.md").exists()
        assert (copy / "docs/keep.md").read_text() == "y"


def test_an_ignored_file_is_never_the_source_change(app):
    (app / ".dockerignore").write_text("src\n")
    with Workspace(app) as ws:
        assert not [c for c in ws.source_candidates(DOCKERFILE) if c.startswith("src/")]
