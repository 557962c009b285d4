from dfopt.rules.pin_pip import PipUnpinned as R
from tests.ruletools import findings, only


def test_reports_unpinned_packages():
    assert "`flask`" in only(R, "FROM a:1\nRUN pip install flask gunicorn==22.0\n").message


def test_requirements_paths_and_specifiers_pass():
    assert findings(R, "FROM a:1\nRUN pip install -r requirements.txt\n") == []
    assert findings(R, "FROM a:1\nRUN pip install . ./lib 'x>=1' y~=2\n") == []


def test_python_m_pip_is_recognised():
    assert len(findings(R, "FROM a:1\nRUN python3 -m pip install requests\n")) == 1
