from dfopt.rules.relative_copy import RelativeCopyWithoutWorkdir as R
from tests.ruletools import findings, fixed


def test_reports_relative_destination_without_workdir():
    assert len(findings(R, "FROM a:1\nCOPY app.py .\nCOPY x app/\n")) == 2


def test_workdir_absolute_and_variables_pass():
    assert findings(R, "FROM a:1\nWORKDIR /app\nCOPY app.py .\n") == []
    assert findings(R, 'FROM a:1\nCOPY a /app/\nCOPY b $HOME/x\nCOPY ["c", "/d"]\n') == []


def test_workdir_is_inherited_from_a_stage_of_the_file():
    assert findings(R, "FROM a:1 AS base\nWORKDIR /app\nFROM base\nCOPY x .\n") == []
    assert len(findings(R, "FROM a:1 AS base\nWORKDIR /app\nFROM a:1\nCOPY x .\n")) == 1


def test_add_is_not_concerned():
    assert findings(R, "FROM a:1\nADD x .\n") == []


def test_unsafe_fix_writes_down_the_working_directory_of_a_known_official_image():
    text = "FROM python:3.12-slim\n# deps\nCOPY requirements.txt .\nCOPY app.py .\nCMD python app.py\n"
    assert fixed(R, text) == text
    assert fixed(R, text, unsafe=True) == (
        "FROM python:3.12-slim\n# deps\nWORKDIR /\nCOPY requirements.txt .\nCOPY app.py .\nCMD python app.py\n")


def test_golang_works_in_go_not_in_the_root():
    assert "WORKDIR /go\nCOPY main.go .\n" in fixed(R, "FROM golang:1.22 AS build\nCOPY main.go .\n", unsafe=True)


def test_a_stage_built_from_a_stage_takes_its_root_images_folder():
    text = "FROM docker.io/library/node:20 AS base\nRUN true\nFROM base\nCOPY x .\n"
    assert fixed(R, text, unsafe=True).endswith("FROM base\nWORKDIR /\nCOPY x .\n")


def test_a_global_arg_default_is_read_in_the_image_reference():
    text = "ARG PREFIX=mirror.gcr.io/library/\nFROM ${PREFIX}golang:1.15\nCOPY main.go .\n"
    assert "WORKDIR /go\n" in fixed(R, text, unsafe=True)


def test_one_workdir_a_stage_covers_its_later_copies():
    fs = findings(R, "FROM alpine:3\nCOPY a .\nCOPY b .\n")
    assert [f.fix is not None for f in fs] == [True, False]
