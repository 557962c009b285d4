"""Where settings come from and which wins: command line over file over defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfopt.app.settings import Settings, find_config, load_settings
from dfopt.errors import DfoptError
from dfopt.findings import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_defaults_without_a_config_file(tmp_path):
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert settings.fail_level is Severity.WARNING


def test_pyproject_tool_table_is_read(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.dfopt]\nselect = ["DF1"]\nignore = ["df102"]\nunsafe-fixes = true\nfail-level = "error"\n')
    settings = load_settings(tmp_path)
    assert settings.select == ("DF1",)
    assert settings.ignore == ("DF102",)
    assert settings.unsafe_fixes is True
    assert settings.fail_level is Severity.ERROR
    assert settings.source == tmp_path / "pyproject.toml"


def test_dfopt_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.dfopt]\nselect = ["DF1"]\n')
    write(tmp_path / ".dfopt.toml", 'select = ["DF2"]\n')
    assert load_settings(tmp_path).select == ("DF2",)


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(tmp_path):
    write(tmp_path / ".dfopt.toml", 'ignore = ["DF3"]\n')
    write(tmp_path / "svc" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path / "svc" / "deep" / "pyproject.toml", '[tool.dfopt]\nignore = ["DF4"]\n')
    assert find_config(tmp_path / "svc") == (tmp_path / ".dfopt.toml").resolve()
    assert load_settings(tmp_path / "svc").ignore == ("DF3",)
    assert load_settings(tmp_path / "svc" / "deep").ignore == ("DF4",)


def test_command_line_flags_replace_file_values(tmp_path):
    write(tmp_path / ".dfopt.toml", 'select = ["DF1"]\nignore = ["DF102"]\nunsafe-fixes = true\nfail-level = "error"\n')
    settings = load_settings(tmp_path).override(select=None, ignore=None, unsafe_fixes=False, fail_level=Severity.STYLE)
    assert settings.select == ("DF1",)  # not given on the command line: the file's value stays
    assert settings.ignore == ("DF102",)
    assert load_settings(tmp_path).override(select=("DF2",)).select == ("DF2",)
    assert settings.unsafe_fixes is False
    assert settings.fail_level is Severity.STYLE


def test_command_line_select_starts_afresh_without_the_files_ignore(tmp_path):
    write(tmp_path / ".dfopt.toml", 'ignore = ["DF401"]\n')
    assert load_settings(tmp_path).override(select=("DF401",)).ignore == ()
    assert load_settings(tmp_path).override(select=("DF4",), ignore=("DF402",)).ignore == ("DF402",)


def test_per_rule_options_are_kept_by_code(tmp_path):
    write(tmp_path / ".dfopt.toml", '[rules.df101]\nmax-lines = 3\n')
    assert load_settings(tmp_path).rule_options == {"DF101": {"max-lines": 3}}


@pytest.mark.parametrize(
    "text, message",
    [
        ('selec = ["DF1"]\n', "unknown setting(s) selec"),
        ('select = "DF1" \nfail-level = "fatal"\n', "fail-level must be one of"),
        ("unsafe-fixes = 1\n", "`unsafe-fixes` must be true or false"),
        ("select = [1]\n", "must be a list of rule codes"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_an_error_naming_the_file(tmp_path, text, message):
    path = write(tmp_path / ".dfopt.toml", text)
    with pytest.raises(DfoptError) as err:
        load_settings(tmp_path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_explicit_config_path_is_used(tmp_path):
    path = write(tmp_path / "elsewhere.toml", 'ignore = ["DF5"]\n')
    assert load_settings(tmp_path, config=path).ignore == ("DF5",)
