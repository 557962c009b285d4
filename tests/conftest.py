"""Shared test set-up: snapshots under the top-level snapshots/ folder, the shared corpus, the
BuildKit parser oracle."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# These machines are shared and noisy: a property test's verdict is about its examples, not their
# wall time, so no per-example deadline and no "too slow" health check anywhere.
settings.register_profile("dfopt", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dfopt")
from syrupy.extensions.amber import AmberSnapshotExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SNAPSHOTS = ROOT / "snapshots"


def shared_dir() -> Path | None:
    """../shared beside the project (CI puts it there); DFOPT_SHARED overrides."""
    env = os.environ.get("DFOPT_SHARED")
    candidates = [Path(env)] if env else [ROOT.parent / "shared"]
    for c in candidates:
        if (c / "corpus").is_dir():
            return c
    return None


def _snapshot_dir(test_location) -> str:
    rel = Path(test_location.filepath).resolve().parent.relative_to(TESTS)
    return str(SNAPSHOTS / rel)


class TopLevelAmber(AmberSnapshotExtension):
    """Amber snapshots in snapshots/<the test's folder under tests/>/."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return _snapshot_dir(test_location)


class TopLevelText(SingleFileSnapshotExtension):
    """One plain-text file per snapshot (whole Dockerfiles, diffs), easy to review."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(Path(_snapshot_dir(test_location)) / Path(test_location.filepath).stem)


class TopLevelBytes(TopLevelText):
    """Like TopLevelText, but byte for byte: outputs that hold CR (CRLF files) keep it."""

    _write_mode = WriteMode.BINARY

    def serialize(self, data, **kwargs):
        return super().serialize(data.encode("utf-8") if isinstance(data, str) else data, **kwargs)


def file_snapshot_extension(ext: str) -> type[TopLevelBytes]:
    """A TopLevelBytes extension whose files end in `.ext` (golden files open in the right mode)."""
    return type(f"TopLevelBytes_{ext.replace('.', '_')}", (TopLevelBytes,), {"file_extension": ext})


@pytest.fixture
def snapshot(snapshot):
    return snapshot.use_extension(TopLevelAmber)


@pytest.fixture
def text_snapshot(snapshot):
    return snapshot.use_extension(TopLevelText)


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared (the corpus and test vectors) is not beside the project")
    return path


def corpus_dockerfiles() -> list[Path]:
    base = shared_dir()
    if base is None:
        return []
    root = base / "corpus" / "dockerfiles"
    names = {"SOURCE.txt", "context-listing.txt"}
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name in names:
            continue
        n = p.name.lower()
        if n.startswith("dockerfile") or n.endswith(".dockerfile") or n.endswith("dockerfile"):
            if not n.endswith(".dockerignore"):
                out.append(p)
    return out


def corpus_params():
    files = corpus_dockerfiles()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"))]
    base = shared_dir() / "corpus" / "dockerfiles"
    return [pytest.param(p, id=str(p.relative_to(base))) for p in files]


try:  # BuildKit's own parser, as a test oracle (x86_64 wheels only)
    import dockerfile as buildkit  # noqa: F401
except ImportError:  # pragma: no cover - depends on the platform
    buildkit = None

needs_buildkit = pytest.mark.skipif(buildkit is None, reason="the `dockerfile` package (BuildKit's parser) is not installed")


_engine_state: dict[str, str | None] = {}


def docker_engine_problem() -> str | None:
    """Why no Docker engine can be used (None when one answers); asks `docker info` once."""
    if "problem" not in _engine_state:
        import shutil
        import subprocess

        if shutil.which("docker") is None:
            problem = "the docker CLI is not on PATH"
        else:
            try:
                out = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"],
                                     capture_output=True, text=True, timeout=30)
                last = (out.stderr.strip().splitlines() or ["no answer"])[-1]
                problem = None if out.returncode == 0 and out.stdout.strip() else f"docker info: {last}"
                if problem is None:  # the tests build with BuildKit (buildx), as dfopt verify does
                    buildx = subprocess.run(["docker", "buildx", "version"], capture_output=True, text=True,
                                            timeout=30)
                    if buildx.returncode != 0:
                        problem = "the docker CLI has no buildx (BuildKit) plugin"
            except subprocess.TimeoutExpired:
                problem = "docker info did not answer within 30s"
        _engine_state["problem"] = problem
    return _engine_state["problem"]


@pytest.fixture(scope="session")
def docker_engine() -> None:
    """Skips the test (with the reason) unless a Docker engine answers. Use it with the marker:
    `pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]`."""
    problem = docker_engine_problem()
    if problem:
        pytest.skip(f"no Docker engine answers ({problem}); start the build lab: "
                    "bash ../shared/buildlab/setup.sh && source /tmp/buildlab/env.sh")



@pytest.fixture(autouse=True)
def distroless_repository(monkeypatch):
    """A neutral name for the distroless repository, which is the user's to give (dfopt names no
    registry); tests that need it unset remove it."""
    from dfopt.project.node import DISTROLESS_ENV

    monkeypatch.setenv(DISTROLESS_ENV, "registry.invalid/distroless")
