"""Every corpus Dockerfile through every rule (unsafe fixes included): no crash, the output parses
with BuildKit's parser, a second rewrite changes nothing, instructions no fix touches keep their
bytes, and every comment line survives."""

import pytest

from conftest import buildkit, corpus_params
from dfopt.errors import ParseError
from dfopt.fixer import check, fix_text
from dfopt.catalogue import select_rules
from dfopt.syntax import parse, read_dockerfile

RULES = select_rules()
pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("path", corpus_params())
def test_rewrite_of_corpus_file_is_sound(path):
    text = read_dockerfile(path)
    try:
        original = parse(text, str(path))
    except ParseError:
        pytest.skip("not a valid Dockerfile (dfopt reports it)")
    once = fix_text(text, RULES, path=str(path), unsafe=True)
    assert fix_text(once.text, RULES, path=str(path), unsafe=True).text == once.text
    if not once.changed:
        return
    if buildkit is not None:
        buildkit.parse_string(once.text)
    touched = [(e.start, e.end) for f in check(original, RULES) if f.fix for e in f.fix.edits]
    touched += [(f.start, f.end) for f in check(original, RULES)]
    output = {ins.text for ins in parse(once.text).instructions}
    for ins in original.instructions:
        if not any(s <= ins.end and ins.start <= e for s, e in touched):
            assert ins.text in output, f"line {ins.start_line} changed without a fix touching it"
    assert comment_lines(parse(once.text)) == comment_lines(original)


def comment_lines(df):
    """Comment lines, whether on their own or inside an instruction's continuation lines."""
    inner = [df.text[x.start : x.end] for ins in df.instructions for x in ins.inner_lines if x.kind == "comment"]
    return sorted(line.strip() for line in [n.text for n in df.nodes if n.kind == "comment"] + inner)
