"""A file that ends with the escape character: BuildKit takes the last instruction as it stands
(the escape continues it into nothing), so dfopt reads it too, byte for byte."""

import pytest

from conftest import buildkit, needs_buildkit
from dfopt.syntax import parse

ENDINGS = [
    "FROM a\nRUN echo hi \\",
    "FROM a\nRUN echo hi \\\n",
    "FROM a\nRUN echo hi \\  \r\n",
    "FROM a\nRUN echo hi \\\n\n",
    "FROM a\nRUN apt-get update && \\\n    apt-get install -y curl \\\n# only a comment\n",
    "# escape=`\nFROM a\nRUN echo hi `",
    "FROM a \\",
    "FROM a\nENV A=1 \\\n",
    "FROM a\nONBUILD RUN x \\",
]


@pytest.mark.parametrize("text", ENDINGS)
def test_a_trailing_escape_at_the_end_of_the_file_is_accepted_and_kept(text):
    df = parse(text, "Dockerfile")
    assert df.render() == text
    assert text[df.dangling_escape] == df.escape
    last = df.instructions[-1]
    assert last.end == len(text) and not last.args.endswith(df.escape)


@needs_buildkit
@pytest.mark.oracle
@pytest.mark.parametrize("text", ENDINGS)
def test_the_instructions_are_buildkits(text):
    ours = [(i.cmd, i.start_line, i.end_line, f"{i.keyword} {i.args}".split()) for i in parse(text).instructions]
    theirs = [(c.cmd.upper(), c.start_line, c.end_line, c.original.split()) for c in buildkit.parse_string(text)]
    assert ours == theirs


def test_a_file_that_ends_normally_has_no_dangling_escape():
    assert parse("FROM a\nRUN echo \\\n  hi\n").dangling_escape is None
