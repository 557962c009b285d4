"""DF107 counterexamples: dnf/yum caches that later steps still read."""

import pytest

from dfopt.rules.rpm_clean import RpmCacheLeftInImage as R
from ruletools import findings, fixed

BASE = "FROM fedora:40 AS base\n"


@pytest.mark.parametrize("text", [
    BASE + "RUN dnf install -y --downloadonly --downloaddir /var/cache/dnf/rpms httpd\n",
    BASE + "RUN echo keepcache=True >> /etc/dnf/dnf.conf && dnf install -y httpd\n",
    BASE + "RUN dnf install -y httpd\nWORKDIR /x\nRUN dnf -C install -y mod_ssl\n",
    BASE + "RUN dnf install -y httpd\nRUN ls /var/cache/dnf > /cached\n",
    BASE + "RUN dnf install -y httpd\nFROM fedora:40\nCOPY --from=base /var/cache/dnf /var/cache/dnf\n",
    BASE + "RUN yum install -y httpd\nFROM base AS child\nRUN yum --cacheonly install -y mod_ssl\n",
])
def test_a_cache_read_later_gets_no_fix(text):
    first_run = text.split("\n")[1]
    assert fixed(R, text).split("\n")[1] == first_run
    assert findings(R, text)[0].no_fix_reason


def test_a_plain_install_is_cleaned():
    assert fixed(R, BASE + "RUN dnf install -y httpd\n") == BASE + "RUN dnf install -y httpd && dnf clean all\n"
