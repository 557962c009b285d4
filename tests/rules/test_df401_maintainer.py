from dfopt.fixer import check, fix_text
from dfopt.rules.maintainer import MaintainerDeprecated
from dfopt.syntax import parse


def findings(text):
    return check(parse(text), [MaintainerDeprecated])


def test_catches_maintainer():
    assert [f.code for f in findings("FROM a\nmaintainer Jane\n")] == ["DF401"]


def test_ignores_label():
    assert findings('FROM a\nLABEL org.opencontainers.image.authors="Jane"\n') == []


def test_fix_writes_the_label_with_quotes_escaped():
    out = fix_text('FROM a\nMAINTAINER Jane "JD" Doe\n', [MaintainerDeprecated], unsafe=True).text
    assert out == 'FROM a\nLABEL org.opencontainers.image.authors="Jane \\"JD\\" Doe"\n'


def test_refuses_to_fix_a_value_with_variables():
    (f,) = findings("FROM a\nMAINTAINER $AUTHOR\n")
    assert f.fix is None and "variables" in f.no_fix_reason
