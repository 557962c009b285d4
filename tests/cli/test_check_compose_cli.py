"""`dfopt check` and `dfopt rewrite` on compose files, alone and beside Dockerfiles."""

import json
from pathlib import Path

from click.testing import CliRunner

from dfopt.cli import cli
from dfopt.scaffold.compose import render_compose

LEAKY = "services:\n  db:\n    image: postgres:17\n    ports:\n      - '5432:5432'\n    volumes: ['pgdata:/var/lib/postgresql/data']\n"
HOST = "services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n    ports:\n      - 80:80\n"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_compose_file_and_dockerfile_in_one_call(tmp_path):
    (tmp_path / "compose.yaml").write_text(LEAKY)
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nMAINTAINER me\n")
    result = run("check", "--format", "json", str(tmp_path / "compose.yaml"), str(tmp_path / "Dockerfile"))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert {"DC101", "DF401"} <= {f["code"] for f in report["findings"]}
    assert not any(c.startswith("DF") for c in _codes_of(report, "compose.yaml"))
    assert not any(c.startswith("DC") for c in _codes_of(report, "Dockerfile"))


def _codes_of(report, name):
    return [f["code"] for f in report["findings"] if f["path"].endswith(name)]


def test_folder_search_finds_compose_files_by_their_names(tmp_path):
    for name in ("compose.yml", "docker-compose.yaml", "docker-compose.prod.yml"):
        (tmp_path / name).write_text(LEAKY)
    (tmp_path / "values.yaml").write_text(LEAKY)
    result = run("check", "--format", "json", str(tmp_path))
    report = json.loads(result.output)
    assert report["summary"]["files"] == 3
    paths = {f["path"].rsplit("/", 1)[-1] for f in report["findings"]}
    assert paths == {"compose.yml", "docker-compose.prod.yml", "docker-compose.yaml"}


def test_generated_compose_file_checks_clean_with_exit_0(tmp_path):
    (tmp_path / "compose.yaml").write_text(render_compose("app", 3000, ["postgres", "redis"]))
    result = run("check", str(tmp_path / "compose.yaml"))
    assert result.exit_code == 0, result.output


def test_sarif_carries_compose_rules_and_their_docs(tmp_path):
    (tmp_path / "compose.yaml").write_text(LEAKY)
    result = run("check", "--format", "sarif", "--select", "DC10", str(tmp_path / "compose.yaml"))
    run_ = json.loads(result.output)["runs"][0]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} >= {"DC101"}
    assert [r["ruleId"] for r in run_["results"]] == ["DC101"]


def test_invalid_yaml_is_a_file_error_with_exit_2(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  db:\n    image: [postgres\n")
    result = run("check", str(tmp_path / "compose.yaml"))
    assert result.exit_code == 2
    assert "compose.yaml:" in result.output and "not valid YAML" in result.output


def test_rewrite_applies_safe_compose_fixes_in_place(tmp_path):
    path = tmp_path / "docker-compose.yml"
    path.write_text(HOST)
    assert run("rewrite", "--in-place", str(path)).exit_code == 0
    assert path.read_text() == "services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n"


def test_rules_lists_and_documents_compose_rules():
    assert "DC109" in run("rules").output
    assert "## Fix safety" in run("rules", "DC101").output


def test_stdin_filename_makes_standard_input_a_compose_file():
    text = "services:\n  db:\n    image: postgres\n    privileged: true\n"
    result = run("check", "-", "--stdin-filename", "deploy/compose.yaml", "--select", "DC108,DC110",
                 "--format", "json", input=text)
    doc = json.loads(result.output)
    assert result.exit_code == 1
    assert [(f["path"], f["code"]) for f in doc["findings"]] == [("deploy/compose.yaml", "DC108"),
                                                                 ("deploy/compose.yaml", "DC110")]


def test_standard_input_without_a_name_is_still_a_dockerfile():
    result = run("check", "-", "--format", "json", input="services:\n  db:\n    image: postgres\n")
    doc = json.loads(result.output[: result.output.rindex("}") + 1])
    assert result.exit_code == 2 and doc["findings"] == []
    assert doc["errors"][0]["path"] == "<stdin>" and "unknown instruction" in doc["errors"][0]["message"]


def test_stdin_filename_without_standard_input_is_an_option_error():
    result = run("check", "compose.yaml", "--stdin-filename", "compose.yaml")
    assert result.exit_code == 2 and "pass - as a path" in result.output


def test_check_merges_the_override_beside_a_compose_file(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    (tmp_path / "compose.override.yaml").write_text("services:\n  web:\n    privileged: true\n")
    result = run("check", str(tmp_path), "--select", "DC110,DC113", "--format", "json")
    doc = json.loads(result.output)
    where = sorted((Path(f["path"]).name, f["code"], f["start"]["line"]) for f in doc["findings"])
    assert where == [("compose.override.yaml", "DC110", 3), ("compose.yaml", "DC113", 2)]


def test_an_override_that_is_not_yaml_is_a_file_error_of_the_base_too(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    (tmp_path / "compose.override.yaml").write_text("services: [\n")
    result = run("check", str(tmp_path / "compose.yaml"))
    assert result.exit_code == 2 and "not valid YAML" in result.output and "Traceback" not in result.output
