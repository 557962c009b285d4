import pytest

from dfopt.rules.rpm_clean import RpmCacheLeftInImage as R
from ruletools import codes, fixed, only


def test_catches_dnf_and_yum_installs_without_clean():
    assert codes(R, "FROM f\nRUN dnf install -y httpd\nRUN yum -y install git\n") == ["DF107", "DF107"]


def test_ignores_clean_all_and_removed_caches():
    assert codes(R, "FROM f\nRUN dnf install -y httpd && dnf clean all\n") == []
    assert codes(R, "FROM f\nRUN yum install -y x && rm -rf /var/cache/yum\n") == []


def test_appends_clean_all_for_the_tool_used():
    assert fixed(R, "FROM f\nRUN microdnf install -y x\n") == "FROM f\nRUN microdnf install -y x && microdnf clean all\n"


def test_refuses_after_a_background_job():
    f = only(R, "FROM f\nRUN dnf install -y x & wait\n")
    assert f.fix is None


def test_catches_zypper_installs_without_clean():
    assert codes(R, "FROM o\nRUN zypper -n install curl\nRUN zypper -n in git\n") == ["DF107", "DF107"]
    assert codes(R, "FROM o\nRUN sudo zypper -n in git\n") == ["DF107"]
    assert codes(R, "FROM o\nRUN zypper -n dup\n") == ["DF107"]


@pytest.mark.parametrize("run", ["zypper -n in curl && zypper clean", "zypper -n in curl && zypper cc -a",
                                 "zypper -n in curl && zypper --non-interactive clean --all",
                                 "zypper -n in curl && rm -rf /var/cache/zypp/*",
                                 "--mount=type=cache,target=/var/cache/zypp zypper -n in curl",
                                 "zypper -n rm curl", "zypper refresh", "zypper -n si foo"])
def test_zypper_cleaned_or_not_installing(run):
    assert codes(R, f"FROM o\nRUN {run}\n") == []


def test_zypper_clean_all_is_appended_when_nothing_later_runs_zypper():
    assert fixed(R, "FROM o\nRUN zypper -n in curl\nCMD [\"curl\"]\n") == (
        "FROM o\nRUN zypper -n in curl && zypper clean --all\nCMD [\"curl\"]\n")
    assert fixed(R, "FROM o\nRUN sudo zypper -n in curl\n") == "FROM o\nRUN sudo zypper -n in curl && sudo zypper clean --all\n"
