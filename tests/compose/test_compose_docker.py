"""Docker's own Compose reads the generated files and the fixtures (`docker compose config`
only: it validates and prints; nothing is created). Skipped when no `docker compose` answers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dfopt.fixer import fix_compose
from dfopt.scaffold.compose import render_compose_files, write_secret_files

pytestmark = pytest.mark.docker
FIXTURES = Path(__file__).parent / "fixtures"


def _compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_compose = pytest.mark.skipif(not _compose_available(), reason="`docker compose` is not available")


def compose_config(folder: Path, *files: str) -> subprocess.CompletedProcess:
    args = ["docker", "compose", "--project-directory", str(folder)]
    for name in files:
        args += ["-f", str(folder / name)]
    return subprocess.run([*args, "config", "--quiet"], capture_output=True, text=True, timeout=60, cwd=folder)


def write_project(folder: Path, services: list[str], fill_env: bool) -> None:
    files = render_compose_files("app", 3000, services, redis_persistence=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    (folder / "Dockerfile").write_text("FROM node:20-slim\n")
    write_secret_files(folder, services)
    if ".env.example" in files:  # as a user would: copy it, then fill in the empty secrets
        lines = [line + ("s3cret-for-tests" if fill_env and line.endswith("=") else "")
                 for line in files[".env.example"].splitlines()]
        (folder / ".env").write_text("\n".join(lines) + "\n")


@needs_compose
@pytest.mark.parametrize("services", [["postgres", "redis"], ["mysql", "mongodb", "rabbitmq"], []])
def test_docker_compose_accepts_generated_files(tmp_path, services):
    write_project(tmp_path, services, fill_env=True)
    result = compose_config(tmp_path, "compose.yaml")
    assert result.returncode == 0, result.stderr


@needs_compose
def test_docker_compose_refuses_to_run_while_a_secret_is_empty(tmp_path):
    write_project(tmp_path, ["rabbitmq"], fill_env=False)
    result = compose_config(tmp_path, "compose.yaml")
    assert result.returncode != 0 and "set RABBITMQ_DEFAULT_PASS in .env" in result.stderr


@needs_compose
@pytest.mark.parametrize("fixed", [False, True], ids=["as-written", "after-all-fixes"])
@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.yaml")))
def test_fixtures_are_compose_files_docker_accepts(tmp_path, fixture, fixed):
    text = (FIXTURES / fixture).read_text()
    if fixed:
        text = fix_compose(text, unsafe=True).text
    (tmp_path / "compose.yaml").write_text(text)
    # Variables without a default (those with one, such as the limits' ${X:-512m}, keep it).
    variables = sorted({m.group(1) or m.group(3) for m in re.finditer(r"\$\{(\w+)([^}]*)\}|\$(\w+)", text)
                        if not (m.group(2) or "").lstrip(":").startswith("-")})
    (tmp_path / ".env").write_text("".join(f"{name}=value-for-tests\n" for name in variables))
    (tmp_path / "Dockerfile").write_text("FROM node:20-slim\n")
    result = compose_config(tmp_path, "compose.yaml")
    assert result.returncode == 0, result.stderr


@needs_compose
def test_merged_view_matches_what_docker_compose_config_merges(tmp_path):
    import json

    import yaml

    from dfopt.compose.merge import companion_of, merge
    from dfopt.compose.model import parse_compose

    base = ("services:\n  app:\n    image: a/b:1\n    cap_add: [SYS_ADMIN]\n    ports: ['80:80']\n"
            "    volumes: ['/etc:/host-etc', '/srv:/srv']\n    command: [a, b]\n    environment:\n      A: '1'\n")
    override = ("services:\n  app:\n    cap_add: [NET_ADMIN]\n    ports: ['81:81']\n    volumes: ['cfg:/host-etc']\n"
                "    command: [c]\n    environment:\n      B: '2'\nvolumes:\n  cfg:\n")
    (tmp_path / "compose.yaml").write_text(base)
    (tmp_path / "compose.override.yaml").write_text(override)
    result = subprocess.run(["docker", "compose", "--project-directory", str(tmp_path), "config", "--format", "json"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    theirs = json.loads(result.stdout)["services"]["app"]
    (service,) = merge(parse_compose(base), companion_of(str(tmp_path / "compose.yaml"))).services
    ours = {name: yaml.SafeLoader("").construct_document(entry.value) for name, entry in service.fields.items()}
    assert ours["cap_add"] == theirs["cap_add"]
    assert ours["command"] == theirs["command"]
    assert ours["environment"] == theirs["environment"]
    assert [p.split(":")[-1] for p in ours["ports"]] == [str(p["target"]) for p in theirs["ports"]]
    assert sorted(v.split(":")[1] for v in ours["volumes"]) == sorted(v["target"] for v in theirs["volumes"])
