from dfopt.rules.sudo import SudoInRun as R
from tests.ruletools import findings


def test_reports_sudo():
    assert len(findings(R, "FROM a:1\nUSER app\nRUN sudo apt-get install -y curl\n")) == 1


def test_no_sudo_no_finding():
    assert findings(R, "FROM a:1\nRUN echo sudo\n") == []
