from dfopt.rules.apt_tool import AptInScripts as R
from tests.ruletools import findings, fixed, only


def test_reports_apt_and_fixes_it_when_unsafe_allowed():
    text = "FROM a:1\nRUN apt update && apt install -y curl\n"
    assert len(findings(R, text)) == 2
    assert fixed(R, text) == text
    assert fixed(R, text, unsafe=True) == "FROM a:1\nRUN apt-get update && apt-get install -y curl\n"


def test_apt_get_passes():
    assert findings(R, "FROM a:1\nRUN apt-get install -y curl\n") == []


def test_refuses_actions_apt_get_does_not_have():
    f = only(R, "FROM a:1\nRUN apt list --installed\n")
    assert f.fix is None and "list" in f.no_fix_reason
