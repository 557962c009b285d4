import pytest

from dfopt.rules.label_key import InvalidLabelKey as R
from dfopt.rules.label_key import key_problem
from tests.ruletools import findings


@pytest.mark.parametrize("key", ["Description", "com.docker.version", "io.docker.x", "org.dockerproject.y",
                                 "a..b", "a--b", "1abc", "abc-", "abc.", "my_label", "-a", "a b"])
def test_keys_out_of_format(key):
    assert key_problem(key) is not None


@pytest.mark.parametrize("key", ["maintainer", "org.opencontainers.image.source", "com.example.vendor",
                                 "a", "v2", "a.b-c.d9", "com.dockerish.x"])
def test_keys_in_format(key):
    assert key_problem(key) is None


def test_reports_each_bad_key_at_its_place():
    text = 'FROM a:1\nLABEL Description="Debian Dev Build" version=1 \\\n    com.docker.x="y z"\n'
    found = findings(R, text)
    assert [text[f.start:f.end] for f in found] == ["Description", "com.docker.x"]
    assert found[0].fix is None


def test_quoted_keys_legacy_form_and_onbuild():
    text = 'FROM a:1\nLABEL "Vendor"="ACME"\nLABEL Maintainer Some One <a@b.c>\nONBUILD LABEL BAD=1\nLABEL "ok.key"=1\n'
    found = findings(R, text)
    assert [text[f.start:f.end] for f in found] == ['"Vendor"', "Maintainer", "BAD"]


def test_keys_from_build_variables_are_left_alone():
    assert findings(R, "FROM a:1\nARG P=com.example\nLABEL ${P}.version=1 $P.x=2\n") == []
