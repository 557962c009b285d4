"""`dfopt ignore` and `dfopt rewrite --fix-dockerignore` from the command line."""

from __future__ import annotations

from click.testing import CliRunner

from dfopt.cli import cli
from dfopt.context.dockerignore import IgnoreFile

FILES = {
    "package.json": "{}",
    "node_modules/a/index.js": "1",
    ".env": "TOKEN=1",
    "index.js": "",
    "Dockerfile": "FROM node:20-bookworm-slim\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n",
}


def make(tmp_path, files=FILES):
    for name, body in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_prints_the_file_and_the_summary_on_stderr(tmp_path):
    root = make(tmp_path)
    result = run("ignore", str(root))
    assert result.exit_code == 0
    assert IgnoreFile.parse(result.stdout).matches("node_modules/a/index.js")
    assert "context sent to the builder: 5 files" in result.stderr
    assert "secret-looking files kept out: .env" in result.stderr
    assert not (root / ".dockerignore").exists()


def test_check_fails_when_missing_then_passes_after_write(tmp_path):
    root = make(tmp_path)
    assert run("ignore", str(root), "--check").exit_code == 1
    written = run("ignore", str(root), "--write")
    assert written.exit_code == 0 and (root / ".dockerignore").is_file()
    assert run("ignore", str(root), "--check").exit_code == 0
    assert run("ignore", str(root), "--diff").stdout == ""


def test_check_fails_when_the_file_lacks_entries(tmp_path):
    root = make(tmp_path, {**FILES, ".dockerignore": "node_modules\n"})
    assert run("ignore", str(root), "--check", "-q").exit_code == 1
    diff = run("ignore", str(root), "--diff", "-q").stdout
    assert diff.startswith("--- ") and "+**/.env" in diff


def test_dockerfile_option_chooses_the_sources_to_keep(tmp_path):
    root = make(tmp_path, {**FILES, "docker/prod.Dockerfile": "FROM node:20-bookworm-slim\nCOPY node_modules /nm\n"})
    text = run("ignore", str(root), "-f", str(root / "Dockerfile")).stdout
    assert IgnoreFile.parse(text).matches("node_modules/a/index.js")
    text = run("ignore", str(root), "-f", str(root / "docker/prod.Dockerfile")).stdout
    assert not IgnoreFile.parse(text).matches("node_modules/a/index.js")


def test_unparsable_dockerfile_is_an_error_without_traceback(tmp_path):
    root = make(tmp_path, {**FILES, "Dockerfile": "FROM debian:bookworm\n&& echo\n"})
    result = run("ignore", str(root))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_rewrite_fix_dockerignore_writes_a_missing_file(tmp_path):
    root = make(tmp_path)
    assert run("rewrite", str(root / "Dockerfile"), "--check", "--fix-dockerignore").exit_code == 1
    assert run("rewrite", str(root / "Dockerfile"), "--in-place", "--fix-dockerignore").exit_code == 0
    assert IgnoreFile.parse((root / ".dockerignore").read_text()).matches(".env")
    assert run("rewrite", str(root / "Dockerfile"), "--check", "--fix-dockerignore").exit_code == 0


def test_rewrite_fix_dockerignore_leaves_an_existing_file_alone(tmp_path):
    root = make(tmp_path, {**FILES, ".dockerignore": "*.md\n"})
    run("rewrite", str(root / "Dockerfile"), "--in-place", "--fix-dockerignore")
    assert (root / ".dockerignore").read_text() == "*.md\n"


def test_rewrite_fix_dockerignore_needs_a_writing_mode(tmp_path):
    root = make(tmp_path)
    assert run("rewrite", str(root / "Dockerfile"), "--fix-dockerignore").exit_code == 2
