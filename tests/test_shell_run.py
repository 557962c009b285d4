"""From RUN instructions to scripts: what is analysed and what is left alone."""

from __future__ import annotations

import pytest

from dfopt.shell.run import analyse_run
from dfopt.syntax import parse


def body(text, index=-1):
    df = parse(text)
    return df, analyse_run(df, df.instructions[index])


def test_continuations_and_inner_comments_are_joined_and_spans_point_into_the_file():
    df, run = body("FROM x\nRUN apt-get update \\\n  # refresh\n  && apt-get install -y \\\n      curl\n")
    assert run.ok
    curl = run.script.commands[-1].words[-1]
    assert df.text[curl.start : curl.end] == "curl"
    assert df.position(curl.start)[0] == 5


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('FROM x\nRUN ["apt-get", "update"]\n', "exec-form"),
        ('FROM x\nSHELL ["powershell", "-Command"]\nRUN Get-Item x\n', "not a POSIX shell"),
        ('FROM x\nSHELL ["cmd", "/S", "/C"]\nRUN dir\n', "not a POSIX shell"),
        ("FROM x\nRUN if then (\n", "syntax error"),
        ("FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n", "runs python3"),
    ],
)
def test_what_cannot_be_read_as_posix_shell_is_not_analysed(text, reason):
    _, run = body(text)
    assert not run.ok and reason in run.reason


def test_shell_from_an_earlier_stage_does_not_apply():
    _, run = body('FROM x\nSHELL ["pwsh", "-c"]\nFROM y\nRUN echo hi\n')
    assert run.ok


def test_bash_shell_is_posix_enough():
    _, run = body('FROM x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n')
    assert run.ok


@pytest.mark.parametrize("opener", ["<<EOF", "<<-EOF", "<<'EOF'", "<<EOF bash", "<<EOF sh -e", "bash <<EOF"])
def test_heredoc_script_bodies_are_analysed_as_scripts(opener):
    df, run = body(f"FROM x\nRUN {opener}\napt-get update\napt-get install -y curl\nEOF\n")
    assert run.ok and run.heredoc_script
    curl = run.script.commands[-1].words[-1]
    assert df.text[curl.start : curl.end] == "curl"


def test_heredoc_data_after_a_command_is_not_a_command():
    _, run = body("FROM x\nRUN cat <<EOF > /etc/x && apt-get update\napt-get install y\nEOF\n")
    assert run.ok and not run.heredoc_script
    assert [c.words[0].value for c in run.script.commands] == ["cat", "apt-get"]


def test_onbuild_run_is_analysed():
    _, run = body("FROM x\nONBUILD RUN apt-get update\n")
    assert run.ok and run.script.commands[0].words[1].value == "update"
