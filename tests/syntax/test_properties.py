"""Generated Dockerfiles: continuations, comments, heredocs, CRLF and both escape characters.
render(parse(x)) == x always; instruction boundaries equal BuildKit's (when its parser is here)."""

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import buildkit, needs_buildkit
from strategies import dockerfiles
from dfopt.syntax import parse

@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_render_of_parse_is_the_input(text):
    assert parse(text).render() == text


@needs_buildkit
@pytest.mark.oracle
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(dockerfiles())
def test_instruction_boundaries_equal_buildkits(text):
    ours = [(i.cmd, i.start_line, i.end_line) for i in parse(text).instructions]
    theirs = [(c.cmd.upper(), c.start_line, c.end_line) for c in buildkit.parse_string(text)]
    assert ours == theirs
