"""What `dfopt new python` reads from a project: manager, version, server, entry, port, libraries."""

import pytest

from dfopt.errors import DfoptError
from dfopt.project.python import detect
from pgprojects import write


FLASK = "from flask import Flask\napp = Flask(__name__)\n"


def test_pip_follows_requirement_includes_relative_to_the_including_file(tmp_path):
    write(tmp_path, {"requirements.txt": "-r requirements/base.txt\ngunicorn\n",
                     "requirements/base.txt": "-c constraints.txt\nflask>=3\n", "requirements/constraints.txt": "",
                     "app.py": FLASK})
    project = detect(tmp_path)
    assert project.manager == "pip"
    assert project.manifests == ("requirements.txt", "requirements/base.txt", "requirements/constraints.txt")
    assert project.command == ("gunicorn", "--bind", "0.0.0.0:8000", "app:app")


def test_a_missing_include_is_an_error_naming_the_file(tmp_path):
    write(tmp_path, {"requirements.txt": "-r base.txt\n", "app.py": FLASK})
    with pytest.raises(DfoptError, match="base.txt not found"):
        detect(tmp_path)


def test_an_include_outside_the_project_is_refused(tmp_path):
    write(tmp_path, {"requirements.txt": "-r ../other.txt\n", "app.py": FLASK})
    with pytest.raises(DfoptError, match="outside the project"):
        detect(tmp_path)


@pytest.mark.parametrize("lock, manager", [("uv.lock", "uv"), ("poetry.lock", "poetry"), ("Pipfile.lock", "pipenv")])
def test_the_lock_file_names_the_manager(tmp_path, lock, manager):
    write(tmp_path, {lock: "", "pyproject.toml": '[project]\nname = "x"\ndependencies = ["fastapi", "uvicorn"]\n',
                     "Pipfile": '[packages]\nfastapi = "*"\nuvicorn = "*"\n',
                     "main.py": "from fastapi import FastAPI\napp = FastAPI()\n"})
    project = detect(tmp_path)
    assert project.manager == manager and project.lockfile == lock
    assert project.command == ("uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000")


def test_uv_without_a_lock_file_asks_for_one(tmp_path):
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\ndependencies = []\n[tool.uv]\n', "main.py": ""})
    with pytest.raises(DfoptError, match="uv lock"):
        detect(tmp_path)


@pytest.mark.parametrize("pyproject, package", [
    ('[project]\nname = "x"\n[tool.uv]\npackage = false\n[build-system]\nrequires = ["hatchling"]\n', False),
    ('[project]\nname = "x"\n[build-system]\nrequires = ["hatchling"]\n', True),
    ('[project]\nname = "x"\n', False),
])
def test_uv_installs_the_project_only_when_it_is_a_package(tmp_path, pyproject, package):
    write(tmp_path, {"uv.lock": "", "pyproject.toml": pyproject, "main.py": ""})
    assert detect(tmp_path).install_project is package


@pytest.mark.parametrize("files, version", [
    ({".python-version": "3.10\n"}, "3.10"),
    ({"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.13"\n'}, "3.13"),
    ({"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9,<3.12"\n'}, "3.9"),
    ({"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9"\n'}, "3.12"),
    ({"Dockerfile": "FROM python:3.10-slim\nCMD python main.py\n"}, "3.10"),
    ({"Pipfile": '[requires]\npython_version = "3.11"\n', "Pipfile.lock": "{}"}, "3.11"),
    ({}, "3.12"),
])
def test_python_version_sources_in_order(tmp_path, files, version):
    write(tmp_path, {"requirements.txt": "", "main.py": "", **files})
    assert detect(tmp_path).python_version == version


def test_procfile_command_and_port_are_used_and_port_variables_become_the_number(tmp_path):
    write(tmp_path, {"requirements.txt": "gunicorn\n", "Procfile": "web: gunicorn wsgi:app --bind 0.0.0.0:${PORT:-5000}\n",
                     "wsgi.py": FLASK})
    project = detect(tmp_path)
    assert project.command == ("gunicorn", "wsgi:app", "--bind", "0.0.0.0:5000") and project.port == 5000
    assert any("exec-form" in n for n in project.notes)


def test_django_with_gunicorn_serves_the_wsgi_module(tmp_path):
    write(tmp_path, {"requirements.txt": "Django\ngunicorn\n", "manage.py": "", "site1/settings.py": "",
                     "site1/wsgi.py": "application = None\n"})
    assert detect(tmp_path).command == ("gunicorn", "--bind", "0.0.0.0:8000", "site1.wsgi:application")


def test_django_alone_runs_the_development_server_with_a_note(tmp_path):
    write(tmp_path, {"requirements.txt": "Django\n", "manage.py": "", "site1/settings.py": ""})
    project = detect(tmp_path)
    assert project.command == ("python", "manage.py", "runserver", "0.0.0.0:8000")
    assert any("development server" in n for n in project.notes)


def test_dockerfile_cmd_gives_the_command_and_its_port(tmp_path):
    write(tmp_path, {"requirements.txt": "uvicorn\n", "api.py": "",
                     "Dockerfile": 'FROM python:3.11\nCMD ["uvicorn", "api:app", "--port", "9000"]\n'})
    project = detect(tmp_path)
    assert project.command == ("uvicorn", "api:app", "--port", "9000") and project.port == 9000


def test_a_single_project_script_is_the_command(tmp_path):
    write(tmp_path, {"uv.lock": "", "pyproject.toml": '[project]\nname = "x"\n[project.scripts]\nserve = "x:main"\n'})
    assert detect(tmp_path).command == ("serve",)


def test_entry_object_needs_a_server_dependency(tmp_path):
    write(tmp_path, {"requirements.txt": "flask\n", "app.py": FLASK})
    with pytest.raises(DfoptError, match="needs gunicorn"):
        detect(tmp_path, entry="app:app")


def test_nothing_to_run_asks_for_entry(tmp_path):
    write(tmp_path, {"requirements.txt": "requests\n", "lib.py": ""})
    with pytest.raises(DfoptError, match="--entry"):
        detect(tmp_path)


@pytest.mark.parametrize("requirement, build, runtime", [
    ("psycopg2==2.9.10", ("gcc", "libc6-dev", "libpq-dev"), ("libpq5",)),
    ("psycopg[binary]", (), ()),          # the binary extra bundles libpq
    ("psycopg", (), ("libpq5",)),
    ("psycopg2-binary", (), ()),
    ("lxml", (), ()),                     # manylinux wheels bundle libxml2
])
def test_system_libraries_follow_what_the_packages_need(tmp_path, requirement, build, runtime):
    write(tmp_path, {"requirements.txt": requirement + "\n", "main.py": ""})
    project = detect(tmp_path)
    assert (project.build_packages, project.runtime_packages) == (build, runtime)


def test_bad_toml_is_a_one_line_error_with_the_file(tmp_path):
    write(tmp_path, {"pyproject.toml": "[project\n"})
    with pytest.raises(DfoptError) as err:
        detect(tmp_path)
    assert err.value.path.endswith("pyproject.toml")
