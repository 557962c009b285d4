"""Generated compose files: the structure the layout promises, checked on the parsed YAML, and
the whole text against golden files."""

from __future__ import annotations

import re

import pytest
import yaml

from dfopt.fixer import check_compose
from dfopt.compose.generate import render_compose, render_compose_files, render_env_example
from dfopt.errors import DfoptError

ALL = ["postgres", "redis", "mongodb", "rabbitmq"]


def load_text(text):
    return yaml.safe_load(text)


def load(services, **kw):
    return load_text(render_compose("app", 3000, services, **kw))


def test_only_the_app_publishes_a_port():
    doc = load(ALL)
    assert doc["services"]["app"]["ports"] == ["3000:3000"]
    assert [name for name, s in doc["services"].items() if "ports" in s] == ["app"]


def test_backend_is_internal_and_joined_only_by_app_and_backing_services():
    doc = load(["postgres", "redis"])
    assert doc["networks"]["backend"] == {"internal": True}
    assert "frontend" in doc["networks"]
    members = {name: s["networks"] for name, s in doc["services"].items()}
    assert members == {"app": ["frontend", "backend"], "db": ["backend"], "cache": ["backend"]}


def test_app_waits_for_healthy_backing_services():
    doc = load(ALL)
    assert doc["services"]["app"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in ("db", "mongo", "cache", "broker")
    }
    for name in ("db", "mongo", "cache", "broker"):
        assert doc["services"][name]["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")


@pytest.mark.parametrize(
    "service, probe", [("postgres", "pg_isready"), ("mysql", "mysqladmin"), ("redis", "redis-cli"),
                       ("mongodb", "mongosh"), ("rabbitmq", "rabbitmq-diagnostics")]
)
def test_each_service_has_its_own_health_probe(service, probe):
    doc = load([service])
    (backing,) = [s for name, s in doc["services"].items() if name != "app"]
    assert probe in " ".join(backing["healthcheck"]["test"])


def test_stateful_services_keep_data_in_named_volumes():
    doc = load(["postgres", "redis", "mongodb", "rabbitmq"], redis_persistence=True)
    mounts = {name: s.get("volumes") for name, s in doc["services"].items()}
    assert mounts["db"] == ["db-data:/var/lib/postgresql/data"]
    assert mounts["cache"] == ["cache-data:/data"]
    assert mounts["mongo"] == ["mongo-data:/data/db"]
    assert mounts["broker"] == ["broker-data:/var/lib/rabbitmq"]
    assert set(doc["volumes"]) == {"db-data", "cache-data", "mongo-data", "broker-data"}


def test_redis_persistence_turns_on_appendonly_and_a_volume():
    with_data = load(["redis"], redis_persistence=True)["services"]["cache"]
    without = load(["redis"])["services"]["cache"]
    assert "--appendonly" in with_data["command"] and with_data["command"][-1] == "yes"
    assert "volumes" not in without and without["command"][-1] == "no"


def test_app_finds_services_by_name():
    env = load(["postgres", "redis"])["services"]["app"]["environment"]
    assert env["DB_HOST"] == "db" and env["REDIS_URL"] == "redis://cache:6379"


def test_no_secret_is_written_into_compose_yaml():
    text = render_compose("app", 3000, ALL + [])
    for line in text.splitlines():
        if re.search(r"(PASSWORD|PASS|USER|_DB|DATABASE):", line):
            assert re.search(r":\s*\$\{\w+:\?[^}]*\}$", line), line


def test_env_example_lists_every_variable_compose_needs_with_empty_secrets():
    text = render_compose("app", 3000, ["mysql", "mongodb", "rabbitmq"])
    needed = set(re.findall(r"\$\{(\w+):\?", text))
    example = render_env_example("app", ["mysql", "mongodb", "rabbitmq"])
    given = dict(line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#"))
    assert set(given) == needed
    assert all(given[k] == "" for k in given if "PASS" in k)


def test_no_version_key():
    assert "version" not in load(ALL)


def test_generated_files_pass_the_compose_checks():
    for services in (["postgres", "redis"], ["mysql", "mongodb", "rabbitmq"], []):
        assert check_compose("compose.yaml", render_compose("app", 8080, services, redis_persistence=True)) == []


def test_files_include_env_example_only_when_credentials_are_needed():
    assert set(render_compose_files("app", 3000, ["redis"])) == {"compose.yaml"}
    assert set(render_compose_files("app", 3000, ["postgres"])) == {"compose.yaml", ".env.example"}


def test_service_aliases_and_duplicates_collapse():
    assert render_compose("app", 3000, ["pg", "postgresql", "Redis"]) == render_compose("app", 3000, ["postgres", "redis"])


@pytest.mark.parametrize(
    "app, port, services",
    [
        ("app\n    privileged: true", 3000, []),
        ("App", 3000, []),
        ("-app", 3000, []),
        ("a" * 64, 3000, []),
        ("app: {}", 3000, []),
        ("app", "3000:22", []),
        ("app", "3000\n", []),
        ("app", "0", []),
        ("app", 65536, []),
        ("app", True, []),
        ("app", -1, []),
        ("app", 3000, ["postgres; rm -rf /"]),
        ("app", 3000, ["postgres", "mysql"]),
        ("db", 3000, ["postgres"]),
    ],
)
def test_hostile_or_conflicting_values_are_rejected_with_a_clear_error(app, port, services):
    with pytest.raises(DfoptError) as err:
        render_compose(app, port, services)
    assert "invalid" in str(err.value) or "choose" in str(err.value)


def test_port_given_as_text_is_accepted():
    assert load_text(render_compose("web", "8080", []))["services"]["web"]["ports"] == ["8080:8080"]


CASES = {
    "node-postgres-redis": (["postgres", "redis"], False),
    "node-postgres-redis-persistent": (["postgres", "redis"], True),
    "node-mysql-mongodb-rabbitmq": (["mysql", "mongodb", "rabbitmq"], False),
    "node-alone": ([], False),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_files_match_snapshot(case, text_snapshot):
    services, persistence = CASES[case]
    files = render_compose_files("app", 3000, services, redis_persistence=persistence)
    assert "\n".join(f"==> {name} <==\n{text}" for name, text in files.items()) == text_snapshot
