"""The pieces of Go's standard library that Docker's .dockerignore matching leans on.

Docker's matcher is defined by Go code: patterns are trimmed with strings.TrimSpace, cleaned with
filepath.Clean, checked with filepath.Match, and turned into a Go (RE2) regular expression whose
bracket expressions and backslash escapes come straight from the pattern. Python's str.strip,
os.path.normpath, fnmatch and re each differ from those in corner cases, so the parts that matter
are ported here and the regular expression is translated from RE2 syntax rather than reused.
"""

from __future__ import annotations

import functools
import re

from dfopt.syntax.words import GO_SPACE  # unicode.IsSpace (str.isspace also counts \x1c-\x1f)

_GO_SPACE = "".join(sorted(GO_SPACE))


def trim_space(text: str) -> str:
    """strings.TrimSpace."""
    return text.strip(_GO_SPACE)


def clean(path: str) -> str:
    """filepath.Clean on a slash-separated path (normpath keeps a leading `//`; Go does not)."""
    if path == "":
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    body = "/".join(parts)
    if rooted:
        return "/" + body
    return body or "."


class BadPattern(ValueError):
    """filepath.ErrBadPattern, or a regular expression RE2 would not compile."""


def check_match_syntax(pattern: str) -> None:
    """Raise BadPattern where filepath.Match(pattern, ".") would return ErrBadPattern.

    Go checks every chunk of the pattern (a star followed by literal text, classes and escapes), so
    a malformed class anywhere is an error even when the name could never match.
    """
    rest = pattern
    while rest:
        rest = rest.lstrip("*")
        chunk_end = _chunk_end(rest)
        _check_chunk(rest[:chunk_end])
        rest = rest[chunk_end:]


def _chunk_end(pattern: str) -> int:
    """scanChunk: the chunk runs to the next `*` outside a class."""
    in_range = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1  # the escaped character belongs to the chunk
        elif ch == "[":
            in_range = True
        elif ch == "]":
            in_range = False
        elif ch == "*" and not in_range:
            return i
        i += 1
    return len(pattern)


def _check_chunk(chunk: str) -> None:
    """matchChunk's syntax checks (it keeps parsing after a mismatch for exactly this reason)."""
    i = 0
    while i < len(chunk):
        ch = chunk[i]
        if ch == "[":
            i += 1
            if i < len(chunk) and chunk[i] == "^":
                i += 1
            ranges = 0
            while True:
                if i < len(chunk) and chunk[i] == "]" and ranges > 0:
                    i += 1
                    break
                i = _class_char(chunk, i)
                if chunk[i] == "-":
                    i = _class_char(chunk, i + 1)
                ranges += 1
        elif ch == "\\":
            if i + 1 >= len(chunk):
                raise BadPattern("trailing backslash")
            i += 2
        else:
            i += 1


def _class_char(chunk: str, i: int) -> int:
    """getEsc: one (possibly escaped) character of a class; the class must go on after it."""
    if i >= len(chunk) or chunk[i] in "-]":
        raise BadPattern("malformed character class")
    if chunk[i] == "\\":
        i += 1
        if i >= len(chunk):
            raise BadPattern("malformed character class")
    i += 1
    if i >= len(chunk):
        raise BadPattern("unterminated character class")
    return i


# ---------------------------------------------------------------------------------------------
# RE2 -> Python re. Only the syntax a dockerignore pattern can produce needs to be understood:
# literals, escapes, bracket expressions (with POSIX and Perl classes), `.`, `^`, `$`, groups and
# the `*`/`?`/`+` repetitions. Classes are emitted as explicit code point ranges, so Python's own
# class syntax (and its nested-set warnings) never sees the pattern's text.

_MAX = 0x10FFFF
_POSIX = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x00, 0x7F)],
    "blank": [(0x09, 0x09), (0x20, 0x20)],
    "cntrl": [(0x00, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0x5F, 0x5F)],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_PERL = {
    "d": _POSIX["digit"],
    "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)],
    "w": _POSIX["word"],
}
_SIMPLE_ESCAPES = {"a": 7, "f": 12, "t": 9, "n": 10, "r": 13, "v": 11}


def _negate(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, nxt = [], 0
    for lo, hi in sorted(ranges):
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = max(nxt, hi + 1)
    if nxt <= _MAX:
        out.append((nxt, _MAX))
    return out


def _class_regex(ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return "(?!)"
    if max(hi for _, hi in ranges) == _MAX:
        # A class reaching the last code point (a negated one, like `[^/]`) is written as the
        # negation of its complement: the same set, and far cheaper for `re` to compile.
        complement = _negate(ranges)
        return "[^" + _ranges_text(complement) + "]" if complement else "(?s:.)"
    return "[" + _ranges_text(ranges) + "]"


def _ranges_text(ranges: list[tuple[int, int]]) -> str:
    return "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in sorted(ranges))


class _RE2:
    def __init__(self, text: str):
        self.t = text
        self.i = 0

    def error(self, what: str) -> BadPattern:
        return BadPattern(f"{what} in regexp `{self.t}`")

    def translate(self) -> str:
        out = self.sequence()
        if self.i < len(self.t):  # only an unmatched `)` stops a top-level sequence
            raise self.error("unexpected )")
        return out

    def sequence(self) -> str:
        out: list[str] = []
        last_repeatable = False
        while self.i < len(self.t):
            ch = self.t[self.i]
            if ch == ")":
                break
            if ch in "*+?":
                if not out:
                    raise self.error("missing argument to repetition operator")
                if not last_repeatable:
                    raise self.error("invalid nested repetition operator")
                self.i += 1
                op = ch
                if self.i < len(self.t) and self.t[self.i] == "?":
                    op += "?"
                    self.i += 1
                out[-1] = f"(?:{out[-1]}){op}"
                last_repeatable = False
                continue
            if ch == "|":
                raise self.error("alternation is not produced by dockerignore patterns")
            if ch == "{":
                raise self.error("counted repetition is not produced by dockerignore patterns")
            out.append(self.atom())
            last_repeatable = True
        return "".join(out)

    def atom(self) -> str:
        ch = self.t[self.i]
        if ch == "(":
            self.i += 1
            inner = self.sequence()
            if self.i >= len(self.t):
                raise self.error("missing closing )")
            self.i += 1
            return f"(?:{inner})"
        if ch == "[":
            return _class_regex(self.bracket())
        if ch == ".":
            self.i += 1
            return "[^\\n]"
        if ch == "^":
            self.i += 1
            return "\\A"
        if ch == "$":
            self.i += 1
            return "\\Z"
        if ch == "\\":
            return self.escape_atom()
        self.i += 1
        return re.escape(ch)

    def escape_atom(self) -> str:
        nxt = self.t[self.i + 1] if self.i + 1 < len(self.t) else ""
        if nxt in ("A", "z"):
            self.i += 2
            return "\\A" if nxt == "A" else "\\Z"
        if nxt in ("b", "B"):
            self.i += 2
            return "\\" + nxt  # compiled with re.ASCII: RE2's boundaries are ASCII
        if nxt == "Q":
            end = self.t.find("\\E", self.i + 2)
            literal = self.t[self.i + 2 :] if end < 0 else self.t[self.i + 2 : end]
            self.i = len(self.t) if end < 0 else end + 2
            return re.escape(literal)
        perl = self.perl_class()
        if perl is not None:
            return _class_regex(perl)
        return re.escape(chr(self.escape_char()))

    def perl_class(self) -> list[tuple[int, int]] | None:
        nxt = self.t[self.i + 1] if self.i + 1 < len(self.t) else ""
        if nxt.lower() in _PERL:
            self.i += 2
            ranges = list(_PERL[nxt.lower()])
            return _negate(ranges) if nxt.isupper() else ranges
        if nxt in ("p", "P"):
            raise self.error("Unicode classes (\\p) are not supported")
        return None

    def escape_char(self) -> int:
        """parseEscape: the code point of an escape sequence that stands for one character."""
        self.i += 1
        if self.i >= len(self.t):
            raise self.error("trailing backslash at end of expression")
        ch = self.t[self.i]
        self.i += 1
        if ch.isascii() and not ch.isalnum():
            return ord(ch)
        if ch in "1234567" and (self.i >= len(self.t) or self.t[self.i] not in "01234567"):
            raise self.error("invalid escape sequence (backreferences are not supported)")
        if ch in "01234567":
            digits = ch
            while len(digits) < 3 and self.i < len(self.t) and self.t[self.i] in "01234567":
                digits += self.t[self.i]
                self.i += 1
            return int(digits, 8)
        if ch == "x":
            if self.i < len(self.t) and self.t[self.i] == "{":
                end = self.t.find("}", self.i)
                digits = self.t[self.i + 1 : end] if end > 0 else ""
                self.i = end + 1
            else:
                digits = self.t[self.i : self.i + 2]
                self.i += 2
            if not digits or len(digits) > 8 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise self.error("invalid escape sequence")
            value = int(digits, 16)
            if value > _MAX:
                raise self.error("invalid escape sequence")
            return value
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        raise self.error(f"invalid escape sequence \\{ch}")

    def bracket(self) -> list[tuple[int, int]]:
        """parseClass (Perl flags): `]` and `-` are literal first; `[:name:]`; Perl escapes."""
        self.i += 1
        negate = self.i < len(self.t) and self.t[self.i] == "^"
        if negate:
            self.i += 1
        ranges: list[tuple[int, int]] = []
        first = True
        while True:
            if self.i >= len(self.t):
                raise self.error("missing closing ]")
            if self.t[self.i] == "]" and not first:
                self.i += 1
                break
            first = False
            if self.t.startswith("[:", self.i):
                end = self.t.find(":]", self.i + 2)
                if end >= 0:
                    name = self.t[self.i + 2 : end]
                    positive = name[1:] if name.startswith("^") else name
                    if positive not in _POSIX:
                        raise self.error(f"invalid character class range [:{name}:]")
                    found = list(_POSIX[positive])
                    ranges += _negate(found) if name.startswith("^") else found
                    self.i = end + 2
                    continue
            if self.t[self.i] == "\\":
                perl = self.perl_class()
                if perl is not None:
                    ranges += perl
                    continue
            lo = self.class_char()
            hi = lo
            if self.t.startswith("-", self.i) and self.i + 1 < len(self.t) and self.t[self.i + 1] != "]":
                self.i += 1
                hi = self.class_char()
                if hi < lo:
                    raise self.error("invalid character class range")
            ranges.append((lo, hi))
        return _negate(ranges) if negate else ranges

    def class_char(self) -> int:
        if self.i >= len(self.t):
            raise self.error("missing closing ]")
        if self.t[self.i] == "\\":
            return self.escape_char()
        self.i += 1
        return ord(self.t[self.i - 1])


@functools.lru_cache(maxsize=4096)
def re2_to_python(expression: str) -> re.Pattern[str]:
    """Compile a Go regular expression (the subset dockerignore produces) with Python's re."""
    return re.compile(_RE2(expression).translate(), re.ASCII)
