"""Build lab: `dfopt new` and the DF310 split of each example, built, run and asked over HTTP.

The lab has no registry: scripts/lab-images.sh builds stand-ins for python:3.11-slim and
golang:1.19-bookworm from Debian's packages (once per session). Each image must answer with its
app's name, run as a non-root user, and stay within a size budget above its base image.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from dfopt.scaffold.python_go import UV_VERSION
from pgprojects import GO_SHAPES, PYTHON_SHAPES, ROOT, copy_example

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]

BASE = {"python": "python:3.11-slim", "go-plain": "scratch", "go-cgo": "debian:bookworm-slim"}
# Megabytes the runtime image may add to its base: the venv and the app, or the binary.
# Measured in the lab: 28.4, 15.7, 45.9, 25.2, 4.8 and 4.5 MB (a Go toolchain image is ~600 MB).
BUDGET_MB = {"python-flask-pip": 35, "python-fastapi-uv": 25, "python-django-poetry": 60,
             "python-psycopg-pip": 35, "go-plain": 10, "go-cgo": 10}
SIZES: dict[str, tuple[float, float]] = {}


def docker(*args: str, check: bool = True, timeout: int = 600) -> str:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"docker {' '.join(args[:4])} failed:\n{proc.stderr[-3000:]}")
    return proc.stdout.strip()


@pytest.fixture(scope="session")
def lab_images(docker_engine):
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "lab-images.sh")], capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    built: list[str] = []
    yield built
    for tag in built:
        docker("rmi", "-f", tag, check=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answer(tag: str, port: int) -> dict:
    container = docker("run", "-d", "--rm", "--network", "host", "-e", f"PORT={port}", tag)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as resp:
                    return json.loads(resp.read().decode())
            except OSError:
                time.sleep(0.2)
        raise AssertionError("no answer: " + docker("logs", container, check=False)[-1500:])
    finally:
        docker("rm", "-f", container, check=False)


def size_mb(image: str) -> float:
    return int(docker("image", "inspect", "--format", "{{.Size}}", image)) / 1e6 if image != "scratch" else 0.0


@pytest.fixture(scope="session")
def uv_lock(lab_images, tmp_path_factory) -> str:
    """uv.lock for the uv example. A lock file names its index's host, so the example ships none:
    it is made here once, by the uv version the template installs."""
    root = copy_example("python-fastapi-uv", tmp_path_factory.mktemp("lock"), lock=False)
    docker("run", "--rm", "--network", "host", "-v", f"{root}:/p", "-w", "/p", "python:3.11-slim", "sh", "-c",
           f"pip install -q uv=={UV_VERSION} && uv lock -q")
    return (root / "uv.lock").read_text()


def prepare(name: str, tmp_path, port: int, request, *, naive: bool):
    root = copy_example(name, tmp_path, dockerfile=naive, lock=False)
    if naive:   # the naive file listens where the test listens
        (root / "Dockerfile").write_text((root / "Dockerfile").read_text().replace("8000", str(port)))
    if name == "python-fastapi-uv":
        (root / "uv.lock").write_text(request.getfixturevalue("uv_lock"))
    return root


def build_and_check(root, name: str, kind: str, lab_images: list[str], port: int) -> None:
    docker("build", "--check", "--network", "host", str(root))   # exits non-zero on a warning
    tag = f"dfopt-test/{name}:{kind}"
    docker("build", "-q", "--network", "host", "-t", tag, str(root))
    lab_images.append(tag)
    got = answer(tag, port)
    assert got["app"] == name and got["uid"] != 0
    if name == "python-psycopg-pip":
        assert got["libpq"] > 100000          # libpq loaded at run time in the runtime image
    assert docker("image", "inspect", "--format", "{{.Config.User}}", tag) not in ("", "root", "0", "0:0")
    base = BASE.get(name, BASE["python"])
    added = size_mb(tag) - size_mb(base)
    SIZES[f"{name} ({kind})"] = (round(added, 1), round(size_mb(tag), 1))
    print(f"{name} {kind}: {size_mb(tag):.1f} MB, {added:.1f} MB above {base}")
    assert added < BUDGET_MB[name]


@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_new_builds_runs_as_non_root_and_answers(tmp_path, lab_images, request, name):
    port = free_port()
    root = prepare(name, tmp_path, port, request, naive=False)
    family = name.split("-")[0]
    extra = ["--port", str(port)] if family == "python" else []
    result = CliRunner().invoke(cli, ["new", family, str(root), *extra])
    assert result.exit_code == 0, result.output
    build_and_check(root, name, "new", lab_images, port)


@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_split_of_the_naive_dockerfile_builds_runs_as_non_root_and_answers(tmp_path, lab_images, request, name):
    port = free_port()
    root = prepare(name, tmp_path, port, request, naive=True)
    result = CliRunner().invoke(cli, ["rewrite", "--unsafe-fixes", "--select", "DF310", "--in-place",
                                      str(root / "Dockerfile")])
    assert result.exit_code == 0 and "DF310 split into build and runtime stages" in result.output, result.output
    build_and_check(root, name, "split", lab_images, port)
