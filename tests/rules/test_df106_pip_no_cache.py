import pytest

from dfopt.rules.pip_no_cache import PipWithoutNoCacheDir as R
from ruletools import codes, fixed


@pytest.mark.parametrize("cmd", ["pip install flask", "pip3 install -r requirements.txt",
                                 "python3 -m pip install --upgrade pip", "sudo -H pip install x"])
def test_catches_pip_install_without_no_cache_dir(cmd):
    assert codes(R, f"FROM p\nRUN {cmd}\n") == ["DF106"]


@pytest.mark.parametrize("text", [
    "FROM p\nRUN pip install --no-cache-dir flask\n",
    "FROM p\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
    "FROM p AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install flask\n",
    "FROM p\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n",
    "FROM p\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
    "FROM p\nRUN pipx install black\n",
    "FROM p\nRUN pip download flask\n",
])
def test_ignores_installs_without_a_cache(text):
    assert codes(R, text) == []


def test_adds_no_cache_dir_after_install():
    assert fixed(R, "FROM p\nRUN python -m pip install -r req.txt\n") == (
        "FROM p\nRUN python -m pip install --no-cache-dir -r req.txt\n")
