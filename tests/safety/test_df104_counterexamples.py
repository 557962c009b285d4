"""DF104 counterexamples: where a prompting command's failure did not stop the build, it used to
abort and be skipped; with -y it installs, and the image changes."""

import pytest

from dfopt.findings import Applicability
from dfopt.rules.assume_yes import MissingAssumeYes as R
from ruletools import codes, fixed, only


@pytest.mark.parametrize("run", [
    "RUN apt-get install git || true\n",
    "RUN apt-get install git; echo done\n",
    "RUN if apt-get install git; then echo ok; fi\n",
    "RUN apt-get install git | tee /tmp/log\n",
    "RUN ! apt-get install git\n",
    "RUN apt-get update && apt-get remove python3 || echo kept\n",
    "RUN dnf install httpd || true\n",
    "RUN zypper install git || true\n",
])
def test_a_failure_that_does_not_stop_the_build_makes_the_fix_unsafe(run):
    before = "FROM debian:bookworm-slim\n" + run
    assert fixed(R, before) == before
    f = only(R, before)
    assert f.fix.applicability is Applicability.UNSAFE and "does not stop the build" in f.fix.message


@pytest.mark.parametrize("run", [
    "RUN apt-get update && apt-get install git\n",
    "RUN apt-get update; apt-get install git\n",
    "RUN set -e; apt-get install git; echo done\n",
    "RUN set -eux; apt-get install git; echo done\n",
])
def test_a_failure_that_stops_the_build_keeps_the_fix_safe(run):
    assert fixed(R, "FROM d\n" + run) != "FROM d\n" + run


@pytest.mark.parametrize("run", [
    "RUN apt-get -qq install git\n",
    "RUN apt-get -q -q install git\n",
    "RUN apt-get install --assume-yes git\n",
    "RUN apt-get --yes install git\n",
    "RUN apt-get -o APT::Get::Assume-Yes=true install git\n",
    "RUN dnf --assumeno install httpd\n",
    "RUN dnf --setopt=assumeyes=True install httpd\n",
    "RUN zypper -n install git\n",
    "RUN zypper --non-interactive install git\n",
    "RUN zypper install --no-confirm git\n",
    "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install git\n",
])
def test_answers_spelled_otherwise_count_as_given(run):
    assert codes(R, "FROM d\n" + run) == []


def test_debian_frontend_does_not_answer_the_prompt():
    # DEBIAN_FRONTEND=noninteractive only quiets debconf; apt-get still asks "Do you want to continue?".
    before = "FROM d\nRUN DEBIAN_FRONTEND=noninteractive apt-get install git\n"
    assert fixed(R, before) == "FROM d\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y git\n"
