from dfopt.rules.useradd_log import UseraddLargeUid as R
from tests.ruletools import findings


def test_reports_a_large_uid_without_l():
    assert len(findings(R, "FROM a:1\nRUN useradd -u 123456789 app\n")) == 1


def test_small_uid_or_l_passes():
    assert findings(R, "FROM a:1\nRUN useradd -u 1000 app && useradd -l -u 123456789 b\n") == []


def test_an_id_from_a_variable_may_be_large():
    assert len(findings(R, "FROM a:1\nRUN useradd -u ${UID} app\n")) == 1
