import pytest

from dfopt.rules.pin_rpm import RpmUnpinned as R
from tests.ruletools import findings, only


@pytest.mark.parametrize("run", [
    "dnf install -y tomcat && dnf clean all",
    "microdnf install -y tomcat && microdnf clean all",
    "yum install -y tomcat && yum clean all",
    "dnf install -y rpm-sign",  # a name with a dash is no version
    "yum install -y java-11-openjdk",  # hadolint takes `11-openjdk` for a version
    "dnf -y install httpd-*",
    "dnf in -y tomcat",
    "sudo yum install -y tomcat",
    "yum install -y /usr/bin/foo",  # a file a package provides, any version
    "dnf module install -y nodejs",
    "zypper install -y curl && zypper clean",
    "zypper -n in curl && zypper clean",
    "zypper in -y foo-1.2",  # zypper pins with `=`
])
def test_reports_unpinned(run):
    assert len(findings(R, f"FROM f:40\nRUN {run}\n")) == 1


@pytest.mark.parametrize("run", [
    "yum install -y tomcat-9.2 && yum clean all",
    "dnf install -y tomcat-9.0.1 rpm-sign-4.16.1.3 gcc-c++-1.1.1 openssl-1:1.1.1k",
    "dnf install -y git-core-2.51.0-2.fc42 java-11-openjdk-devel-11.0.20.0.8-1.el8",
    "dnf install -y ./local.rpm foo.rpm https://example.com/epel-release-latest-8.noarch.rpm",
    "dnf install -y 'tomcat >= 9'",
    "yum -y install git-core-${version} kernel-devel-$(uname -r)",
    "dnf -y --setopt=tsflags=nodocs install tomcat-9",
    "dnf install -y @development-tools",  # a group has no version
    "dnf group install -y 'Development Tools'",
    "dnf module install -y nodejs:18",
    "zypper in -y curl=7.0 'vim>=8' ./x.rpm",
    "zypper -n install --from repo curl=1",  # `--from` takes a repository
    "zypper -n install -t pattern devel_basis=1",
    "dnf remove -y tomcat",
    "zypper rm -y curl",
    "notdnf install tomcat",
])
def test_pinned_or_not_an_install(run):
    assert findings(R, f"FROM f:40\nRUN {run}\n") == []


def test_message_names_the_unpinned_packages_and_the_syntax():
    f = only(R, "FROM f:40\nRUN dnf install -y tomcat-9 httpd vim\n")
    assert "`httpd`, `vim`" in f.message and "tomcat" not in f.message and "`package-version`" in f.message
    assert "`package=version`" in only(R, "FROM f\nRUN zypper in -y curl\n").message
    assert "`module:stream`" in only(R, "FROM f\nRUN dnf module install -y nodejs\n").message


def test_onbuild_run_is_checked():
    assert len(findings(R, "FROM f:40\nONBUILD RUN dnf install -y tomcat\n")) == 1


def test_no_fix():
    assert only(R, "FROM f:40\nRUN dnf install -y tomcat\n").fix is None
