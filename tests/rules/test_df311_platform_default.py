import pytest

from dfopt.findings import Applicability
from dfopt.rules.platform_default import DefaultPlatform as R
from tests.ruletools import findings, fixed


@pytest.mark.parametrize("value", ["$TARGETPLATFORM", "${TARGETPLATFORM}", '"$TARGETPLATFORM"'])
def test_target_platform_is_reported(value):
    (found,) = findings(R, f"FROM --platform={value} debian:12 AS app\n")
    assert found.fix.applicability is Applicability.UNSAFE


def test_unsafe_fix_removes_the_flag_only():
    text = "FROM --platform=$TARGETPLATFORM debian:12 AS app\nRUN x\n"
    assert fixed(R, text) == text
    assert fixed(R, text, unsafe=True) == "FROM debian:12 AS app\nRUN x\n"


def test_fix_keeps_a_continued_from():
    text = "FROM --platform=$TARGETPLATFORM \\\n    debian:12\n"
    assert fixed(R, text, unsafe=True) == "FROM \\\n    debian:12\n"


@pytest.mark.parametrize("value", ["$BUILDPLATFORM", "linux/amd64", "${TARGETPLATFORM:-linux/amd64}"])
def test_other_platforms_pass(value):
    assert findings(R, f"FROM --platform={value} debian:12\n") == []
