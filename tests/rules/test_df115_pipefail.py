from dfopt.rules.pipefail import PipeWithoutPipefail as R
from tests.ruletools import findings, fixed, only


def test_reports_a_pipe_under_the_default_shell():
    assert len(findings(R, "FROM debian:12\nRUN curl x | sh\n")) == 1


def test_pipe_inside_a_command_substitution_counts():
    assert len(findings(R, "FROM debian:12\nRUN echo $(ls | wc -l)\n")) == 1


def test_shell_with_pipefail_or_set_o_pipefail_passes():
    assert findings(R, 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n') == []
    assert findings(R, "FROM debian:12\nRUN set -o pipefail && a | b\n") == []


def test_a_new_stage_resets_the_shell():
    text = 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM debian:12\nRUN a | b\n'
    assert len(findings(R, text)) == 1


def test_no_pipe_no_finding():
    assert findings(R, "FROM debian:12\nRUN a || b\n") == []


def test_unsafe_fix_adds_one_shell_per_stage():
    out = fixed(R, "FROM debian:12\nRUN a | b\nRUN c | d\n", unsafe=True)
    assert out == 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c | d\n'


def test_refuses_alpine():
    f = only(R, "FROM alpine:3.20\nRUN a | b\n")
    assert f.fix is None and "Alpine" in f.no_fix_reason
