"""Whatever the rules, a rewrite is a fixed point: rewriting its output changes nothing, and the
output still parses (with dfopt's parser and with BuildKit's)."""

from hypothesis import HealthCheck, given, settings

from conftest import buildkit
from dfopt.fixer import fix_text
from dfopt.catalogue import select_rules
from strategies import dockerfiles

ALL = select_rules(["ALL"])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(dockerfiles())
def test_rewrite_with_every_rule_is_idempotent(text):
    once = fix_text(text, ALL, unsafe=True)
    twice = fix_text(once.text, ALL, unsafe=True)
    assert twice.text == once.text
    assert twice.applied == []
    if buildkit is not None and once.changed:
        buildkit.parse_string(once.text)
