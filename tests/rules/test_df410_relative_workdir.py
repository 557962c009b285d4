import pytest

from dfopt.rules.relative_workdir import RelativeWorkdir as R
from tests.ruletools import findings


@pytest.mark.parametrize("path", ["app", "'app'", '"src/app"', "./app", "../x", "b"])
def test_relative_workdir_on_the_base_images_directory(path):
    text = f"FROM golang:1.22\nWORKDIR {path}\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == path and found.fix is None


@pytest.mark.parametrize("path", ["/app", "$HOME/app", "${APP}", "C:\\\\app", "c:/app", "\\\\app"])
def test_absolute_variable_and_windows_paths_pass(path):
    assert findings(R, f"FROM a:1\nWORKDIR {path}\n") == []


def test_relative_after_an_absolute_workdir_is_well_defined():
    assert findings(R, "FROM a:1\nWORKDIR /app\nWORKDIR src\n") == []


def test_the_base_stage_in_the_file_counts():
    text = "FROM a:1 AS base\nWORKDIR /srv\nFROM base\nWORKDIR app\nFROM a:1\nWORKDIR app\n"
    assert [f.start for f in findings(R, text)] == [text.rindex("app")]


def test_each_relative_workdir_before_an_absolute_one_is_reported():
    assert len(findings(R, "FROM a:1\nWORKDIR one\nWORKDIR two\nWORKDIR /x\nWORKDIR three\n")) == 2


def test_onbuild_workdir_is_relative_to_the_child_image():
    text = "FROM a:1\nWORKDIR /app\nONBUILD WORKDIR src\nWORKDIR rel\n"
    (found,) = findings(R, text)
    assert "built FROM this one" in found.message
