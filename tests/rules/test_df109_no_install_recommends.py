from dfopt.findings import Applicability
from dfopt.rules.no_install_recommends import MissingNoInstallRecommends as R
from ruletools import codes, fixed, only


def test_catches_install_without_no_install_recommends():
    assert codes(R, "FROM d\nRUN apt-get install -y curl\n") == ["DF109"]


def test_ignores_installs_that_turn_recommends_off():
    assert codes(R, "FROM d\nRUN apt-get install -y --no-install-recommends curl\n") == []
    assert codes(R, "FROM d\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n") == []
    text = "FROM d\nRUN echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/no-rec\nRUN apt-get install -y x\n"
    assert codes(R, text) == []


def test_fix_is_unsafe_and_says_why():
    f = only(R, "FROM d\nRUN apt-get install -y curl\n")
    assert f.fix.applicability is Applicability.UNSAFE and "ca-certificates" in f.message


def test_applied_only_with_unsafe_fixes():
    text = "FROM d\nRUN apt-get install -y curl\n"
    assert fixed(R, text) == text
    assert fixed(R, text, unsafe=True) == "FROM d\nRUN apt-get install --no-install-recommends -y curl ca-certificates\n"
