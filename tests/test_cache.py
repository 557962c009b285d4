"""`dfopt cache`: the first instruction to miss the layer cache, and what reruns, before and after
the rewrite."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from dfopt.app.cache import explain
from dfopt.cli import cli
from dfopt.context import BuildContext
from dfopt.syntax import parse

NAIVE = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \".\"]\n"


@pytest.fixture
def project(tmp_path):
    for name, body in {"package.json": '{"name": "x"}', "package-lock.json": "{}", "src/index.ts": "",
                       ".dockerignore": "*.md\nnode_modules\n", "Dockerfile": NAIVE}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    return tmp_path


def first_miss(text: str, project, *changed: str, args=()):
    (stage, *rest) = explain(parse(text), BuildContext.from_dir(project), list(changed), list(args))
    return stage if not rest else [stage, *rest]


def test_source_change_misses_at_the_whole_copy_and_reruns_the_install(project):
    stage = first_miss(NAIVE, project, "src/index.ts")
    assert (stage.first_miss.start_line, stage.rerun, stage.runs_rerun) == (3, 4, 2)


def test_ignored_file_change_keeps_everything_cached(project):
    assert first_miss(NAIVE, project, "README.md").first_miss is None


def test_manifest_copy_keeps_the_install_cached_for_a_source_change(project):
    text = "FROM node\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n"
    stage = first_miss(text, project, "src/index.ts")
    assert (stage.first_miss.start_line, stage.runs_rerun, stage.runs_total) == (4, 1, 2)
    assert first_miss(text, project, "package.json").first_miss.start_line == 2


def test_wildcard_and_folder_sources_match_what_they_copy(project):
    text = "FROM node\nCOPY package*.json ./\nRUN npm ci\nCOPY src/ ./src/\n"
    assert first_miss(text, project, "package-lock.json").first_miss.start_line == 2
    assert first_miss(text, project, "src/index.ts").first_miss.start_line == 4


def test_stage_copied_from_reruns_the_copy_and_a_stage_built_from_it_reruns_entirely(project):
    text = ("FROM node AS build\nCOPY . .\nRUN make\n"
            "FROM build AS test\nRUN make test\n"
            "FROM debian\nRUN apt-get update\nCOPY --from=build /out /out\n")
    build, test, final = first_miss(text, project, "src/index.ts")
    assert test.first_miss.cmd == "FROM" and test.rerun == 1
    assert final.first_miss.start_line == 8 and "stage 0 (build) reruns" in final.reason


def test_bind_mount_source_change_misses_the_run(project):
    text = "FROM node\nRUN --mount=type=bind,source=package.json,target=package.json npm ci\n"
    assert first_miss(text, project, "package.json").first_miss.cmd == "RUN"
    text = "FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n"
    assert first_miss(text, project, "package.json").first_miss is None


def test_changed_build_arg_misses_at_the_first_run_after_its_arg(project):
    text = "FROM node\nCOPY package.json ./\nARG VERSION\nENV A=1\nRUN npm ci\n"
    stage = first_miss(text, project, args=["VERSION"])
    assert stage.first_miss.start_line == 5 and "VERSION" in stage.reason


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_shows_before_and_after_the_rewrite(project):
    result = run("cache", str(project / "Dockerfile"), "--changed", "src/index.ts")
    assert result.exit_code == 0
    before, after = [line for line in result.stdout.splitlines() if "misses" in line]
    assert "2 of 2 RUN" in before and "1 of 2 RUN" in after


def test_cli_rewrites_with_the_configuration_as_rewrite_does(project, monkeypatch):
    # The rewrite that "after" shows is the one `dfopt rewrite` makes: with DF201 ignored in the
    # configuration, neither moves the manifests' COPY.
    (project / ".dfopt.toml").write_text('ignore = ["DF201"]\n')
    monkeypatch.chdir(project)
    assert run("rewrite", "Dockerfile", "--diff").stdout == ""
    result = run("cache", "Dockerfile", "--changed", "src/index.ts")
    assert result.exit_code == 0
    assert "dfopt rewrite leaves this file as it is" in result.stdout
    before, after = [line for line in result.stdout.splitlines() if "misses" in line]
    assert "2 of 2 RUN" in before and "2 of 2 RUN" in after


def test_cli_reads_the_configuration_named_with_config(project, tmp_path_factory):
    config = tmp_path_factory.mktemp("settings") / "dfopt.toml"
    config.write_text('select = ["DF4"]\n')
    result = run("cache", str(project / "Dockerfile"), "--changed", "src/index.ts", "--config", str(config))
    assert result.exit_code == 0 and "dfopt rewrite leaves this file as it is" in result.stdout


def test_cli_needs_changed_files_or_a_git_revision(project):
    assert run("cache", str(project / "Dockerfile")).exit_code == 2


def test_cli_takes_changed_files_and_dockerfile_edits_from_git(project):
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    (project / "Dockerfile").write_text(NAIVE.replace("RUN npm run build", "RUN npm run build -- --prod"))
    result = run("cache", str(project / "Dockerfile"), "--git", "HEAD", "--format", "json")
    import json

    data = json.loads(result.stdout)
    assert data["changed"] == ["Dockerfile"]
    assert data["before"][0]["first_miss"]["line"] == 3  # COPY . . copies the Dockerfile too
    (project / ".dockerignore").write_text("*.md\nnode_modules\nDockerfile\n")
    subprocess.run([*git, "commit", "-qam", "ignore the Dockerfile"], check=True)
    (project / "Dockerfile").write_text(NAIVE.replace("RUN npm run build", "RUN npm run build -- --dev"))
    data = json.loads(run("cache", str(project / "Dockerfile"), "--git", "HEAD", "--format", "json").stdout)
    assert data["before"][0]["first_miss"]["line"] == 5  # only the edited RUN misses
