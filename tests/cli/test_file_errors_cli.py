"""Files as they are on people's machines: links, owners, full disks, read-only folders, other
programs writing at the same time, broken project files. Each ends in a one-line message and
exit 2 with the file as it was, or in a write that keeps the file's link, owner and mode.

The tests run as root in CI, and root may write anywhere: a read-only folder or a full disk is
simulated by making the system call fail the way it would."""

from __future__ import annotations

import errno
import os
import stat
import tempfile

import pytest
from click.testing import CliRunner

from dfopt.cli import cli

NEEDS_FIX = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
FIXED = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        return result

    return invoke


@pytest.fixture
def dockerfile(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(NEEDS_FIX)
    return path


def one_line_error(result) -> str:
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("dfopt: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".dfopt-tmp")]


# --- rewrite --in-place ---------------------------------------------------------------------


def test_in_place_writes_through_a_symbolic_link_and_keeps_the_link(run, tmp_path):
    real = tmp_path / "docker" / "Dockerfile.real"
    real.parent.mkdir()
    real.write_text(NEEDS_FIX)
    link = tmp_path / "Dockerfile"
    link.symlink_to(real)
    result = run("rewrite", "-i", "-q", str(link))
    assert result.exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == FIXED
    assert leftovers(real.parent) == [] and leftovers(tmp_path) == []


def test_in_place_keeps_the_permission_bits(run, dockerfile):
    dockerfile.chmod(0o754)
    run("rewrite", "-i", str(dockerfile))
    assert dockerfile.read_text() == FIXED
    assert stat.S_IMODE(dockerfile.stat().st_mode) == 0o754


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_in_place_keeps_the_owner_and_group(run, dockerfile):
    os.chown(dockerfile, 1234, 5678)
    dockerfile.chmod(0o6750)  # set-id bits survive: chmod comes after chown
    run("rewrite", "-i", str(dockerfile))
    info = dockerfile.stat()
    assert dockerfile.read_text() == FIXED
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o6750)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another owner")
def test_in_place_refuses_when_the_owner_cannot_be_kept(run, dockerfile, monkeypatch):
    os.chown(dockerfile, 1234, 5678)

    def chown(*args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chown", chown)
    message = one_line_error(run("rewrite", "-i", str(dockerfile)))
    assert "cannot keep its owner and group (1234:5678)" in message
    assert dockerfile.read_text() == NEEDS_FIX and leftovers(dockerfile.parent) == []


def test_in_place_flushes_the_file_before_the_rename_and_the_folder_after(run, dockerfile, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    run("rewrite", "-i", str(dockerfile))
    assert events == ["fsync file", "rename", "fsync folder"]
    assert dockerfile.read_text() == FIXED


def test_in_place_refuses_a_file_that_changed_since_it_was_read(run, dockerfile, monkeypatch):
    from dfopt.app import rewrite

    real = rewrite.rewrite_one

    def meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        dockerfile.write_text("FROM debian:12\n# an editor saved this meanwhile\n")
        return result

    monkeypatch.setattr(rewrite, "rewrite_one", meanwhile)
    message = one_line_error(run("rewrite", "-i", str(dockerfile)))
    assert message == f"dfopt: {dockerfile}: changed since dfopt read it; not written (run dfopt again)"
    assert dockerfile.read_text() == "FROM debian:12\n# an editor saved this meanwhile\n"
    assert leftovers(dockerfile.parent) == []


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_a_full_disk_leaves_the_file_as_it_was(run, dockerfile, monkeypatch, call):
    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, call, full)
    message = one_line_error(run("rewrite", "-i", str(dockerfile)))
    assert message == f"dfopt: {dockerfile}: cannot write: No space left on device; nothing was written"
    assert dockerfile.read_text() == NEEDS_FIX and leftovers(dockerfile.parent) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_folder_that_cannot_be_written_is_a_one_line_error(run, dockerfile, monkeypatch, code):
    def mkstemp(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    message = one_line_error(run("rewrite", "-i", str(dockerfile)))
    assert f"cannot create a file in its folder {dockerfile.parent} ({os.strerror(code)})" in message
    assert dockerfile.read_text() == NEEDS_FIX


def test_a_hard_linked_file_is_refused(run, dockerfile, tmp_path):
    other = tmp_path / "Dockerfile.copy"
    os.link(dockerfile, other)
    message = one_line_error(run("rewrite", "-i", str(dockerfile)))
    assert "has 2 hard links" in message
    assert dockerfile.read_text() == other.read_text() == NEEDS_FIX


def test_a_failing_file_does_not_stop_the_others(run, tmp_path):
    first, second = tmp_path / "a.Dockerfile", tmp_path / "b.Dockerfile"
    first.write_text(NEEDS_FIX)
    second.write_text(NEEDS_FIX)
    os.link(first, tmp_path / "a.link")
    result = run("rewrite", "-i", "-q", str(first), str(second))
    assert one_line_error(result).startswith(f"dfopt: {first}: has 2 hard links")
    assert first.read_text() == NEEDS_FIX and second.read_text() == FIXED


# --- dfopt ignore --write -------------------------------------------------------------------


def test_ignore_write_refuses_a_dockerignore_that_links_out_of_the_context(run, tmp_path):
    context = tmp_path / "app"
    context.mkdir()
    (context / "Dockerfile").write_text("FROM node:20\nCOPY . .\n")
    (context / "node_modules").mkdir()
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not an ignore file\n")
    (context / ".dockerignore").symlink_to(outside)
    message = one_line_error(run("ignore", str(context), "--write"))
    assert message.startswith(f"dfopt: {context / '.dockerignore'}: is a symbolic link to {outside}, outside")
    assert outside.read_text() == "not an ignore file\n"


def test_ignore_write_follows_a_link_inside_the_context(run, tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM node:20\nCOPY . .\n")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "ignore").write_text("*.log\n")
    (tmp_path / ".dockerignore").symlink_to("docker/ignore")
    assert run("ignore", str(tmp_path), "--write", "-q").exit_code == 0
    assert (tmp_path / ".dockerignore").is_symlink()
    written = (tmp_path / "docker" / "ignore").read_text()
    assert written.startswith("*.log\n") and "# >>> dfopt ignore" in written


def test_ignore_write_does_not_create_the_target_of_a_dangling_link(run, tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM node:20\nCOPY . .\n")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / ".dockerignore").symlink_to(tmp_path / "missing")
    message = one_line_error(run("ignore", str(tmp_path), "--write"))
    assert "which does not exist; not written" in message
    assert not (tmp_path / "missing").exists()


# --- other outputs and inputs ---------------------------------------------------------------


def test_a_report_that_cannot_be_written_is_a_one_line_error(run, dockerfile, monkeypatch):
    def mkstemp(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    message = one_line_error(run("check", str(dockerfile), "-o", "report.sarif", "--format", "sarif"))
    assert "report.sarif: cannot create a file in its folder" in message and "Read-only file system" in message


def test_new_writes_all_files_or_none_on_a_full_disk(run, tmp_path, monkeypatch):
    project = tmp_path / "proj"
    project.mkdir()
    (project / "package.json").write_text('{"name": "p", "scripts": {"start": "node index.js"}}\n')
    (project / "index.js").write_text("console.log(1)\n")
    calls = 0
    real = os.fsync

    def fsync(fd):  # the second file does not fit
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    message = one_line_error(run("new", "node", str(project)))
    assert "No space left on device; no file was written" in message
    assert sorted(p.name for p in project.iterdir()) == ["index.js", "package.json"]


def test_an_os_error_anywhere_is_one_line_not_an_internal_error(run, dockerfile, monkeypatch):
    from dfopt.app import check

    def discover(paths):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "secret-folder")

    monkeypatch.setattr(check, "discover", discover)
    assert one_line_error(run("check", str(dockerfile))) == "dfopt: secret-folder: Permission denied"


def test_a_package_json_that_is_not_an_object_is_named_with_its_line(run, tmp_path):
    (tmp_path / "package.json").write_text("[]\n")
    (tmp_path / "Dockerfile").write_text("FROM node:20\nCOPY . .\nRUN npm ci\n")
    check = run("check", ".")
    assert check.exit_code == 2
    assert "package.json:1: not a JSON object" in check.stdout
    rewrite = run("rewrite", "-i", "Dockerfile")
    assert one_line_error(rewrite) == ("dfopt: package.json:1: not a JSON object, so npm cannot read it as a "
                                       "package.json")
    assert (tmp_path / "Dockerfile").read_text() == "FROM node:20\nCOPY . .\nRUN npm ci\n"


@pytest.mark.parametrize("text, words", [
    ("tool = 1\n", "`tool` must be a table"),
    ("[tool]\ndfopt = 1\n", "`tool.dfopt` must be a table"),
    ("[tool.dfopt\n", "invalid TOML"),
    (b"\xff\xfe[tool.dfopt]\n", "not UTF-8"),
])
def test_a_broken_pyproject_is_a_one_line_error(run, tmp_path, dockerfile, text, words):
    (tmp_path / "pyproject.toml").write_bytes(text if isinstance(text, bytes) else text.encode())
    message = one_line_error(run("rewrite", "-i", str(dockerfile), "--config", "pyproject.toml"))
    assert message.startswith("dfopt: pyproject.toml: ") and words in message
    assert dockerfile.read_text() == NEEDS_FIX


@pytest.mark.parametrize("name, text", [
    ("composer.json", '{"repositories": 1, "require": 2}'),
    ("composer.json", "[" * 5000 + "]" * 5000),
    ("package.json", '{"workspaces": {"packages": 1}, "overrides": ' + '{"a": ' * 900 + '"1"' + "}" * 901),
    ("pyproject.toml", "[tool]\npoetry = 1\nuv = 2\n"),
])
def test_project_files_of_the_wrong_shape_leave_the_install_alone(run, tmp_path, name, text):
    (tmp_path / name).write_text(text)
    install = {"composer.json": "composer install", "package.json": "npm ci",
               "pyproject.toml": "pip install poetry && poetry install"}[name]
    (tmp_path / "Dockerfile").write_text(f"FROM base\nWORKDIR /app\nCOPY . .\nRUN {install}\n")
    result = run("check", ".", "--select", "DF201")
    assert result.exit_code in (0, 1)


def test_a_compose_file_nested_too_deeply_is_a_one_line_error(run, tmp_path):
    path = tmp_path / "compose.yaml"
    text = "services:\n  web:\n    image: x\n    labels: " + "[" * 3000 + "]" * 3000 + "\n"
    path.write_text(text)
    message = one_line_error(run("rewrite", "-i", str(path)))
    assert message == f"dfopt: {path}: not a compose file: its YAML is nested too deeply to read"
    assert path.read_text() == text


@pytest.mark.parametrize("data, words", [
    (b"FROM debian\n\x00\x01binary", "binary file"),
    (b"FROM debian\nRUN echo \xe9t\xe9\n", "not UTF-8 text"),
])
def test_binary_and_non_utf8_files_are_left_untouched(run, tmp_path, data, words):
    path = tmp_path / "Dockerfile"
    path.write_bytes(data)
    message = one_line_error(run("rewrite", "-i", str(path)))
    assert message.startswith(f"dfopt: {path}:2: ") and words in message
    assert path.read_bytes() == data


def test_a_ten_megabyte_line_is_refused_as_buildkit_refuses_it(run, tmp_path):
    path = tmp_path / "Dockerfile"
    text = "FROM debian\nRUN apt-get update && apt-get install -y curl && echo " + "x" * 10_000_000 + "\n"
    path.write_text(text)
    message = one_line_error(run("rewrite", "-i", str(path)))
    assert message == (f"dfopt: {path}:2: this line is 10,000,054 bytes long; BuildKit reads lines of at most "
                       "65,535 bytes")
    assert path.read_text() == text


def test_a_json_array_nested_too_deeply_is_a_one_line_error(run, tmp_path):
    path = tmp_path / "Dockerfile"
    text = "FROM debian\nCMD " + "[" * 5000 + "]" * 5000 + "\n"
    path.write_text(text)
    assert one_line_error(run("rewrite", "-i", str(path))) == (
        f"dfopt: {path}:2: CMD: the JSON array is nested too deeply to read")
    assert path.read_text() == text
