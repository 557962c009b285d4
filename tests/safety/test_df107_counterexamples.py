"""DF107 counterexamples: dnf, yum and zypper caches that later steps still read or refill."""

import pytest

from dfopt.findings import Applicability
from dfopt.rules.rpm_clean import RpmCacheLeftInImage as R
from ruletools import findings, fixed

BASE = "FROM fedora:40 AS base\n"
ZYPPER = "FROM opensuse/leap:15 AS base\n"


@pytest.mark.parametrize("text", [
    BASE + "RUN dnf install -y --downloadonly --downloaddir /var/cache/dnf/rpms httpd\n",
    BASE + "RUN echo keepcache=True >> /etc/dnf/dnf.conf && dnf install -y httpd\n",
    BASE + "RUN dnf install -y httpd\nWORKDIR /x\nRUN dnf -C install -y mod_ssl\n",
    BASE + "RUN dnf install -y httpd\nRUN ls /var/cache/dnf > /cached\n",
    BASE + "RUN dnf install -y httpd\nFROM fedora:40\nCOPY --from=base /var/cache/dnf /var/cache/dnf\n",
    BASE + "RUN yum install -y httpd\nFROM base AS child\nRUN yum --cacheonly install -y mod_ssl\n",
    ZYPPER + "RUN zypper -n install --download-only curl\n",
    ZYPPER + "RUN zypper -n in -d curl\n",
    ZYPPER + "RUN zypper mr -k --all && zypper -n in curl\n",
    ZYPPER + "RUN echo keeppackages=1 >> /etc/zypp/repos.d/x.repo && zypper -n in curl\n",
    ZYPPER + "RUN zypper -n in curl\nRUN cp -r /var/cache/zypp/packages /pkgs\n",
    ZYPPER + "RUN zypper -n in curl\nFROM opensuse/leap:15\nCOPY --from=base /var/cache/zypp /var/cache/zypp\n",
])
def test_a_cache_read_later_gets_no_fix(text):
    first_run = text.split("\n")[1]
    assert fixed(R, text, unsafe=True).split("\n")[1] == first_run
    assert findings(R, text)[0].no_fix_reason


def test_a_plain_install_is_cleaned():
    assert fixed(R, BASE + "RUN dnf install -y httpd\n") == BASE + "RUN dnf install -y httpd && dnf clean all\n"


@pytest.mark.parametrize("later", [
    "RUN zypper --no-refresh -n in git\n",  # skips a repository whose raw metadata is gone
    "RUN ./install-more.sh\n",  # may run zypper
    "FROM base AS child\nRUN zypper -n in git\n",
])
def test_zypper_run_again_later_makes_the_fix_unsafe(later):
    text = ZYPPER + "RUN zypper -n in curl\n" + later
    assert fixed(R, text).split("\n")[1] == "RUN zypper -n in curl"
    f = findings(R, text)[0]
    assert f.fix.applicability is Applicability.UNSAFE and "may run zypper" in f.fix.message
    assert "zypper clean --all" in fixed(R, text, unsafe=True).split("\n")[1]
