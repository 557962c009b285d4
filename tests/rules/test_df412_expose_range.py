import pytest

from dfopt.rules.expose_range import PortOutOfRange as R
from tests.ruletools import findings


def test_ports_and_range_ends_above_65535_are_reported_each():
    text = "FROM a:1\nEXPOSE 80 70000 8000-65536/tcp 65536/udp\n"
    assert [text[f.start:f.end] for f in findings(R, text)] == ["70000", "8000-65536/tcp", "65536/udp"]


@pytest.mark.parametrize("ports", ["0 80 65535", "8000-9000/udp", "$PORT", "${PORT:-99999}", "80/tcp 443/udp"])
def test_valid_or_variable_ports_pass(ports):
    assert findings(R, f"FROM a:1\nEXPOSE {ports}\n") == []


def test_onbuild_expose_is_checked():
    assert len(findings(R, "FROM a:1\nONBUILD EXPOSE 99999\n")) == 1
