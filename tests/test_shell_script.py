"""The shell script model: commands, words, spans in the file, subshells and state changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dfopt.shell import parse_script


def names(script):
    return [[w.value for w in c.words] for c in script.commands]


def test_commands_are_found_through_lists_pipes_subshells_groups_and_compounds():
    script = parse_script(
        "a && b; c || d | e; (f); { g; }; if h; then i; fi; for x in 1; do j; done; "
        "case y in z) k;; esac; l $(m)"
    )
    assert script.ok
    assert [n[0] for n in names(script)] == list("abcdefghijklm")


def test_pipeline_members_and_subshells_do_not_leak_state():
    script = parse_script("(cd /x) && export A=1 | cat && echo $(cd /y)")
    assert not script.leaks_state


def test_state_changing_builtins_at_top_level_leak():
    for text in ["cd /x", "export A=1", "set -e", ". ./env", "source x", "umask 022", "X=1",
                 "exec foo", "trap 'x' EXIT", "alias a=b", "shopt -s x", "pushd /x", "exit 0"]:
        assert parse_script(text + " && true").leaks_state, text


def test_ordinary_commands_do_not_leak_state():
    assert not parse_script("apt-get update && apt-get install -y x && FOO=1 make").leaks_state


def test_commands_after_or_and_inside_if_are_conditional():
    script = parse_script("a || b; if c; then d; fi; e")
    assert [c.conditional for c in script.commands] == [False, True, True, True, False]


def test_word_values_remove_quotes_and_mark_expansions_and_globs():
    script = parse_script("echo \"a b\" 'c d' e\\ f \"$HOME\" g*.txt x\"y\"z 12")
    values = [(w.value, w.glob) for w in script.commands[0].words[1:]]
    assert values == [("a b", False), ("c d", False), ("e f", False), (None, False),
                      ("g*.txt", True), ("xyz", False), ("12", False)]


def test_a_syntax_error_is_not_analysed():
    script = parse_script("if then fi (")
    assert not script.ok and "syntax error" in script.error and script.commands == ()


def test_spans_map_through_the_offset_map_to_the_file():
    # The file has a continuation the logical text no longer holds: "RUN a \\\n  bb"
    file_text = "RUN a \\\n  bb"
    logical = "a   bb"
    where = [4, 5, 6, 9, 10, 11]
    script = parse_script(logical, where.__getitem__)
    word = script.commands[0].words[1]
    assert file_text[word.start : word.end] == "bb"
    command = script.commands[0]
    assert file_text[command.start : command.end] == "a \\\n  bb"


def test_non_ascii_text_gives_str_offsets_not_byte_offsets():
    script = parse_script("echo héllo wörld && apt-get install x")
    last = script.commands[1].words[-1]
    assert script.text[last.start : last.end] == "x"


@given(st.text(alphabet="aé€ 𝄞-=\"'$", max_size=30))
def test_every_word_span_holds_the_word_text(body):
    text = "cmd " + body
    script = parse_script(text)
    for command in script.commands:
        for word in command.words:
            assert text[word.start : word.end] == word.text


def test_statements_are_the_simple_statements_in_order_with_their_kind():
    script = parse_script('cd /app && export A="$(x | y)" && [ -f a ] && B=1 && ! false && unset C')
    assert [(s.kind, s.text) for s in script.statements] == [
        ("command", "cd /app"), ("declaration", 'export A="$(x | y)"'), ("test", "[ -f a ]"),
        ("assignment", "B=1"), ("negation", "! false"), ("declaration", "unset C"),
    ]  # fmt: skip
    first = script.statements[0]
    assert first.command is not None and [w.value for w in first.command.words] == ["cd", "/app"]
    assert script.text[first.index : first.index_end] == "cd /app"


def test_commands_inside_a_statements_substitution_are_not_statements_of_their_own():
    script = parse_script("echo $(date) && for f in $(ls); do rm $f; done")
    assert [s.text for s in script.statements] == ["echo $(date)", "ls", "rm $f"]


def test_a_plain_chain_is_one_and_list_of_simple_statements():
    for text in ["npm ci", "a && b && c", "a &&\\\n b", "export A=1 && [ -f x ] && b"]:
        assert parse_script(text).plain_chain, text
    for text in ["a || b", "a; b", "a && b;", "a | b", "(a) && b", "a && b > log", "! a && b",
                 "if a; then b; fi", "{ a; } && b", "a && for ((i=0;i<2;i++)); do b; done", "a &"]:
        assert not parse_script(text).plain_chain, text


def test_unquoted_keeps_expansions_as_written_and_removes_quotes():
    words = parse_script('cd "$APP/x" ${HOME}/y --opt="a b" \'c\' plain').commands[0].words
    assert [w.unquoted for w in words] == ["cd", "$APP/x", "${HOME}/y", "--opt=a b", "c", "plain"]
    assert [w.value for w in words][1:3] == [None, None]


def test_a_bare_dollar_in_a_word_is_literal():
    word = parse_script("echo a$").commands[0].words[1]
    assert (word.value, word.unquoted) == ("a$", "a$")


# Deep scripts: tree-sitter nests `a && b && c` to the left, so a long chain is a deep tree. The
# walk keeps its own stack; Python's recursion limit (1,000 frames) is no limit on the script.


def test_a_two_thousand_command_and_chain_is_analysed():
    script = parse_script(" && ".join(f"echo {i}" for i in range(2000)))
    assert script.ok
    assert [c.words[1].value for c in script.commands] == [str(i) for i in range(2000)]
    assert script.plain_chain and script.is_and_chain
    assert len(script.statements) == 2000


def test_long_or_and_semicolon_lists_are_analysed():
    script = parse_script(" || ".join(f"echo {i}" for i in range(1500)) + "; " + "; ".join(["true"] * 1500))
    assert script.ok and len(script.commands) == 3000
    assert not script.commands[0].conditional and all(c.conditional for c in script.commands[1:1500])


def test_three_hundred_nested_subshells_ifs_and_substitutions_are_analysed():
    subshells = parse_script("( " * 300 + "cd /x" + " )" * 300 + " && echo done")
    assert [c.name for c in subshells.commands] == ["cd", "echo"]
    assert subshells.commands[0].subshell and not subshells.leaks_state
    ifs = parse_script("if true; then " * 300 + "echo hi" + "; fi" * 300)
    assert len(ifs.commands) == 301 and ifs.commands[-1].conditional
    substitutions = parse_script("echo " + "$(echo " * 300 + "hi" + ")" * 300)
    assert len(substitutions.commands) == 301
    assert [c.index for c in substitutions.commands] == sorted(c.index for c in substitutions.commands)
    assert all(c.subshell for c in substitutions.commands[1:])
