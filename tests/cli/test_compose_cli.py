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
    assert "POSTGRES_PASSWORD=" in (tmp_path / ".env.example").read_text()
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
    assert yaml.safe_load(result.output)["services"]["web"]["ports"] == ["8080:8080"]
    assert list(tmp_path.iterdir()) == []


def test_compose_new_help_has_examples():
    result = run("compose", "new", "--help")
    assert result.exit_code == 0 and "dfopt compose new --with postgres" in result.output
