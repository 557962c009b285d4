"""DF101 counterexamples: what stands between an update and its install and changes the update."""

import pytest

from dfopt.rules.apt_update_alone import AptUpdateAlone as R
from ruletools import fixed, only


@pytest.mark.parametrize("between", [
    "USER app\n",
    "WORKDIR /src\n",
    "COPY extra.list /etc/apt/sources.list.d/\n",
    "SHELL [\"/bin/bash\", \"-c\"]\n",
    "ENV http_proxy=http://proxy.invalid:3128\n",
    "ARG HTTPS_PROXY\n",
    "ENV APT_CONFIG=/etc/apt/custom.conf\n",
    "ENV PATH=/opt/tools/bin:$PATH\n",
])
def test_what_changes_the_update_blocks_the_merge(between):
    before = "FROM debian:bookworm-slim\nRUN apt-get update\n" + between + "RUN apt-get install -y curl\n"
    assert fixed(R, before) == before
    assert "stands between" in only(R, before).no_fix_reason


@pytest.mark.parametrize("first, second", [
    ("RUN --mount=type=secret,id=auth,target=/etc/apt/auth.conf apt-get update\n", "RUN apt-get install -y curl\n"),
    ("RUN --network=host apt-get update\n", "RUN apt-get install -y curl\n"),
    ("RUN apt-get update\n", "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n"),
])
def test_different_mounts_or_network_block_the_merge(first, second):
    before = "FROM d\n" + first + second
    assert fixed(R, before) == before
    assert "different flags" in only(R, before).no_fix_reason


def test_an_env_that_does_not_concern_apt_is_passed():
    before = "FROM d\nRUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y curl\n"
    assert fixed(R, before) == "FROM d\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install -y curl\n"
