"""The .dockerignore matcher against Docker's own results (the shared vectors) and by behaviour."""

from __future__ import annotations

import json

import pytest

from dfopt.context.dockerignore import IgnoreFile
from dfopt.errors import DfoptError
from conftest import shared_dir


def _vector_cases():
    base = shared_dir()
    files = sorted((base / "testdata").glob("dockerignore-vectors*.jsonl")) if base else []
    cases = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                cases.append(pytest.param(json.loads(line), id=f"{path.stem}:{number}"))
    if not cases:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/testdata vectors are absent"))]
    return cases


@pytest.mark.parametrize("case", _vector_cases())
def test_agrees_with_docker_on_every_vector(case):
    ignore = IgnoreFile.parse(case["dockerignore"])
    excluded = [p for p in case["paths"] if ignore.matches(p)]
    assert sorted(excluded) == sorted(case["excluded"])


def excluded(text: str, *paths: str) -> list[str]:
    ignore = IgnoreFile.parse(text)
    return [p for p in paths if ignore.matches(p)]


def test_plain_name_matches_only_at_the_root():
    assert excluded("node_modules\n", "node_modules/a.js", "web/node_modules/b.js") == ["node_modules/a.js"]


def test_double_star_prefix_matches_at_any_depth_including_the_root():
    assert excluded("**/node_modules\n", "node_modules/a", "web/node_modules/b", "x") == [
        "node_modules/a", "web/node_modules/b"]


def test_star_does_not_cross_a_slash():
    assert excluded("*.log\n", "app.log", "logs/x.log") == ["app.log"]


def test_leading_slash_and_dot_segments_are_cleaned_away():
    assert excluded("/build\n./coverage\ndocs/\na/../dist\n", "build/x", "coverage/y", "docs/z", "dist/w") == [
        "build/x", "coverage/y", "docs/z", "dist/w"]


def test_last_matching_line_wins():
    assert excluded("*.md\n!README.md\n", "README.md", "CHANGELOG.md") == ["CHANGELOG.md"]
    assert excluded("!README.md\n*.md\n", "README.md") == ["README.md"]


def test_folder_exclusion_carries_to_children_unless_a_later_line_re_includes_inside():
    text = "node_modules\n!node_modules/important\n"
    assert excluded(text, "node_modules/x/y", "node_modules/important/z", "node_modules/important") == [
        "node_modules/x/y"]


def test_exclude_everything_then_re_include_a_folder_keeps_its_contents():
    assert excluded("*\n!src\n", "src/a/b.ts", "README.md") == ["README.md"]


def test_comment_only_in_the_first_column_and_escaped_hash_is_literal():
    assert excluded("#notacomment\n  #spaced\n\\#literal\n", "#notacomment", "#spaced", "#literal") == [
        "#spaced", "#literal"]


def test_surrounding_whitespace_is_trimmed_and_crlf_and_bom_are_read():
    assert excluded("\ufeff  spaced  \r\n!  keep \r\n", "spaced", "keep") == ["spaced"]


def test_character_classes_use_go_regexp_syntax_where_bang_is_not_negation():
    # Docker hands `[...]` to Go's regexp: `[!a]` is the set {!, a}, `[^a]` negates.
    assert excluded("[!a]\n", "a", "!", "b") == ["a", "!"]
    assert excluded("[^a]\n", "a", "b") == ["b"]


def test_question_mark_is_one_character_but_never_a_slash():
    assert excluded("t?mp\n", "temp", "t/mp", "tmp") == ["temp"]


def test_trailing_double_star_excludes_everything_below_but_not_the_folder():
    ignore = IgnoreFile.parse("src/**\n")
    assert ignore.matches("src/a/b")
    assert not ignore.matches("src")


def test_decide_names_the_line_and_its_number_for_a_re_included_path():
    ignore = IgnoreFile.parse("# header\n*.pyc\n\n!keep.pyc\n", source="ctx/.dockerignore")
    line = ignore.decide("keep.pyc")
    assert (line.line, line.text, line.exclusion, str(line)) == (4, "!keep.pyc", True, "ctx/.dockerignore:4:!keep.pyc")
    assert ignore.decide("a.pyc").line == 2
    assert ignore.decide("a.py") is None


def test_context_root_is_never_excluded():
    assert not IgnoreFile.parse("**\n").matches(".")


def test_lone_bang_is_an_error_with_its_line():
    with pytest.raises(DfoptError) as err:
        IgnoreFile.parse("a\n!\n", source=".dockerignore")
    assert (err.value.line, err.value.path) == (2, ".dockerignore")


def test_malformed_class_is_a_syntax_error():
    with pytest.raises(DfoptError, match="syntax error"):
        IgnoreFile.parse("a[b\n")


def test_pattern_go_regexp_rejects_fails_only_when_evaluated():
    # `\y` is a valid filepath.Match escape but not a Go regexp escape: Docker fails when it
    # evaluates the line; an exclusion line is not evaluated while nothing is excluded.
    ignore = IgnoreFile.parse("!\\y\n")
    assert not ignore.matches("y")
    with pytest.raises(DfoptError, match="invalid escape"):
        IgnoreFile.parse("\\y\n").matches("y")


def test_go_regexp_syntax_reaches_the_matcher_through_classes_and_escapes():
    # Docker hands these straight to Go's regexp: POSIX classes work inside brackets, and an
    # escaped letter starts a regexp escape (`\x41` is "A"), not a literal letter.
    assert excluded("[[:digit:]]x\n", "5x", "ax") == ["5x"]
    assert excluded("\\x41\n", "A", "x41") == ["A"]
    assert excluded("a.b\n", "a.b", "axb") == ["a.b"]


def test_star_inside_brackets_becomes_part_of_the_class():
    # `[*]` turns into the regexp `[[^/]*]`: a class of `[`, `^`, `/`, repeated, then a literal `]`.
    assert excluded("[*]\n", "*", "]", "[]") == ["]", "[]"]
