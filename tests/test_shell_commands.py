"""Recognisers: the tool, action, options and operands behind wrappers."""

from __future__ import annotations

import pytest

from dfopt.shell import invocations, parse_script
from dfopt.shell.commands import removes_path


def one(text):
    (inv,) = invocations(parse_script(text).commands)
    return inv


@pytest.mark.parametrize(
    "text",
    ["apt-get install -y curl", "sudo -E apt-get install -y curl", "sudo -u root apt-get install -y curl",
     "env DEBIAN_FRONTEND=noninteractive apt-get install -y curl",
     "DEBIAN_FRONTEND=noninteractive apt-get install -y curl", "/usr/bin/apt-get install -y curl",
     "apt-get -o Dpkg::Options::=--force-confold install -y curl", "apt-get install -qqy curl"],
)
def test_apt_get_install_is_recognised_through_wrappers(text):
    inv = one(text)
    assert (inv.tool, inv.action, [w.value for w in inv.operands]) == ("apt-get", "install", ["curl"])
    assert inv.has_option("-y", "--yes")


def test_prefix_and_env_assignments_are_collected():
    inv = one("A=1 env B=2 apt-get update")
    assert inv.env == ("A=1", "B=2") and inv.action == "update"


def test_option_cluster_stops_at_an_option_that_takes_a_value():
    inv = one("apt-get -oAPT::Get::yes=1 install curl")
    assert not inv.has_option("-y")
    assert inv.option_values("-o") == ("APT::Get::yes=1",)


def test_python_dash_m_pip_is_pip():
    inv = one("python3 -m pip install --no-cache-dir -r requirements.txt")
    assert (inv.tool, inv.action) == ("pip", "install")
    assert inv.has_option("--no-cache-dir") and inv.option_values("-r") == ("requirements.txt",)


def test_pip_with_version_suffix_is_pip():
    assert one("pip3.11 install x").tool == "pip"


def test_python_running_a_script_is_not_recognised():
    assert invocations(parse_script("python3 setup.py install").commands) == []


@pytest.mark.parametrize(
    ("text", "action"),
    [("yarn", "install"), ("yarn install --frozen-lockfile", "install"), ("yarn cache clean", "cache clean"),
     ("yarn global add x", "global add"), ("npm i", "install"), ("npm ci", "ci"),
     ("npm cache clean --force", "cache clean"), ("pnpm i", "install"), ("dnf clean all", "clean all"),
     ("yum -y install x", "install"), ("apk add --no-cache --virtual .deps x", "add")],
)
def test_actions_of_package_managers(text, action):
    assert one(text).action == action


def test_apk_virtual_takes_a_value():
    inv = one("apk add --virtual .deps gcc")
    assert [w.value for w in inv.operands] == ["gcc"]


def test_rm_of_apt_lists():
    assert removes_path(one("rm -rf /var/lib/apt/lists/*"), "/var/lib/apt/lists")
    assert removes_path(one("rm /var/lib/apt/lists/*_*"), "/var/lib/apt/lists")
    assert not removes_path(one("rm -rf /var/lib/aptitude"), "/var/lib/apt/lists")
