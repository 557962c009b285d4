"""Breadth: every corpus file round-trips, and its instructions span exactly the lines BuildKit
gives them. Skips when ../shared is absent."""

import pytest

from conftest import buildkit, corpus_params, needs_buildkit
from dfopt.errors import ParseError
from dfopt.syntax import parse


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_corpus_file_round_trips(path):
    text = path.read_bytes().decode("utf-8")
    try:
        tree = parse(text, str(path))
    except ParseError as err:
        # Only files BuildKit accepts as text but which are not Dockerfiles (unknown instructions).
        assert "unknown instruction" in err.message
        return
    assert tree.render() == text


@pytest.mark.corpus
@pytest.mark.oracle
@needs_buildkit
@pytest.mark.parametrize("path", corpus_params())
def test_corpus_instruction_spans_equal_buildkits(path):
    text = path.read_bytes().decode("utf-8")
    theirs = buildkit.parse_string(text)
    try:
        ours = parse(text, str(path))
    except ParseError as err:
        # BuildKit accepts unknown instructions at parse time; dfopt reports them.
        unknown = [c for c in theirs if c.cmd.upper() not in _KEYWORDS]
        assert unknown and err.line == unknown[0].start_line
        return
    assert [(i.cmd, i.start_line, i.end_line) for i in ours.instructions] == [
        (c.cmd.upper(), c.start_line, c.end_line) for c in theirs
    ]
    assert [i.form == "exec" for i in ours.instructions] == [bool(c.json) for c in theirs]


from dfopt.syntax.parser import KEYWORDS as _KEYWORDS  # noqa: E402
