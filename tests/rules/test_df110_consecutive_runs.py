from dfopt.catalogue import select_rules
from dfopt.fixer import fix_text
from dfopt.rules.consecutive_runs import ConsecutiveRuns as R
from tests.ruletools import findings, fixed, only
from dfopt.syntax import parse


def line(text, f):
    return parse(text).position(f.start)[0]


def test_reports_the_second_of_two_single_command_runs():
    text = "FROM a:1\nRUN mkdir /x\nRUN chown 1 /x\n"
    assert line(text, only(R, text)) == 3


def test_comments_between_runs_do_not_separate_them():
    assert len(findings(R, "FROM a:1\nRUN a\n# why\nRUN b\n")) == 1


def test_runs_of_several_commands_are_left_alone():
    assert findings(R, "FROM a:1\nRUN a && b\nRUN c\n") == []
    assert findings(R, "FROM a:1\nRUN a | b\nRUN c\n") == []


def test_another_instruction_or_different_flags_separate_runs():
    assert findings(R, "FROM a:1\nRUN a\nENV X=1\nRUN b\n") == []
    assert findings(R, "FROM a:1\nRUN --network=none a\nRUN b\n") == []


def test_dependent_apt_runs_are_left_to_df102():
    assert findings(R, "FROM a:1\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n") == []
    assert findings(R, "FROM a:1\nRUN apt-get install -y a\nRUN apt-get install -y b\n") == []


def test_an_update_alone_is_reported_but_fixed_by_df101():
    f = only(R, "FROM a:1\nRUN apt-get update\nRUN apt-get install -y curl\n")
    assert f.fix is None and "DF101" in f.no_fix_reason


def test_unsafe_fix_joins_the_runs_and_keeps_comments():
    text = "FROM a:1\nRUN a\n# why\nRUN b\n"
    assert fixed(R, text) == text
    out = fixed(R, text, unsafe=True)
    assert out.count("RUN") == 1 and "# why" in out


def test_a_cd_in_the_first_run_is_kept_in_a_subshell():
    out = fixed(R, "FROM a:1\nRUN cd /tmp\nRUN ls\n", unsafe=True)
    assert out == "FROM a:1\nRUN (cd /tmp) && ls\n"


def test_refuses_a_heredoc_run():
    f = only(R, "FROM a:1\nRUN <<EOF\na\nEOF\nRUN b\n")
    assert f.fix is None and "heredoc" in f.no_fix_reason


def test_a_chain_of_short_runs_is_joined_from_its_start_two_by_two():
    text = "FROM a:1\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\n"
    fs = findings(R, text)
    assert [f.fix is not None for f in fs] == [True, False, True, False]
    assert fixed(R, text, unsafe=True) == "FROM a:1\nRUN a && b\nRUN c && d\nRUN e\n"


def test_package_manager_runs_are_joined_after_the_rules_that_append_to_them():
    text = "FROM a:1\nRUN pip install x\nRUN pip install y\nRUN apk add z\nRUN echo done\n"
    out = fix_text(text, select_rules(), unsafe=True).text
    assert out == ("FROM a:1\nRUN pip install --no-cache-dir x && pip install --no-cache-dir y\n"
                   "RUN apk add --no-cache z && echo done\n")


def test_the_join_of_package_manager_runs_waits_for_the_other_fixes():
    f = only(R, "FROM a:1\nRUN pip install x\nRUN echo done\n")
    assert f.fix is not None and f.fix.last
