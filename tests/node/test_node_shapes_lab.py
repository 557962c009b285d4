"""Every Node project shape under tests/node/shapes/, as `dfopt new` and DF310 generate its image:
it builds, answers `/`, runs as non-root, stops within 2 s under `docker stop`, and its
node_modules hold no devDependency. Images are built once per session and removed after."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import node_shapes as lab  # noqa: E402

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]

SHAPES = lab.shapes()
KINDS = ("df310", "new")
CASES = [(shape, kind) for shape in SHAPES for kind in KINDS]
# What each shape's answer must hold beyond its name: proof that the install ran what it must.
EXPECT = {"npm-lifecycle": '"patched":true', "npm-native": '"native":true'}


@pytest.fixture(scope="session")
def lab_results(tmp_path_factory):
    results = lab.run_all(SHAPES, tmp_path_factory.mktemp("shapes"), kinds=KINDS)
    yield results
    lab.cleanup(results)


@pytest.fixture
def result(lab_results, request):
    shape, kind = request.param
    r = lab_results[(shape, kind)]
    assert r.built, f"{kind} image of {shape} did not build:\n{r.error}\n{r.dockerfile}"
    return r


def test_the_matrix_covers_the_shapes_users_have():
    files = {p.name for s in SHAPES for p in (lab.SHAPES / s).iterdir()}
    builds = " ".join(json.loads((lab.SHAPES / s / "package.json").read_text())["scripts"]["build"] for s in SHAPES)
    assert len(SHAPES) >= 8
    assert {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", ".yarnrc.yml"} <= files   # npm, yarn 1 and 4, pnpm
    assert all(tool in builds for tool in ("tsc -p", "tsup", "esbuild", "next build"))
    assert "nest" in SHAPES and "npm-lifecycle" in SHAPES and "npm-native" in SHAPES


@pytest.mark.parametrize("result", CASES, indirect=True, ids=[f"{s}-{k}" for s, k in CASES])
def test_the_image_answers(result):
    assert lab.answered(result), f"{result.answer[:300]!r} {result.error}"
    assert EXPECT.get(result.shape, "") in result.answer


@pytest.mark.parametrize("result", CASES, indirect=True, ids=[f"{s}-{k}" for s, k in CASES])
def test_the_image_runs_as_non_root(result):
    assert result.user not in ("", "root", "0", "0:0") and result.uid not in ("", "0")


@pytest.mark.parametrize("result", CASES, indirect=True, ids=[f"{s}-{k}" for s, k in CASES])
def test_docker_stop_takes_under_two_seconds(result):
    assert 0 < result.stop_s < 2, f"docker stop took {result.stop_s:.1f}s"


@pytest.mark.parametrize("result", CASES, indirect=True, ids=[f"{s}-{k}" for s, k in CASES])
def test_no_dev_dependency_in_the_runtime(result):
    assert result.dev_present == []
