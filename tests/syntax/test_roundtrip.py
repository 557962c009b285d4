"""Every byte belongs to one node, and rendering gives the input back."""

import pytest

from dfopt.syntax import parse

CASES = {
    "plain": "FROM debian:bookworm\nRUN echo hi\n",
    "crlf": "FROM debian\r\nRUN a \\\r\n  b\r\nCMD [\"x\"]\r\n",
    "bom": "\ufeffFROM debian\nRUN a\n",
    "bom_directive": "\ufeff# syntax=docker/dockerfile:1\nFROM debian\n",
    "no_final_newline": "FROM debian\nRUN a",
    "tabs_and_trailing_spaces": "FROM debian\t \n\tRUN a \\ \t\n\t  b   \n",
    "backtick_escape": "# escape=`\nFROM windows\nRUN dir `\n  c:\\\n",
    "comments_inside_continuation": "FROM a\nRUN a \\\n# one\n   # two\n\n  b\n",
    "heredocs": "FROM a\nRUN <<EOF cat > /x && <<-\"E2\" sh\nline\nEOF\n\tcode\n\tE2\nCOPY <<'X' /f\n$HOME\nX\n",
    "onbuild": "FROM a\nONBUILD RUN --mount=type=cache,target=/c make\n",
    "blank_lines_and_comments": "\n\n# hello\n   \nFROM a\n\n# bye\n",
    "unicode": "FROM a\nLABEL description=\"caf\u00e9 \u2603\"\nRUN echo \u00fc \\\n  \u00e9\n",
    "lone_cr_in_line": "FROM a\nRUN echo a\rb\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_render_gives_the_input_back(text):
    tree = parse(text)
    assert tree.render() == text
    assert "".join(n.text for n in tree.nodes) == text


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_nodes_tile_the_file_without_gaps(text):
    tree = parse(text)
    pos = 0
    for node in tree.nodes:
        assert node.start == pos
        assert text[node.start:node.end] == node.text
        pos = node.end
    assert pos == len(text)


def test_directives_only_count_at_the_top():
    tree = parse("# syntax=x\n# escape=`\n\n# check=skip=all\nFROM a\n")
    kinds = [n.kind for n in tree.nodes]
    assert kinds == ["directive", "directive", "blank", "comment", "instruction"]
    assert tree.escape == "`"


def test_unknown_directive_key_ends_the_directives():
    tree = parse("# foo=bar\n# escape=`\nFROM a\nRUN a `\nRUN b\n")
    assert tree.escape == "\\"
    assert [n.kind for n in tree.nodes][:2] == ["comment", "comment"]
    assert len(tree.instructions) == 3


def test_instruction_fields():
    text = "from --platform=$BUILDPLATFORM node:20 AS Build\ncopy --chown=1000:1000 --link [\"a b\", \"/app/\"]\n"
    frm, copy = parse(text).instructions
    assert (frm.keyword, frm.cmd) == ("from", "FROM")
    assert frm.flags[0].name == "platform" and frm.flags[0].value == "$BUILDPLATFORM"
    assert text[frm.flags[0].start:frm.flags[0].end] == "--platform=$BUILDPLATFORM"
    assert copy.form == "exec" and copy.exec_args == ("a b", "/app/")
    assert [f.name for f in copy.flags] == ["chown", "link"]
    assert copy.flag("link").value is None


def test_arguments_map_back_to_file_offsets_across_continuations():
    text = "FROM a\nRUN apt-get update \\\n# note\n    && apt-get install -y curl\n"
    run = parse(text).instructions[1]
    args = run.arguments
    i = args.text.index("curl")
    start, end = args.source_span(i, i + 4)
    assert text[start:end] == "curl"
    j = args.text.index("&&")
    assert text[args.source_offset(j):args.source_offset(j) + 2] == "&&"


def test_comment_and_empty_lines_inside_a_continuation_stay_in_the_instruction():
    text = "FROM a\nRUN a \\\n  # c\n\n  b\nRUN c\n"
    run = parse(text).instructions[1]
    assert run.text == "RUN a \\\n  # c\n\n  b\n"
    assert [x.kind for x in run.inner_lines] == ["comment", "blank"]
    assert run.args == "a   b"


def test_heredoc_fields():
    text = "FROM a\nRUN <<-EOF bash\n\techo hi\n\tEOF\nRUN <<'Q'\n$x\nQ\n"
    r1, r2 = parse(text).instructions[1:]
    (h1,), (h2,) = r1.heredocs, r2.heredocs
    assert (h1.name, h1.chomp, h1.expand, h1.content) == ("EOF", True, True, "\techo hi\n")
    assert (h2.name, h2.expand) == ("Q", False)
    assert r1.end_line == 4 and text[h1.body_start:h1.body_end] == "\techo hi\n"


def test_several_heredocs_in_one_instruction():
    run = parse("FROM a\nRUN <<A cat && <<B cat\n1\nA\n2\nB\n").instructions[1]
    assert [(h.name, h.content) for h in run.heredocs] == [("A", "1\n"), ("B", "2\n")]


def test_exec_form_run_has_no_heredocs():
    run = parse('FROM a\nRUN ["sh", "-c", "cat <<EOF"]\n').instructions[1]
    assert run.form == "exec" and run.heredocs == ()


def test_onbuild_wraps_an_instruction():
    text = "FROM a\nONBUILD COPY --from=b <<EOF /x\nhi\nEOF\n"
    onbuild = parse(text).instructions[1]
    assert onbuild.sub.cmd == "COPY" and onbuild.sub.flag("from").value == "b"
    assert onbuild.sub.heredocs[0].content == "hi\n"
    assert text[onbuild.sub.keyword_start:onbuild.sub.keyword_end] == "COPY"


def test_stages_and_global_args():
    tree = parse("ARG V=1\nFROM node:${V} AS build\nRUN a\nFROM debian\nCOPY --from=build /a /a\n")
    assert [a.args for a in tree.global_args] == ["V=1"]
    assert [(s.index, s.name, s.image) for s in tree.stages] == [(0, "build", "node:${V}"), (1, None, "debian")]
    assert tree.find_stage("BUILD") is tree.stages[0]
    assert tree.find_stage("1") is tree.stages[1]


def test_position_counts_lines_and_columns():
    tree = parse("FROM a\nRUN  b\n")
    assert tree.position(0) == (1, 1)
    assert tree.position(tree.text.index("b")) == (2, 6)
