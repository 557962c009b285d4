from dfopt.rules.cd_workdir import CdInsteadOfWorkdir as R
from tests.ruletools import findings


def test_reports_cd():
    assert len(findings(R, "FROM a:1\nRUN cd /app && make\n")) == 1


def test_cd_in_a_subshell_is_reported_too():
    assert len(findings(R, "FROM a:1\nRUN (cd sub && make)\n")) == 1


def test_a_word_cd_that_is_not_a_command_is_not():
    assert findings(R, "FROM a:1\nRUN echo cd\n") == []
