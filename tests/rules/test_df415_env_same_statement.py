import pytest

from dfopt.rules.env_same_statement import EnvReadsItsOwnPair as R
from tests.ruletools import findings, fixed


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


def test_unsafe_fix_splits_the_env_before_the_reading_pair():
    text = "FROM a:1\nenv APP=/srv PATH=$APP/bin:$PATH  X=1\n"
    assert fixed(R, text) == text
    assert fixed(R, text, unsafe=True) == "FROM a:1\nenv APP=/srv\nenv PATH=$APP/bin:$PATH  X=1\n"


def test_split_repeats_until_every_pair_reads_the_values_before_it():
    text = "FROM a:1\nENV A=1 B=$A C=${B}x\n"
    assert fixed(R, text, unsafe=True) == "FROM a:1\nENV A=1\nENV B=$A\nENV C=${B}x\n"


def test_no_fix_over_several_lines_or_in_onbuild():
    for text in ("FROM a:1\nENV A=1 \\\n    B=$A\n", "FROM a:1\nONBUILD ENV A=1 B=$A\n"):
        (found,) = findings(R, text)
        assert found.fix is None
