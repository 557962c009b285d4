"""Generated compose files: the structure the layout promises, checked on the parsed YAML, and
the whole text against golden files."""

from __future__ import annotations

import re

import pytest
import yaml

from dfopt.fixer import check_compose
from dfopt.scaffold.compose import render_compose, render_compose_files, render_env_example
from dfopt.errors import DfoptError

ALL = ["postgres", "redis", "mongodb", "rabbitmq"]


def load_text(text):
    return yaml.safe_load(text)


def load(services, **kw):
    return load_text(render_compose("app", 3000, services, **kw))


def test_only_the_app_publishes_a_port():
    doc = load(ALL)
    assert doc["services"]["app"]["ports"] == ["127.0.0.1:3000:3000"]
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
            assert re.search(r":\s*(\$\{\w+:\?[^}]*\}|/run/secrets/[\w-]+)$", line), line


@pytest.mark.parametrize("service, variables", [
    ("postgres", {"POSTGRES_PASSWORD_FILE": "db-password"}),
    ("mysql", {"MYSQL_PASSWORD_FILE": "db-password", "MYSQL_ROOT_PASSWORD_FILE": "db-root-password"}),
    ("mongodb", {"MONGO_INITDB_ROOT_PASSWORD_FILE": "mongo-password"}),
])
def test_database_passwords_are_compose_secrets_read_through_file_variables(service, variables):
    doc = load([service])
    (name,) = [n for n in doc["services"] if n != "app"]
    env = doc["services"][name]["environment"]
    for variable, secret in variables.items():
        assert env[variable] == f"/run/secrets/{secret}"
        assert variable.removesuffix("_FILE") not in env
        assert secret in doc["services"][name]["secrets"]
        assert doc["secrets"][secret] == {"file": f"./secrets/{secret}.txt"}
    assert doc["services"]["app"]["secrets"] == [next(iter(variables.values()))]


def test_env_example_lists_every_variable_compose_needs_and_the_limits():
    text = render_compose("app", 3000, ["mysql", "mongodb", "rabbitmq"])
    needed = set(re.findall(r"\$\{(\w+):\?", text))
    limits = set(re.findall(r"\$\{(\w+_LIMIT):-", text))
    example = render_env_example("app", ["mysql", "mongodb", "rabbitmq"])
    given = dict(line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#"))
    commented = {line[2:].split("=", 1)[0] for line in example.splitlines() if re.match(r"# \w+=", line)}
    assert set(given) == needed
    assert commented == limits
    assert given["RABBITMQ_DEFAULT_PASS"] == "" and "MYSQL_PASSWORD" not in given


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
    assert load_text(render_compose("web", "8080", []))["services"]["web"]["ports"] == ["127.0.0.1:8080:8080"]


def test_bind_address_is_the_users_choice_and_checked():
    assert load_text(render_compose("web", 80, [], bind="0.0.0.0"))["services"]["web"]["ports"] == ["0.0.0.0:80:80"]
    for bad in ("0.0.0.0:22", "localhost\n", "300.1.1.1", ""):
        with pytest.raises(DfoptError):
            render_compose("web", 80, [], bind=bad)


@pytest.mark.parametrize("services", [["postgres", "redis"], ["mysql", "mongodb", "rabbitmq"], []])
def test_every_service_is_hardened(services):
    doc = load(services, redis_persistence=True)
    for name, service in doc["services"].items():
        assert service["security_opt"] == ["no-new-privileges:true"], name
        assert service["cap_drop"] == ["ALL"], name
        assert service["init"] is True, name
        limits = service["deploy"]["resources"]["limits"]
        assert re.fullmatch(r"\$\{\w+_MEMORY_LIMIT:-\d+[MG]\}", limits["memory"]), name
        assert re.fullmatch(r"\$\{\w+_CPU_LIMIT:-[\d.]+\}", limits["cpus"]), name
    assert "cap_add" not in doc["services"]["app"]
    assert doc["services"]["app"]["read_only"] is True


def test_backing_services_add_back_only_the_entrypoint_capabilities():
    doc = load(ALL)
    for name in ("db", "mongo", "cache", "broker"):
        assert doc["services"][name]["cap_add"] == ["CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"], name


def test_read_only_services_get_tmpfs_where_their_image_writes():
    doc = load(["postgres", "redis"])
    assert doc["services"]["db"]["read_only"] is True
    assert doc["services"]["db"]["tmpfs"] == ["/var/run/postgresql", "/tmp"]
    assert "read_only" not in load(["rabbitmq"])["services"]["broker"]


@pytest.mark.parametrize("runtime, probe", [("node", "node"), ("python", "python3"),
                                            ("node-distroless", "/nodejs/bin/node")])
def test_app_healthcheck_probes_its_port_with_the_runtime_its_image_has(runtime, probe):
    check = load_text(render_compose("app", 8000, [], runtime=runtime))["services"]["app"]["healthcheck"]
    assert check["test"][:2] == ["CMD", probe] and "8000" in check["test"][-1]


def test_app_healthcheck_is_left_to_the_image_or_the_user_when_unknown():
    assert "healthcheck" not in load_text(render_compose("app", 80, [], runtime=None))["services"]["app"]
    assert "healthcheck" not in load_text(render_compose("app", 80, [], image_healthcheck=True))["services"]["app"]


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
