from dfopt.rules.pointless_commands import PointlessCommand as R
from tests.ruletools import findings


def test_reports_service_and_vim():
    assert len(findings(R, "FROM a:1\nRUN service nginx start && sudo vim x\n")) == 2


def test_ordinary_commands_pass():
    assert findings(R, "FROM a:1\nRUN echo service && make\n") == []
