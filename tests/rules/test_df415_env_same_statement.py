import pytest

from dfopt.rules.env_same_statement import EnvReadsItsOwnPair as R
from tests.ruletools import findings


@pytest.mark.parametrize("env, ref", [
    ('ENV BLA="blubb" BLUBB="${BLA}/blubb"', "${BLA}"),
    ('ENV BLA="blubb" BLUBB="$BLA/blubb"', "$BLA"),
    ('ENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"', "$BLA"),
    ("ENV PATH=/bla:${PATH} PATH=/blubb:${PATH}", "${PATH}"),
    ("ENV A=1 B=${A:-x}", "${A"),
])
def test_reference_to_a_pair_set_before_in_the_same_env(env, ref):
    text = f"FROM a:1\n{env}\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == ref


def test_an_earlier_arg_does_not_make_it_right():
    # hadolint passes this; the value read is the ARG's, not 2.
    assert len(findings(R, "FROM a:1\nARG VERSION=1\nENV VERSION=2 URL=https://example.com/$VERSION\n")) == 1


@pytest.mark.parametrize("env", [
    'ENV BLA="blubb"\nENV BLUBB="${BLA}/blubb"',
    'ENV BLA="blubb" BLUBB="${FOOBLA}/blubb"',
    'ENV BLA="blubb" BLUBB="$BLAFOO/blubb"',
    'ENV BLA="blubb" BLUBB="BLA/$BLAFOO/BLA"',
    "ENV PATH=/bla:${PATH}",
    "ENV B=$A A=1",
    "ENV A=1 B='$A' C=\\$A",
    "ENV A 1 $A",
])
def test_other_references_pass(env):
    assert findings(R, f"FROM a:1\n{env}\n") == []


def test_backtick_escape_keeps_dollar_literal():
    assert findings(R, "# escape=`\nFROM a:1\nENV A=1 B=`$A\n") == []
