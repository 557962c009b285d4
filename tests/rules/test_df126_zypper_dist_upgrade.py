import pytest

from dfopt.rules.zypper_dist_upgrade import ZypperDistUpgrade as R
from tests.ruletools import codes, only


@pytest.mark.parametrize("run", ["zypper dist-upgrade", "zypper dup -y", "zypper -n dist-upgrade",
                                 "zypper refresh && zypper --non-interactive dup --no-recommends",
                                 "sudo zypper dup"])
def test_reports_dist_upgrade(run):
    assert codes(R, f"FROM opensuse/leap:15\nRUN {run}\n") == ["DF126"]


@pytest.mark.parametrize("run", ["zypper update", "zypper up -y", "zypper patch", "zypper -n in dup",
                                 "echo zypper dup", "apt-get dist-upgrade -y"])
def test_other_commands_pass(run):
    assert codes(R, f"FROM opensuse/leap:15\nRUN {run}\n") == []


def test_onbuild_and_span():
    text = "FROM o\nONBUILD RUN zypper ref && zypper dup\n"
    f = only(R, text)
    assert text[f.start:f.end] == "zypper dup" and f.fix is None
