"""The hardening dfopt writes for postgres and redis, tried in a real engine: the service starts
with all capabilities dropped but those dfopt adds back, no new privileges, a read-only root with
tmpfs where dfopt puts it, and its password read from a secret file; it starts again on the data
it wrote; and it fails without any one of the capabilities, or without the tmpfs.

The build lab has no registry, so the images are stand-ins built from Debian's packages
(lab/Dockerfile): their entrypoints do, as root, what the official images' entrypoints do before
they drop to their own user (mkdir, chmod, `find ! -user X -exec chown X`, gosu). docs/compose.md
says what this proves about the official images and what it does not. Containers use the host's
network on free loopback ports (the lab has no bridge, and none is created)."""

from __future__ import annotations

import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from dfopt.scaffold.compose import BACKING_SERVICES

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]

LAB = Path(__file__).parent / "lab"
IMAGE = "dfopt-test/compose-standin:lab"
POSTGRES = BACKING_SERVICES["postgres"]
REDIS = BACKING_SERVICES["redis"]
PASSWORD = "s3cret-for-the-lab"


@pytest.fixture(scope="module")
def standin():
    build = subprocess.run(["docker", "build", "--network", "host", "-q", "-t", IMAGE, str(LAB)],
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr
    yield IMAGE
    subprocess.run(["docker", "image", "rm", "-f", IMAGE], capture_output=True, timeout=120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Container:
    """One `docker run -d` with the hardening flags, removed on exit."""

    def __init__(self, image: str, caps, tmpfs, mounts: dict[Path, str], env: dict[str, str],
                 entrypoint: str, command: list[str], workdir: str | None = None):
        self.name = f"dfopt-test-{uuid.uuid4().hex[:12]}"
        args = ["docker", "run", "-d", "--name", self.name, "--network", "host", "--read-only",
                "--security-opt", "no-new-privileges:true", "--cap-drop", "ALL", "--entrypoint", entrypoint]
        args += [a for cap in caps for a in ("--cap-add", cap)]
        args += [a for path in tmpfs for a in ("--tmpfs", path)]
        args += [a for host, target in mounts.items() for a in ("-v", f"{host}:{target}")]
        args += [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
        args += ["-w", workdir] if workdir else []
        self.args = [*args, image, *command]

    def __enter__(self) -> "Container":
        started = subprocess.run(self.args, capture_output=True, text=True, timeout=120)
        assert started.returncode == 0, started.stderr
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(["docker", "rm", "-f", self.name], capture_output=True, timeout=120)

    def exec(self, *command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        extra = [a for k, v in (env or {}).items() for a in ("-e", f"{k}={v}")]
        return subprocess.run(["docker", "exec", *extra, self.name, *command], capture_output=True, text=True,
                              timeout=60)

    def running(self) -> bool:
        state = subprocess.run(["docker", "inspect", "-f", "{{.State.Running}}", self.name], capture_output=True,
                               text=True, timeout=60)
        return state.stdout.strip() == "true"

    def logs(self) -> str:
        return subprocess.run(["docker", "logs", self.name], capture_output=True, text=True, timeout=60).stderr

    def wait_until(self, probe, seconds: float = 90) -> bool:
        """True once `probe()` succeeds; False as soon as the container has exited."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if probe():
                return True
            if not self.running():
                return False
            time.sleep(0.3)
        raise AssertionError(f"neither ready nor exited in {seconds}s:\n{self.logs()}")


def postgres(image: str, data: Path, secret: Path, caps=POSTGRES.cap_add, tmpfs=POSTGRES.tmpfs) -> Container:
    port = str(free_port())
    container = Container(image, caps, tmpfs, {data: "/var/lib/postgresql/data", secret: "/run/secrets/db-password:ro"},
                          {"PGPORT": port, "POSTGRES_PASSWORD_FILE": "/run/secrets/db-password"},
                          "postgres-entrypoint.sh", [])
    container.port = port
    return container


def pg_ready(container: Container) -> bool:
    return container.exec("pg_isready", "-q", "-h", "127.0.0.1", "-p", container.port).returncode == 0


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("secrets") / "db-password.txt"
    path.write_text(PASSWORD)
    path.chmod(0o644)  # as `dfopt compose new` writes it: the database reads it after dropping root
    return path


@pytest.fixture(scope="module")
def initialised_pgdata(standin, secret, tmp_path_factory):
    """A data folder postgres initialised and was restarted on, with the generated hardening; and
    what the two starts showed."""
    data = tmp_path_factory.mktemp("pgdata")  # owned by root, like a host folder or a fresh volume
    seen = {}
    with postgres(standin, data, secret) as first:
        seen["first_start"] = first.wait_until(lambda: pg_ready(first)), first.logs()
        query = first.exec("psql", "-h", "127.0.0.1", "-p", first.port, "-U", "postgres", "-tAc", "select 1",
                           env={"PGPASSWORD": PASSWORD})
        seen["password_from_secret"] = query.stdout.strip()
    with postgres(standin, data, secret) as second:
        seen["second_start"] = second.wait_until(lambda: pg_ready(second)), second.logs()
    return data, seen


def test_postgres_runs_with_the_generated_capabilities_read_only_root_and_secret(initialised_pgdata):
    _, seen = initialised_pgdata
    assert seen["first_start"][0], seen["first_start"][1]
    assert seen["password_from_secret"] == "1"  # the password came from the secret file
    assert seen["second_start"][0], seen["second_start"][1]


@pytest.mark.parametrize("missing, error", [
    ("CHOWN", "Operation not permitted"),
    ("SETUID", "operation not permitted"),
    ("SETGID", "operation not permitted"),
])
def test_postgres_does_not_start_on_a_fresh_folder_without(standin, secret, tmp_path, missing, error):
    caps = [c for c in POSTGRES.cap_add if c != missing]
    with postgres(standin, tmp_path, secret, caps=caps) as container:
        assert not container.wait_until(lambda: pg_ready(container))
        assert error in container.logs()


def test_postgres_does_not_restart_on_its_own_data_without_dac_override(standin, secret, initialised_pgdata):
    data, _ = initialised_pgdata
    caps = [c for c in POSTGRES.cap_add if c != "DAC_OVERRIDE"]
    with postgres(standin, data, secret, caps=caps) as container:
        assert not container.wait_until(lambda: pg_ready(container))
        assert "Permission denied" in container.logs()  # root cannot read the 0700 data folder


def test_postgres_needs_its_socket_folder_writable(standin, secret, initialised_pgdata):
    data, _ = initialised_pgdata
    tmpfs = [p for p in POSTGRES.tmpfs if p != "/var/run/postgresql"]
    with postgres(standin, data, secret, tmpfs=tmpfs) as container:
        assert not container.wait_until(lambda: pg_ready(container))
        assert "Read-only file system" in container.logs()


def redis(image: str, data: Path, caps=REDIS.cap_add) -> Container:
    port = str(free_port())
    container = Container(image, caps, REDIS.tmpfs, {data: "/data"}, {}, "redis-entrypoint.sh",
                          ["redis-server", "--port", port, "--bind", "127.0.0.1", "--appendonly", "yes"],
                          workdir="/data")
    container.port = port
    return container


def redis_cli(container: Container, *command: str) -> str:
    return container.exec("redis-cli", "-p", container.port, *command).stdout.strip()


def test_redis_runs_with_the_generated_capabilities_and_keeps_its_data(standin, tmp_path):
    with redis(standin, tmp_path) as first:
        assert first.wait_until(lambda: redis_cli(first, "ping") == "PONG"), first.logs()
        assert redis_cli(first, "set", "kept", "yes") == "OK"
    with redis(standin, tmp_path) as second:
        assert second.wait_until(lambda: redis_cli(second, "ping") == "PONG"), second.logs()
        assert redis_cli(second, "get", "kept") == "yes"
    without = [c for c in REDIS.cap_add if c != "DAC_OVERRIDE"]
    with redis(standin, tmp_path, caps=without) as third:  # its 0700 append-only folder stops root
        assert not third.wait_until(lambda: redis_cli(third, "ping") == "PONG")
        assert "Permission denied" in third.logs()


def test_redis_does_not_start_on_a_fresh_folder_without_chown(standin, tmp_path):
    with redis(standin, tmp_path, caps=[c for c in REDIS.cap_add if c != "CHOWN"]) as container:
        assert not container.wait_until(lambda: redis_cli(container, "ping") == "PONG")
        assert "Operation not permitted" in container.logs()
