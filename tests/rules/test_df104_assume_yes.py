import pytest

from dfopt.rules.assume_yes import MissingAssumeYes as R
from ruletools import codes, fixed


@pytest.mark.parametrize("cmd", ["apt-get install curl", "sudo apt install curl", "yum install httpd",
                                 "dnf remove x", "apt-get -q install curl"])
def test_catches_commands_that_may_prompt(cmd):
    assert codes(R, f"FROM d\nRUN {cmd}\n") == ["DF104"]


@pytest.mark.parametrize("cmd", ["apt-get install -y curl", "apt-get install -qqy curl", "apt-get -qq install curl",
                                 "apt-get --yes install curl", "apt-get install --assume-yes curl",
                                 "apt-get -o APT::Get::Assume-Yes=true install curl", "yum install -y x",
                                 "dnf --assumeyes install x", "apt-get update", "microdnf install x"])
def test_ignores_commands_that_cannot_prompt(cmd):
    assert codes(R, f"FROM d\nRUN {cmd}\n") == []


def test_adds_y_after_the_action():
    assert fixed(R, "FROM d\nRUN apt-get update && apt-get install curl\n") == (
        "FROM d\nRUN apt-get update && apt-get install -y curl\n")


def test_not_analysed_bodies_are_left_alone():
    assert codes(R, 'FROM d\nSHELL ["pwsh", "-c"]\nRUN apt-get install curl\n') == []
    assert codes(R, 'FROM d\nRUN ["apt-get", "install", "curl"]\n') == []
