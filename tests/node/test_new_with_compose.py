"""`dfopt new node-ts --with postgres --with redis`: the Dockerfile, and a compose file for it."""

import yaml
from click.testing import CliRunner

from dfopt.app.check import check_paths
from dfopt.cli import cli
from dfopt.app.settings import Settings
from nodeprojects import project  # noqa: F401  (fixture)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_new_with_services_writes_compose_beside_the_dockerfile(project):
    root = project("npm-ts-express")
    result = run("new", "node-ts", str(root), "--port", "8080", "--with", "postgres", "--with", "redis")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((root / "compose.yaml").read_text())
    assert doc["services"]["app"]["build"] == {"context": "."}
    assert doc["services"]["app"]["ports"] == ["127.0.0.1:8080:8080"]
    assert set(doc["services"]) == {"app", "db", "cache"}
    assert "POSTGRES_USER=" in (root / ".env.example").read_text()
    assert (root / "secrets" / "db-password.txt").is_file()
    assert f"next: cp {root / '.env.example'} {root / '.env'}" in result.output


def test_dockerignore_keeps_env_and_compose_files_out_of_the_context(project):
    root = project("npm-ts-express")
    assert run("new", "node-ts", str(root), "--with", "postgres").exit_code == 0
    from dfopt.context.dockerignore import IgnoreFile

    ignore = IgnoreFile.parse((root / ".dockerignore").read_text())
    assert all(ignore.matches(name) for name in (".env", "compose.yaml", ".env.example", "secrets/db-password.txt"))
    assert not ignore.matches("package.json")


def test_generated_project_checks_clean_dockerfile_and_compose_together(project):
    root = project("npm-ts-express")
    assert run("new", "node-ts", str(root), "--with", "mysql", "--with", "redis", "--redis-persistence").exit_code == 0
    result = check_paths([str(root / "compose.yaml")], Settings())
    assert [f.code for _, f in result.findings()] == []


def test_new_with_a_bad_service_writes_nothing(project):
    root = project("npm-ts-express")
    result = run("new", "node-ts", str(root), "--with", "postgres\n  privileged: true")
    assert result.exit_code == 2 and "unknown service" in result.output
    assert not (root / "Dockerfile").exists() and not (root / "compose.yaml").exists()


def test_new_without_services_writes_no_compose_file(project):
    root = project("npm-ts-express")
    assert run("new", "node-ts", str(root)).exit_code == 0
    assert not (root / "compose.yaml").exists() and not (root / ".env.example").exists()
