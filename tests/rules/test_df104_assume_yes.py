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


@pytest.mark.parametrize("cmd", ["zypper install curl", "zypper in curl", "zypper rm curl", "zypper remove curl",
                                 "zypper si foo", "zypper source-install foo", "zypper patch", "zypper up",
                                 "zypper dup", "sudo zypper in curl",
                                 "zypper install -n curl"])  # after `install`, -n is --name
def test_catches_zypper_commands_that_may_prompt(cmd):
    assert codes(R, f"FROM o\nRUN {cmd}\n") == ["DF104"]


@pytest.mark.parametrize("cmd", ["zypper install -y curl", "zypper in --no-confirm curl", "zypper -n in curl",
                                 "zypper --non-interactive install curl", "zypper -qn in curl",
                                 "zypper --root /mnt -n in curl", "zypper in -ly curl", "zypper -y install curl",
                                 "zypper refresh", "zypper clean --all", "zypper ar https://example.com/r repo",
                                 "zypper search curl"])
def test_ignores_zypper_commands_that_cannot_prompt(cmd):
    assert codes(R, f"FROM o\nRUN {cmd}\n") == []


def test_zypper_gets_the_global_non_interactive_option():
    assert fixed(R, "FROM o\nRUN zypper refresh && zypper in curl && zypper clean\n") == (
        "FROM o\nRUN zypper refresh && zypper --non-interactive in curl && zypper clean\n")
    assert fixed(R, "FROM o\nRUN zypper si foo\n") == "FROM o\nRUN zypper --non-interactive si foo\n"
