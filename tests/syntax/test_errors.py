"""Bad input gets an error that names the line, never a guess."""

import pytest

from dfopt.errors import ParseError
from conftest import buildkit, needs_buildkit
from dfopt.syntax import decode, parse


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("FROM a\nRUN <<EOF\necho\n", 3, "unterminated heredoc <<EOF (opened on line 2)"),
        ("FROM a\nFOO bar\n", 2, "unknown instruction 'FOO'"),
        ("FROM a\nRUN a\n  && b\n", 3, "continuation"),
        ("# escape=x\nFROM a\n", 1, "invalid escape token"),
        ("# escape=`\n# escape=\\\nFROM a\n", 2, "only one escape parser directive"),
        ('FROM a\nCMD ["a", 1]\n', 2, "strings only"),
        ("# just a comment\n\n", 2, "no instructions"),
        ("FROM a\nONBUILD ONBUILD RUN x\n", 2, "not allowed"),
    ],
)
def test_parse_errors_name_the_line(text, line, words):
    with pytest.raises(ParseError) as info:
        parse(text, "Dockerfile")
    assert info.value.line == line
    assert words in info.value.message
    assert str(info.value).startswith(f"Dockerfile:{line}: ")


def test_empty_bytes_are_an_error():
    with pytest.raises(ParseError, match="empty file"):
        decode(b"", "Dockerfile")


def test_binary_input_is_an_error():
    with pytest.raises(ParseError, match="binary file"):
        decode(b"FROM a\n\x00\x01", "Dockerfile")


def test_non_utf8_input_names_the_line():
    with pytest.raises(ParseError) as info:
        decode(b"FROM a\nRUN echo \xe9\n", "Dockerfile")
    assert info.value.line == 2 and "UTF-8" in info.value.message


@needs_buildkit
@pytest.mark.oracle
@pytest.mark.parametrize("size, ending", [(65535, "\n"), (65535, "\r\n"), (65536, "\n"), (65535, "")])
def test_lines_longer_than_buildkit_reads_are_refused_as_buildkit_refuses_them(size, ending):
    text = "FROM a\n" + ("RUN echo " + "é" * ((size - 9) // 2) + "x" * ((size - 9) % 2)) + ending
    assert len(text.split("\n")[1].encode()) == size + (ending == "\r\n")
    try:
        buildkit.parse_string(text)
        buildkit_refuses = False
    except Exception as err:  # noqa: BLE001 - the Go parser's error type
        buildkit_refuses = "max allowed size" in str(err)
    if buildkit_refuses:
        with pytest.raises(ParseError, match="BuildKit reads lines of at most 65,535 bytes") as info:
            parse(text, "Dockerfile")
        assert info.value.line == 2
    else:
        assert parse(text).render() == text
    assert buildkit_refuses == (size + (ending == "\r\n") > 65535)
