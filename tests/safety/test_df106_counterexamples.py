"""DF106 counterexamples: a pip cache that is meant to be kept or read later."""

import pytest

from dfopt.rules.pip_no_cache import PipWithoutNoCacheDir as R
from ruletools import codes, fixed, only

BASE = "FROM python:3.12-slim AS build\n"


@pytest.mark.parametrize("text", [
    BASE + "RUN pip install --cache-dir /wheels -r requirements.txt\n",
    BASE + "ENV PIP_CACHE_DIR=/wheels\nRUN pip install -r requirements.txt\n",
    BASE + "RUN pip config set global.cache-dir /wheels && pip install flask\n",
    BASE + "RUN pip install flask\nFROM python:3.12-slim\nCOPY --from=build /root/.cache/pip /root/.cache/pip\n",
    BASE + "RUN pip install flask\nFROM python:3.12-slim\nCOPY --from=build /root /root\n",
    BASE + "RUN pip install flask\nFROM python:3.12-slim\nRUN --mount=type=bind,from=build,source=/root/.cache,target=/c ls /c\n",
])
def test_a_cache_meant_to_be_kept_or_copied_gets_no_fix(text):
    assert fixed(R, text) == text
    assert only(R, text).no_fix_reason


def test_copying_installed_packages_out_of_the_stage_keeps_the_fix():
    text = BASE + "RUN pip install --user flask\nFROM python:3.12-slim\nCOPY --from=build /root/.local /root/.local\n"
    assert "pip install --no-cache-dir --user flask" in fixed(R, text)


@pytest.mark.parametrize("text", [
    BASE + "RUN pip download -d /wheels flask\n",
    BASE + "RUN pip wheel -w /wheels flask\n",
    BASE + "ENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
    BASE + "RUN printf '[global]\\nno-cache-dir = true\\n' > /etc/pip.conf\nRUN pip install flask\n",
])
def test_downloads_wheels_and_a_cache_already_off_are_left_alone(text):
    assert codes(R, text) == []
