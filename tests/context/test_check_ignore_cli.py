"""`dfopt check-ignore` as a user runs it, and the shared vectors driven through the command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from conftest import shared_dir


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def context(tmp_path):
    (tmp_path / ".dockerignore").write_text("# deps\nnode_modules\n*.log\n!keep.log\n")
    return tmp_path


def test_prints_excluded_paths_in_input_order_and_exits_0(context):
    result = run("check-ignore", "--context", str(context), "b.log", "src/a.ts", "node_modules/x", "keep.log")
    assert result.exit_code == 0
    assert result.stdout == "b.log\nnode_modules/x\n"


def test_exits_1_when_nothing_is_excluded(context):
    result = run("check-ignore", "--context", str(context), "src/a.ts")
    assert (result.exit_code, result.stdout) == (1, "")


def test_verbose_names_the_deciding_line_including_re_includes(context):
    result = run("check-ignore", "--context", str(context), "-v", "b.log", "keep.log", "src/a.ts")
    ignore = str(context / ".dockerignore")
    assert result.stdout.splitlines() == [f"{ignore}:3:*.log\tb.log", f"{ignore}:4:!keep.log\tkeep.log"]


def test_non_matching_lists_undecided_paths_with_empty_source(context):
    result = run("check-ignore", "--context", str(context), "-v", "-n", "src/a.ts")
    assert result.stdout == "::\tsrc/a.ts\n"


def test_dockerfile_specific_ignore_file_wins_over_the_context_one(context):
    (context / "api.Dockerfile").write_text("FROM scratch\n")
    (context / "api.Dockerfile.dockerignore").write_text("src\n")
    result = run("check-ignore", "--context", str(context), "-f", str(context / "api.Dockerfile"),
                 "src/a.ts", "b.log")
    assert result.stdout == "src/a.ts\n"


def test_missing_paths_is_a_usage_error(context):
    result = run("check-ignore", "--context", str(context))
    assert result.exit_code == 2


def test_bad_ignore_file_reports_file_and_line(tmp_path):
    (tmp_path / ".dockerignore").write_text("ok\n!\n")
    result = CliRunner().invoke(cli, ["check-ignore", "--context", str(tmp_path), "x"])
    assert result.exit_code == 2
    assert ".dockerignore:2: illegal exclusion pattern" in result.stderr


def _vector_sample(step: int = 25):
    base = shared_dir()
    cases = []
    for path in sorted((base / "testdata").glob("dockerignore-vectors*.jsonl")) if base else []:
        lines = path.read_text(encoding="utf-8").splitlines()
        every = 1 if "realistic" in path.name else step
        for number in range(0, len(lines), every):
            cases.append(pytest.param(json.loads(lines[number]), id=f"{path.stem}:{number + 1}"))
    return cases or [pytest.param(None, marks=pytest.mark.skip(reason="../shared/testdata vectors are absent"))]


@pytest.mark.parametrize("case", _vector_sample())
def test_vectors_through_the_command_with_ignorefile_and_stdin(case, tmp_path):
    ignorefile = tmp_path / "vector.dockerignore"
    ignorefile.write_bytes(case["dockerignore"].encode())
    result = run("check-ignore", "--context", str(tmp_path), "--ignorefile", str(ignorefile), "--stdin",
                 input="".join(p + "\n" for p in case["paths"]))
    expected = [p for p in case["paths"] if p in set(case["excluded"])]
    assert result.stdout.splitlines() == expected
    assert result.exit_code == (0 if expected else 1)
