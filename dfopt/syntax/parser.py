"""The lossless Dockerfile parser.

It reads lines the way BuildKit's parser does (frontend/dockerfile/parser): parser directives at
the top, comments and blank lines between instructions, continuation lines ending in the escape
character (comment and empty lines inside a continuation are dropped), and heredoc bodies after
the line that opens them. Instruction boundaries are BuildKit's; unlike BuildKit, nothing is thrown
away: each node keeps its exact text.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import fields

from dfopt.errors import ParseError
from dfopt.syntax.document import Dockerfile
from dfopt.syntax.words import GO_SPACE, split_words
from dfopt.syntax.nodes import (
    Blank,
    Comment,
    Directive,
    Flag,
    Heredoc,
    InnerLine,
    Instruction,
    Mapped,
    Node,
)

KEYWORDS = frozenset(
    "FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG "
    "ONBUILD STOPSIGNAL HEALTHCHECK SHELL".split()
)
HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
# Instructions whose argument is a JSON array of strings when it parses as one.
EXEC_FORM_KEYWORDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "VOLUME", "SHELL"})
DIRECTIVE_KEYS = frozenset({"syntax", "escape", "check"})

_DIRECTIVE_RE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_HEREDOC_RE = re.compile(r"^(\d*)<<(-?)([^<]*)$")
_SPLIT_WS = frozenset("\t\v\f\r ")


_GO_SPACE_CHARS = "".join(sorted(GO_SPACE))


def _lstrip_go(s: str) -> str:
    return s.lstrip(_GO_SPACE_CHARS)


def _strip_go(s: str) -> tuple[int, int]:
    """The (start, end) of s with Go whitespace trimmed on both sides."""
    i = len(s) - len(s.lstrip(_GO_SPACE_CHARS))
    return i, max(i, len(s.rstrip(_GO_SPACE_CHARS)))


class _Line:
    __slots__ = ("start", "end", "content", "number")

    def __init__(self, start: int, end: int, content: str, number: int):
        self.start = start  # offset of the first character (after a BOM on line 1)
        self.end = end  # offset just past the newline
        self.content = content  # without "\n" and a "\r" before it, as Go's ScanLines gives it
        self.number = number


# BuildKit reads a Dockerfile with Go's bufio.Scanner: a line (its "\r" included, the "\n" not)
# longer than this many bytes stops the build ("dockerfile line greater than max allowed size").
MAX_LINE_BYTES = 65535


def _split_lines(text: str) -> list[_Line]:
    lines = []
    n = len(text)
    pos = 0
    number = 1
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        stop = n if nl < 0 else nl
        # A character is at most 4 bytes: only long lines need encoding to be measured.
        if stop - pos > MAX_LINE_BYTES // 4 and len(text[pos:stop].encode("utf-8", "surrogatepass")) > MAX_LINE_BYTES:
            size = len(text[pos:stop].encode("utf-8", "surrogatepass"))
            raise ParseError(f"this line is {size:,} bytes long; BuildKit reads lines of at most "
                             f"{MAX_LINE_BYTES:,} bytes", None, number)
        content_start = pos + 1 if (number == 1 and text.startswith("\ufeff")) else pos
        content = text[content_start:nl if nl >= 0 else n]
        if content.endswith("\r"):
            content = content[:-1]
        lines.append(_Line(content_start, end, content, number))
        pos = end
        number += 1
    return lines


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.escape = "\\"
        self.continuation = re.compile(r"\\[ \t]*$")
        self.directives_done = False
        self.seen_directives: set[str] = set()

    def error(self, message: str, line: int) -> ParseError:
        # `parse` adds the file name: trees are cached by text, whatever file they came from.
        return ParseError(message, None, line)

    # -- parser directives ------------------------------------------------------------------
    def directive(self, token: str, line: int) -> tuple[str, str] | None:
        if self.directives_done:
            return None
        m = _DIRECTIVE_RE.match(token)
        if not m or m.group(1).lower() not in DIRECTIVE_KEYS:
            self.directives_done = True
            return None
        key, value = m.group(1).lower(), m.group(2)
        if key in self.seen_directives:
            raise self.error(f"only one {key} parser directive can be used", line)
        self.seen_directives.add(key)
        if key == "escape":
            if value not in ("\\", "`"):
                raise self.error(f"invalid escape token {value!r}: use ` or \\", line)
            self.escape = value
            self.continuation = re.compile(re.escape(value) + r"[ \t]*$")
        return key, value

    def trim_continuation(self, s: str) -> tuple[str, bool]:
        m = self.continuation.search(s)
        if m:
            return s[: m.start()], False
        return s, True

    # -- the main loop (mirrors BuildKit's Parse) ---------------------------------------------
    def parse(self) -> Dockerfile:
        text = self.text
        lines = _split_lines(text)
        nodes: list[Node] = []
        dangling_escape = None
        i = 0
        while i < len(lines):
            line = lines[i]
            content = line.content
            token = _lstrip_go(content)
            is_comment = token.startswith("#")
            directive = self.directive(token, line.number)
            if is_comment:
                token = ""
            i += 1
            first_piece, end_of_line = self.trim_continuation(token)
            if end_of_line and first_piece == "":
                start = _node_start(line)
                common = dict(start=start, end=line.end, text=text[start:line.end],
                              start_line=line.number, end_line=line.number)
                if directive is not None and is_comment:
                    nodes.append(Directive(**common, name=directive[0], value=directive[1]))
                elif is_comment:
                    nodes.append(Comment(**common))
                else:
                    nodes.append(Blank(**common))
                continue

            # The instruction's logical line, and where each piece of it sits in the file.
            first_start = line.start + (len(content) - len(token))
            pieces: list[tuple[str, int]] = [(first_piece, first_start)]
            inner: list[InnerLine] = []
            last = piece_line = line
            while not end_of_line and i < len(lines):
                cont = lines[i]
                i += 1
                last = cont
                self.directive(cont.content, cont.number)
                stripped = _lstrip_go(cont.content)
                if stripped.startswith("#"):
                    inner.append(InnerLine("comment", cont.start, cont.end, cont.number))
                    continue
                if stripped == "":
                    inner.append(InnerLine("blank", cont.start, cont.end, cont.number))
                    continue
                piece, end_of_line = self.trim_continuation(cont.content)
                pieces.append((piece, cont.start))
                piece_line = cont
            if not end_of_line:
                # The file ends inside a continuation: BuildKit takes the instruction as it stands.
                escaped = self.continuation.search(piece_line.content)
                dangling_escape = piece_line.start + escaped.start()
            logical = _join(pieces, _content_end(last))
            ins = self.instruction(logical, line.number, top=True)

            end = last.end
            end_line = last.number
            heredocs: list[Heredoc] = []
            if ins.effective.cmd in HEREDOC_KEYWORDS and ins.effective.form != "exec" and "<<" in logical.text:
                for name, chomp, expand, fd in _heredoc_words(ins.effective.arguments.text):
                    body_start = lines[i].start if i < len(lines) else len(text)
                    body: list[str] = []
                    terminated = False
                    first_body_line = (lines[i].number if i < len(lines) else last.number + 1)
                    body_end = body_start
                    while i < len(lines):
                        b = lines[i]
                        i += 1
                        candidate = b.content.lstrip("\t") if chomp else b.content
                        if candidate == name:
                            terminated = True
                            end, end_line = b.end, b.number
                            break
                        body.append(b.content + "\n")
                        body_end = b.end
                    if not terminated:
                        raise self.error(
                            f"unterminated heredoc <<{name} (opened on line {line.number})",
                            lines[-1].number,
                        )
                    heredocs.append(Heredoc(name, chomp, expand, fd, "".join(body), body_start,
                                            body_end, first_body_line, end_line))
            start = _node_start(line)
            nodes.append(_with_span(ins, start, end, text, line.number, end_line, tuple(heredocs),
                                    tuple(inner), _line_ending(text, line)))
        if not any(isinstance(n, Instruction) for n in nodes):
            raise self.error("the file has no instructions (is it a Dockerfile?)", max(1, len(lines)))
        return Dockerfile(text, tuple(nodes), self.escape, dangling_escape)

    # -- one instruction -----------------------------------------------------------------------
    def instruction(self, logical: Mapped, line: int, top: bool) -> Instruction:
        s = logical.text
        a, b = _strip_go(s)
        k = a
        while k < b and s[k] not in _SPLIT_WS:
            k += 1
        keyword = s[a:k]
        cmd = keyword.upper()
        if cmd not in KEYWORDS:
            if not keyword:
                raise self.error("an escape character starts an instruction with nothing in it", line)
            hint = ""
            if not keyword[:1].isalpha():
                hint = " (does the line before it miss a continuation escape character?)"
            raise self.error(f"unknown instruction {keyword!r}{hint}", line)
        rest_start = k
        while rest_start < b and s[rest_start] in _SPLIT_WS:
            rest_start += 1
        flag_spans, args_start = _builder_flags(s, rest_start, b)
        flags = []
        for fs, fe, name, value in flag_spans:
            src_s, src_e = logical.source_span(fs, fe)
            flags.append(Flag(name, value, src_s, src_e, self.text[src_s:src_e]))
        a2, b2 = _strip_go(s[args_start:b])
        arguments = logical.slice(args_start + a2, args_start + b2)
        kw_start, kw_end = logical.source_span(a, k)

        form = None
        exec_args = None
        sub = None
        if cmd in EXEC_FORM_KEYWORDS:
            exec_args = _json_array(arguments.text)
            if exec_args is _TOO_DEEP:
                raise self.error(f"{cmd}: the JSON array is nested too deeply to read", line)
            if exec_args is _NOT_STRINGS:
                raise self.error(f"{cmd}: a JSON array form must hold strings only", line)
            form = "exec" if exec_args is not None else "shell"
        elif cmd in ("ENV", "LABEL"):
            self.check_name_values(cmd, arguments.text, line)
        elif cmd == "ONBUILD":
            if not arguments.text:
                raise self.error("ONBUILD needs an instruction to wrap", line)
            sub = self.instruction(arguments, line, top=False)
            if sub.cmd in ("ONBUILD", "FROM", "MAINTAINER"):
                raise self.error(f"ONBUILD {sub.cmd} is not allowed", line)
        return Instruction(
            start=kw_start, end=arguments.source_offset(len(arguments.text)), text="",
            start_line=line, end_line=line, keyword=keyword, cmd=cmd, keyword_start=kw_start,
            keyword_end=kw_end, flags=tuple(flags), form=form, exec_args=exec_args,
            arguments=arguments, sub=sub,
        )

    def check_name_values(self, cmd: str, rest: str, line: int) -> None:
        """BuildKit's parseNameVal checks: `ENV key value` needs a value; in `key=value` form
        every word needs an `=`."""
        words = split_words(rest, self.escape)
        if not words:
            return
        if "=" not in words[0][0]:
            if len(re.split(r"[\t\v\f\r ]+", rest, maxsplit=1)) < 2:
                raise self.error(f"{cmd} must have two arguments (a name and a value)", line)
            return
        for word, _, _ in words:
            if "=" not in word:
                raise self.error(f"{cmd}: cannot find = in {word!r}; use the form name=value", line)


_NOT_STRINGS = ("not strings",)
_TOO_DEEP = ("nested too deeply",)


def _json_array(args: str):
    """The strings of a JSON array, None when `args` is not one (shell form), _NOT_STRINGS when it
    is an array holding something else (BuildKit rejects that). Like BuildKit, text after the
    closing bracket is ignored."""
    rest = _lstrip_go(args)
    if not rest.startswith("["):
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(rest)
    except ValueError:
        return None
    except RecursionError:
        return _TOO_DEEP
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, str) for v in value):
        return _NOT_STRINGS
    return tuple(value)


def _builder_flags(s: str, pos: int, end: int) -> tuple[list[tuple[int, int, str, str | None]], int]:
    """BuildKit's extractBuilderFlags: the leading `--flag` words from pos, and where the
    arguments begin. Each flag is (start, end, name, value) in the logical text."""
    flags: list[tuple[int, int, str, str | None]] = []
    while True:
        while pos < end and s[pos] in GO_SPACE:
            pos += 1
        if pos >= end or not s.startswith("--", pos) or pos + 1 >= end:
            return flags, pos
        word_start = pos
        word = []
        quote = None
        while pos < end:
            ch = s[pos]
            if quote is None:
                if ch in GO_SPACE:
                    break
                if ch in "'\"":
                    quote = ch
                elif ch == "\\":
                    if pos + 1 < end:
                        pos += 1
                        word.append(s[pos])
                else:
                    word.append(ch)
            else:
                if ch == quote:
                    quote = None
                elif ch == "\\" and pos + 1 < end:
                    pos += 1
                    word.append(s[pos])
                else:
                    word.append(ch)
            pos += 1
        value = "".join(word)
        if value == "--":
            # A bare `--` ends the flags; BuildKit keeps what follows as the arguments.
            return flags, pos
        body = value[2:]
        name, eq, val = body.partition("=")
        flags.append((word_start, pos, name, val if eq else None))


def _lex(s: str, raw: bool) -> tuple[list[str], bool]:
    """Words of `s` as BuildKit's shell lexer splits them for heredoc detection: unquoted
    whitespace separates words. With `raw`, quotes and escapes stay in the words (RawQuotes,
    RawEscapes); without, they are removed. Also tells whether any quote was met."""
    words: list[str] = []
    cur: list[str] = []
    in_word = False
    quoted = False
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch in " \t\n\r\f\v":
            if in_word:
                words.append("".join(cur))
                cur, in_word = [], False
            i += 1
            continue
        in_word = True
        if ch == "\\" and i + 1 < n:
            cur.append(s[i:i + 2] if raw else s[i + 1])
            i += 2
            continue
        if ch in "'\"":
            quoted = True
            j = i + 1
            body = []
            while j < n and s[j] != ch:
                if ch == '"' and s[j] == "\\" and j + 1 < n:
                    j += 1
                body.append(s[j])
                j += 1
            cur.append(s[i:j + 1] if raw else "".join(body))
            i = j + 1
            continue
        cur.append(ch)
        i += 1
    if in_word:
        words.append("".join(cur))
    return words, quoted


def _heredoc_words(line: str) -> list[tuple[str, bool, bool, int]]:
    docs = []
    for word in _lex(line, raw=True)[0]:
        m = _HEREDOC_RE.match(word)
        if not m or not m.group(3):
            continue
        names, quoted = _lex(m.group(3), raw=False)
        if len(names) != 1:
            continue
        docs.append((names[0], m.group(2) == "-", not quoted, int(m.group(1) or 0)))
    return docs


def _join(pieces: list[tuple[str, int]], end: int) -> Mapped:
    starts, sources, parts = [], [], []
    length = 0
    last_end = end
    for piece, source in pieces:
        if piece:
            starts.append(length)
            sources.append(source)
            parts.append(piece)
            length += len(piece)
            last_end = source + len(piece)
    if not starts:
        starts, sources = [0], [pieces[0][1]]
        last_end = pieces[0][1]
    return Mapped("".join(parts), starts, sources, last_end)


def _node_start(line: _Line) -> int:
    # The BOM belongs to the first node.
    return 0 if line.number == 1 else line.start


def _content_end(line: _Line) -> int:
    return line.start + len(line.content)


def _line_ending(text: str, line: _Line) -> str:
    return "\r\n" if text[line.start + len(line.content):line.end].startswith("\r\n") else "\n"


def _with_span(ins: Instruction, start: int, end: int, text: str, start_line: int, end_line: int,
               heredocs: tuple[Heredoc, ...], inner: tuple[InnerLine, ...], ending: str) -> Instruction:
    sub = ins.sub
    if sub is not None:
        sub = _replace(sub, start_line=start_line, end_line=end_line, heredocs=heredocs, text=text[sub.start:end])
        sub = _replace(sub, end=end)
    return _replace(ins, start=start, end=end, text=text[start:end], start_line=start_line,
                    end_line=end_line, heredocs=heredocs, inner_lines=inner, sub=sub,
                    line_ending=ending)


_INSTRUCTION_FIELDS = tuple(f.name for f in fields(Instruction) if f.init)


def _replace(ins: Instruction, **changes) -> Instruction:
    # dataclasses.replace, without its checks: this runs for every instruction of every file.
    for name in _INSTRUCTION_FIELDS:
        if name not in changes:
            changes[name] = getattr(ins, name)
    return Instruction(**changes)


def parse(text: str, path: str | None = None) -> Dockerfile:
    """Parse a Dockerfile's text into a lossless tree. Raises ParseError naming `path`."""
    if "\x00" in text:
        raise ParseError("binary file (it contains NUL bytes), not a Dockerfile", path, None)
    try:
        return _parse_text(text)
    except ParseError as err:
        raise err.with_path(path) if path is not None else err


@functools.lru_cache(maxsize=256)
def _parse_text(text: str) -> Dockerfile:
    # Trees are immutable, so the same text parsed again (by a rule reading the sources, the fix
    # loop's re-check, the .dockerignore planner) is the same tree, not a second parse.
    return _Parser(text).parse()
