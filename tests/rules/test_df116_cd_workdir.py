from dfopt.rules.cd_workdir import CdInsteadOfWorkdir as R
from tests.ruletools import findings, fixed, only


def test_reports_cd():
    assert len(findings(R, "FROM a:1\nRUN cd /app && make\n")) == 1


def test_cd_in_a_subshell_is_reported_too():
    assert len(findings(R, "FROM a:1\nRUN (cd sub && make)\n")) == 1


def test_a_word_cd_that_is_not_a_command_is_not():
    assert findings(R, "FROM a:1\nRUN echo cd\n") == []


def test_unsafe_fix_moves_a_leading_cd_into_workdir_and_back():
    text = "FROM a:1\nWORKDIR /src\nRUN cd /app \\\n  && make\nCMD x\n"
    assert fixed(R, text) == text
    assert fixed(R, text, unsafe=True) == "FROM a:1\nWORKDIR /src\nWORKDIR /app\nRUN make\nWORKDIR /src\nCMD x\n"


def test_a_relative_cd_is_resolved_against_the_known_folder():
    # `cd src/..` is the folder the RUN is in: only the `cd` goes; then `cd lib` is first.
    out = fixed(R, "FROM python:3.12\nRUN cd src/.. && cd lib && make", unsafe=True)
    assert out == "FROM python:3.12\nWORKDIR /lib\nRUN make\nWORKDIR /"


def test_the_folder_of_a_parent_stage_counts():
    out = fixed(R, "FROM a:1 AS base\nWORKDIR /w\nFROM base\nRUN cd sub && make\n", unsafe=True)
    assert out.endswith("FROM base\nWORKDIR /w/sub\nRUN make\nWORKDIR /w\n")


def test_a_cd_inside_a_chain_splits_the_run_there():
    text = "FROM alpine:3\nRUN wget x.tgz \\\n  && tar xf x.tgz \\\n  && cd x \\\n  && make \\\n  && make install\nCMD x\n"
    assert fixed(R, text, unsafe=True) == (
        "FROM alpine:3\nRUN wget x.tgz \\\n  && tar xf x.tgz\nWORKDIR /x\nRUN make \\\n  && make install\n"
        "WORKDIR /\nCMD x\n")


def test_a_cd_to_the_folder_the_run_is_in_is_dropped():
    f = only(R, "FROM a:1\nWORKDIR /app\nRUN cd /app && make\n")
    assert f.fix.message == "dropped `cd /app`: the RUN already runs in /app"
    assert fixed(R, "FROM a:1\nWORKDIR /app\nRUN cd /app && make\n", unsafe=True) == "FROM a:1\nWORKDIR /app\nRUN make\n"
