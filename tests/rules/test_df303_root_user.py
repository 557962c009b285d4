from dfopt.rules.root_user import LastUserRoot as R
from tests.ruletools import findings


def test_reports_a_stage_ending_as_root():
    assert len(findings(R, "FROM a:1\nUSER app\nUSER 0:0\n")) == 1


def test_switching_back_passes_and_no_user_passes():
    assert findings(R, "FROM a:1\nUSER root\nRUN x\nUSER app\n") == []
    assert findings(R, "FROM a:1\nRUN x\n") == []


def test_each_stage_is_checked():
    assert len(findings(R, "FROM a:1 AS b\nUSER root\nFROM a:1\nUSER app\n")) == 1
