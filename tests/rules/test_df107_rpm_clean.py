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
