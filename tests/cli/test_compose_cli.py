"""`dfopt compose new` as a user sees it: files written, exit codes, errors without tracebacks."""

import pytest
import yaml
from click.testing import CliRunner

from dfopt.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_compose_new_writes_compose_and_env_example(tmp_path):
    result = run("compose", "new", "--with", "postgres", "--with", "redis", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((tmp_path / "compose.yaml").read_text())
    assert set(doc["services"]) == {"app", "db", "cache"}
    assert "POSTGRES_USER=" in (tmp_path / ".env.example").read_text()
    assert len((tmp_path / "secrets" / "db-password.txt").read_text()) >= 24
    assert not (tmp_path / ".env").exists()


def test_compose_new_refuses_to_overwrite_without_force(tmp_path):
    (tmp_path / "compose.yaml").write_text("keep me\n")
    result = run("compose", "new", "--dir", str(tmp_path))
    assert result.exit_code == 2 and "--force" in result.output
    assert (tmp_path / "compose.yaml").read_text() == "keep me\n"
    assert run("compose", "new", "--dir", str(tmp_path), "--force").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [["--port", "3000:22"], ["--port", "99999"], ["--name", "web\n    privileged: true"], ["--with", "postgres;id"]],
)
def test_compose_new_rejects_hostile_values_with_exit_2_and_writes_nothing(tmp_path, args):
    result = run("compose", "new", "--dir", str(tmp_path), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith(f"dfopt: {args[0]}: ")
    assert list(tmp_path.iterdir()) == []


def test_compose_new_stdout_prints_only_compose_yaml(tmp_path):
    result = run("compose", "new", "--with", "mysql", "--port", "8080", "--name", "web", "--stdout", "--dir", str(tmp_path))
    assert result.exit_code == 0
    assert yaml.safe_load(result.output)["services"]["web"]["ports"] == ["127.0.0.1:8080:8080"]
    assert list(tmp_path.iterdir()) == []


def test_compose_new_help_has_examples():
    result = run("compose", "new", "--help")
    assert result.exit_code == 0 and "dfopt compose new --with postgres" in result.output


@pytest.mark.parametrize("dockerfile, port", [
    ("FROM nginx:1.27\nEXPOSE 80\n", 80),
    ("FROM python:3.12-slim AS base\nEXPOSE 9999\nFROM base\nEXPOSE 8000/tcp\nCMD [\"python\", \"app.py\"]\n", 8000),
])
def test_compose_new_takes_the_port_from_the_dockerfile(tmp_path, dockerfile, port):
    (tmp_path / "Dockerfile").write_text(dockerfile)
    result = run("compose", "new", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"app port: {port}, from the Dockerfile's EXPOSE {port}" in result.output
    app = yaml.safe_load((tmp_path / "compose.yaml").read_text())["services"]["app"]
    assert app["ports"] == [f"127.0.0.1:{port}:{port}"] and app["environment"]["PORT"] == str(port)


def test_compose_new_takes_the_port_from_the_project_without_expose(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "x", "scripts": {"start": "node server.js --port 4100"}}')
    (tmp_path / "server.js").write_text("")
    result = run("compose", "new", "--dir", str(tmp_path), "--stdout")
    assert yaml.safe_load(result.output)["services"]["app"]["ports"] == ["127.0.0.1:4100:4100"]


def test_compose_new_port_option_wins_over_the_dockerfile(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM node:20-slim\nEXPOSE 80\n")
    result = run("compose", "new", "--dir", str(tmp_path), "--port", "8080", "--stdout")
    assert yaml.safe_load(result.output)["services"]["app"]["ports"] == ["127.0.0.1:8080:8080"]


def test_compose_new_bind_publishes_on_the_address_asked_for(tmp_path):
    result = run("compose", "new", "--dir", str(tmp_path), "--bind", "0.0.0.0", "--port", "80", "--stdout")
    assert yaml.safe_load(result.output)["services"]["app"]["ports"] == ["0.0.0.0:80:80"]


def test_compose_new_after_new_needs_no_force_and_keeps_env_and_secrets(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "x", "scripts": {"start": "node server.js"}}')
    (tmp_path / "server.js").write_text("require('http').createServer().listen(8080)\n")
    assert run("new", "node", str(tmp_path)).exit_code == 0
    dockerfile = (tmp_path / "Dockerfile").read_text()
    (tmp_path / ".env").write_text("POSTGRES_DB=mine\n")
    result = run("compose", "new", "--with", "postgres", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Dockerfile").read_text() == dockerfile
    assert (tmp_path / ".env").read_text() == "POSTGRES_DB=mine\n"
    assert "cp " not in result.output and "variables of" in result.output
    ignore = (tmp_path / ".dockerignore").read_text()
    assert ignore.splitlines()[-2:] == [".env", "secrets/"]
    password = (tmp_path / "secrets" / "db-password.txt").read_text()
    again = run("compose", "new", "--with", "postgres", "--dir", str(tmp_path), "--force")
    assert again.exit_code == 0 and "updated" not in again.output
    assert (tmp_path / "secrets" / "db-password.txt").read_text() == password
    assert (tmp_path / ".dockerignore").read_text() == ignore


def test_compose_new_suggests_copying_env_example_only_when_there_is_no_env(tmp_path):
    result = run("compose", "new", "--with", "mysql", "--dir", str(tmp_path))
    assert f"next: cp {tmp_path / '.env.example'} {tmp_path / '.env'}" in result.output
    assert sorted(p.name for p in (tmp_path / "secrets").iterdir()) == [".gitignore", "db-password.txt",
                                                                        "db-root-password.txt"]


def test_compose_new_bad_bind_is_an_error_without_files(tmp_path):
    result = run("compose", "new", "--dir", str(tmp_path), "--bind", "0.0.0.0:22")
    assert result.exit_code == 2 and result.output.startswith("dfopt: --bind: ")
    assert list(tmp_path.iterdir()) == []
