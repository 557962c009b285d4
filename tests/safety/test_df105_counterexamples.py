"""DF105 counterexamples: an `apk update` whose index is still read later, and installs that
cannot download an index."""

import pytest

from dfopt.rules.apk_no_cache import ApkWithoutNoCache as R
from ruletools import fixed, only


@pytest.mark.parametrize("later", [
    "RUN apk upgrade\n",
    "RUN apk search -v curl > /versions\n",
    "RUN apk fetch curl\n",
    "RUN sh /setup.sh\n",
])
def test_an_index_read_later_keeps_apk_update(later):
    before = "FROM alpine:3.20\nRUN apk update && apk add curl\nWORKDIR /app\n" + later
    after = fixed(R, before)
    assert "apk update && apk add --no-cache curl" in after


def test_a_script_in_the_same_run_keeps_apk_update():
    before = "FROM alpine:3.20\nRUN apk update && apk add curl && ./build.sh\n"
    assert "apk update && apk add --no-cache curl && ./build.sh" in fixed(R, before)


def test_apk_update_goes_when_nothing_reads_the_index():
    before = "FROM alpine:3.20\nRUN apk update && apk add curl\nRUN apk add --no-cache git\n"
    assert fixed(R, before).startswith("FROM alpine:3.20\nRUN apk add --no-cache curl\n")


@pytest.mark.parametrize("run", [
    "RUN --network=none apk add /pkgs/tool.apk\n",
    "RUN apk add --no-network tool\n",
])
def test_an_install_without_network_gets_no_fix(run):
    before = "FROM alpine:3.20\n" + run
    assert fixed(R, before) == before
    assert "without network" in only(R, before).no_fix_reason
