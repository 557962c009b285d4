"""`dfopt rewrite --fix-dockerignore`: the .dockerignore is decided first and the rules see the
context as it will be with it, so a fix that is safe only with that file applies in the same run."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from dfopt.context import BuildContext
from dfopt.context.dockerignore import IgnoreFile
from dfopt.errors import DfoptError

LOCK = '{"name": "app", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "app"}}}\n'
DOCKERFILE = 'FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n'
FIXED = ('FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n'
         'COPY . .\nCMD ["node", "index.js"]\n')
NODE = {
    "package.json": '{"name": "app", "version": "1.0.0"}\n',
    "package-lock.json": LOCK,
    "node_modules/left-pad/index.js": "module.exports = 1\n",
    "index.js": "console.log(1)\n",
    "Dockerfile": DOCKERFILE,
}


def make(root, files=NODE):
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return root


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_one_in_place_run_writes_the_dockerignore_and_the_dependency_first_rewrite(tmp_path):
    root = make(tmp_path)
    result = run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore")
    assert result.exit_code == 0, result.output
    assert (root / "Dockerfile").read_text() == FIXED
    assert IgnoreFile.parse((root / ".dockerignore").read_text()).matches("node_modules/left-pad/index.js")
    assert "DF201" in result.stderr and ".dockerignore: written" in result.stderr


def test_the_rewrite_alone_leaves_the_dependency_first_fix_unsafe(tmp_path):
    """The counterpart: without the proposed file node_modules would be laid over the install's."""
    root = make(tmp_path)
    result = run("rewrite", root / "Dockerfile", "--in-place")
    assert result.exit_code == 0
    assert (root / "Dockerfile").read_text() == DOCKERFILE


def test_diff_shows_both_files_and_writes_nothing(tmp_path):
    root = make(tmp_path)
    before = snapshot(root)
    result = run("rewrite", root / "Dockerfile", "--diff", "--fix-dockerignore")
    assert result.exit_code == 1
    assert f"+++ {root / 'Dockerfile'}\n" in result.stdout
    assert "+COPY package.json package-lock.json ./\n" in result.stdout
    assert f"+++ {root / '.dockerignore'}\n" in result.stdout
    assert "+**/node_modules\n" in result.stdout
    assert snapshot(root) == before


def test_check_exits_1_and_writes_nothing(tmp_path):
    root = make(tmp_path)
    before = snapshot(root)
    result = run("rewrite", root / "Dockerfile", "--check", "--fix-dockerignore")
    assert result.exit_code == 1
    assert "would be rewritten" in result.stderr and ".dockerignore: missing" in result.stderr
    assert snapshot(root) == before


def test_check_exits_1_when_only_the_dockerignore_would_change(tmp_path):
    root = make(tmp_path, {**NODE, "Dockerfile": FIXED})
    result = run("rewrite", root / "Dockerfile", "--check", "--fix-dockerignore")
    assert result.exit_code == 1 and "would be rewritten" not in result.stderr
    assert run("rewrite", root / "Dockerfile", "--diff", "--fix-dockerignore").exit_code == 1


def test_a_second_run_changes_nothing(tmp_path):
    root = make(tmp_path)
    assert run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore").exit_code == 0
    after = snapshot(root)
    assert run("rewrite", root / "Dockerfile", "--check", "--fix-dockerignore").exit_code == 0
    result = run("rewrite", root / "Dockerfile", "--diff", "--fix-dockerignore")
    assert result.exit_code == 0 and result.stdout == ""
    assert run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore").exit_code == 0
    assert snapshot(root) == after


def test_the_diff_applies_to_what_in_place_writes(tmp_path):
    diff_root, place_root = make(tmp_path / "a"), make(tmp_path / "b")
    run("rewrite", place_root / "Dockerfile", "--in-place", "--fix-dockerignore")
    diff = run("rewrite", diff_root / "Dockerfile", "--diff", "--fix-dockerignore").stdout
    ignore_part = diff[diff.index(f"--- {diff_root / '.dockerignore'}"):]
    added = "".join(line[1:] + "\n" for line in ignore_part.splitlines()[3:] if line.startswith("+"))
    assert added == (place_root / ".dockerignore").read_text()


def test_an_existing_dockerignore_is_left_alone_and_the_fix_stays_unsafe(tmp_path):
    root = make(tmp_path, {**NODE, ".dockerignore": "*.md\n"})
    run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore")
    assert (root / ".dockerignore").read_text() == "*.md\n"
    assert (root / "Dockerfile").read_text() == DOCKERFILE
    result = run("check", root / "Dockerfile")
    assert "`dfopt ignore --write` adds the missing lines" in result.stdout


def test_a_dockerfile_that_does_not_parse_writes_nothing(tmp_path):
    root = make(tmp_path, {**NODE, "Dockerfile": "FROM node:20-bookworm-slim\nCOPY . .\n&& npm ci\n"})
    before = snapshot(root)
    result = run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert snapshot(root) == before


def test_when_the_dockerfile_cannot_be_written_the_new_dockerignore_is_removed(tmp_path, monkeypatch):
    from dfopt.app import rewrite

    def refuse(path, text, expected=None, within=None):
        raise DfoptError("changed since dfopt read it; not written (run dfopt again)", str(path))

    monkeypatch.setattr(rewrite, "write_atomic", refuse)
    root = make(tmp_path)
    before = snapshot(root)
    result = run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore")
    assert result.exit_code == 2
    assert snapshot(root) == before


def test_two_dockerfiles_of_one_context_show_the_dockerignore_once(tmp_path):
    root = make(tmp_path, {**NODE, "worker.Dockerfile": DOCKERFILE})
    result = run("rewrite", root / "Dockerfile", root / "worker.Dockerfile", "--diff", "--fix-dockerignore")
    assert result.exit_code == 1
    assert result.stdout.count(f"+++ {root / '.dockerignore'}\n") == 1
    assert result.stdout.count("+COPY package.json package-lock.json ./\n") == 2


def test_standard_input_uses_the_current_folder_as_context(tmp_path, monkeypatch):
    root = make(tmp_path)
    monkeypatch.chdir(root)
    result = run("rewrite", "-", "--diff", "--fix-dockerignore", input=DOCKERFILE)
    assert result.exit_code == 1
    assert "+COPY package.json package-lock.json ./\n" in result.stdout and "+**/node_modules\n" in result.stdout
    assert not (root / ".dockerignore").exists()


# --- the build context's one way to take a proposed .dockerignore ---------------------------------

def test_a_context_takes_a_proposed_dockerignore(tmp_path):
    root = make(tmp_path)
    context = BuildContext.from_dir(root, root / "Dockerfile")
    proposed = context.with_ignore_text("**/node_modules\n")
    assert context.sent("node_modules/left-pad/index.js") and not proposed.sent("node_modules/left-pad/index.js")
    assert proposed.ignore_path == root / ".dockerignore" and not (root / ".dockerignore").exists()


@pytest.mark.parametrize("beside", ["Dockerfile.dockerignore"])
def test_a_proposal_does_not_replace_the_ignore_file_beside_the_dockerfile(tmp_path, beside):
    """Docker reads <Dockerfile>.dockerignore first: a new .dockerignore would not change the build."""
    root = make(tmp_path, {**NODE, beside: "*.md\n"})
    context = BuildContext.from_dir(root, root / "Dockerfile")
    proposed = context.with_ignore_text("**/node_modules\n")
    assert proposed.sent("node_modules/left-pad/index.js")
    result = run("rewrite", root / "Dockerfile", "--in-place", "--fix-dockerignore")
    assert (root / "Dockerfile").read_text() == DOCKERFILE
    assert "builds read Dockerfile.dockerignore" in result.stderr
