from dfopt.rules.named_user import NamedUser as R
from tests.ruletools import findings


def test_reports_a_name():
    assert len(findings(R, "FROM a:1\nUSER node\nUSER app:app\n")) == 2


def test_numeric_ids_pass():
    assert findings(R, "FROM a:1\nUSER 1000\nUSER 1000:1000\nUSER 1000:app\n") == []
