import pytest

from dfopt.rules.platform_constant import ConstantPlatform as R
from tests.ruletools import findings


@pytest.mark.parametrize("value", ["linux/amd64", '"linux/arm64"', "linux/arm/v7"])
def test_constant_platform_is_reported_at_the_flag(value):
    text = f"FROM --platform={value} debian:12\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == f"--platform={value}"
    assert found.fix is None


@pytest.mark.parametrize("value", ["$BUILDPLATFORM", "${BUILDPLATFORM:-linux/amd64}", '"$BUILDPLATFORM"',
                                   "$TARGETPLATFORM", "linux/${TARGETARCH}", "$PLATFORM"])
def test_platform_from_a_variable_passes(value):
    assert findings(R, f"FROM --platform={value} debian:12\n") == []


def test_no_flag_passes():
    assert findings(R, "FROM debian:12\n") == []
