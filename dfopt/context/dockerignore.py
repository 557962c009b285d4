"""`.dockerignore` with Docker's exact semantics (moby/patternmatcher, as BuildKit's walker uses it).

Not gitignore: patterns are relative to the context root, cleaned like Go's filepath.Clean (a
leading `/` is dropped, `./build` is `build`, `docs/` is `docs`), `*` and `?` never cross `/`,
`**` does, `[...]` and `\\` escapes are handed to Go's regular expressions, `!` re-includes, and
the last matching line wins. A path is decided walking down from the root: each pattern that
matched a folder counts as matching everything under it, so excluding `node_modules` excludes
`node_modules/x/y` unless a later `!` line matches the path itself or one of its parents.
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass, field
from pathlib import Path

from dfopt.context.gomatch import BadPattern, check_match_syntax, clean, re2_to_python, trim_space
from dfopt.errors import DfoptError

_BOM = "\ufeff"
# Characters Go's regexp needs escaped but filepath.Match treats as literals.
_REGEXP_META = set(".+()|{}$")


@dataclass(frozen=True)
class IgnoreLine:
    """One pattern line of an ignore file."""

    source: str
    line: int  # 1-based line number in the file
    text: str  # the line as written, trimmed
    pattern: str  # the cleaned pattern, without the `!`
    exclusion: bool  # a `!` line: re-includes what it matches

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.text}"


@dataclass
class _Pattern:
    """patternmatcher.Pattern: an exact, prefix, suffix or regexp match on a cleaned pattern."""

    cleaned: str
    kind: str = "exact"
    regex: re.Pattern[str] | None = None
    error: str | None = None

    def __post_init__(self) -> None:
        try:
            self._compile()
        except BadPattern as err:  # Docker fails only when the pattern is evaluated
            self.error = str(err)

    def _compile(self) -> None:
        go_re = "^"
        kind = "exact"
        chars = self.cleaned
        i = 0
        while i < len(chars):
            ch = chars[i]
            nxt = chars[i + 1] if i + 1 < len(chars) else None
            if ch == "*" and nxt == "*":
                start = i
                i += 2
                if i < len(chars) and chars[i] == "/":  # `**/` behaves as `**`
                    i += 1
                if i >= len(chars):  # trailing `**`: everything below
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        go_re += ".*"
                        kind = "regexp"
                else:
                    go_re += "(.*/)?"
                    kind = "regexp"
                if start == 0:
                    kind = "suffix"
                continue
            if ch == "*":
                go_re += "[^/]*"
                kind = "regexp"
            elif ch == "?":
                go_re += "[^/]"
                kind = "regexp"
            elif ch in _REGEXP_META:
                go_re += "\\" + ch
            elif ch == "\\":
                if nxt is not None:
                    go_re += "\\" + nxt
                    kind = "regexp"
                    i += 1
                else:
                    go_re += "\\"
            elif ch in "[]":
                go_re += ch
                kind = "regexp"
            else:
                go_re += ch
            i += 1
        if kind == "regexp":
            self.regex = re2_to_python(go_re + "$")
        self.kind = kind

    def match(self, path: str) -> bool:
        if self.error is not None:
            raise BadPattern(self.error)
        if self.kind == "exact":
            return path == self.cleaned
        if self.kind == "prefix":
            return path.startswith(self.cleaned[:-2])
        if self.kind == "suffix":
            suffix = self.cleaned[2:]
            if path.endswith(suffix):
                return True
            return suffix.startswith("/") and path == suffix[1:]
        assert self.regex is not None
        return self.regex.match(path) is not None


@functools.lru_cache(maxsize=4096)
def _compiled(cleaned: str) -> _Pattern:
    """Patterns are compiled once per process: generated files and the files of a batch repeat them,
    and a _Pattern does not change after it is built."""
    return _Pattern(cleaned)


@dataclass
class IgnoreFile:
    """The patterns of one ignore file, and Docker's decision for any path of the context."""

    lines: tuple[IgnoreLine, ...] = ()
    source: str = ".dockerignore"
    _patterns: list[_Pattern] = field(default_factory=list, repr=False)
    _cache: dict[str, tuple[bool, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, text: str | bytes, source: str = ".dockerignore") -> "IgnoreFile":
        """Read an ignore file as ignorefile.ReadAll and patternmatcher.New do."""
        if isinstance(text, bytes):
            text = text.decode("utf-8", "surrogateescape")
        return _parsed(cls, text, source)

    @classmethod
    def _parse(cls, text: str, source: str) -> "IgnoreFile":
        raw_lines = text.split("\n")
        if raw_lines and raw_lines[-1] == "":
            raw_lines.pop()
        lines: list[IgnoreLine] = []
        patterns: list[_Pattern] = []
        for number, raw in enumerate(raw_lines, start=1):
            if raw.endswith("\r"):
                raw = raw[:-1]
            if number == 1 and raw.startswith(_BOM):
                raw = raw[1:]
            if raw.startswith("#"):  # a comment only in the first column
                continue
            written = trim_space(raw)
            if not written:
                continue
            pattern = _read_pattern(written)
            exclusion = pattern.startswith("!")
            if exclusion:
                if len(pattern) == 1:
                    raise DfoptError('illegal exclusion pattern: "!"', source, number)
                pattern = pattern[1:]
            try:
                check_match_syntax(pattern)
            except BadPattern as err:
                raise DfoptError(f"syntax error in pattern {written!r}: {err}", source, number) from None
            lines.append(IgnoreLine(source, number, written, pattern, exclusion))
            patterns.append(_compiled(pattern))
        return cls(tuple(lines), source, patterns)

    @classmethod
    def read(cls, path: str | Path, source: str | None = None) -> "IgnoreFile":
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise DfoptError(f"cannot read ignore file: {err.strerror}", str(path)) from None
        return cls.parse(data, source or str(path))

    def _match_info(self, path: str, parent: tuple[bool, ...] | None) -> tuple[bool, ...]:
        """MatchesUsingParentResults: which patterns match `path`, given its parent's result."""
        matched = False
        info: list[bool] = []
        for index, pattern in enumerate(self._patterns):
            match = bool(parent) and parent[index]
            exclusion = self.lines[index].exclusion
            if not match:
                if exclusion != matched:  # nothing this line could change
                    info.append(False)
                    continue
                try:
                    match = pattern.match(path)
                except BadPattern as err:
                    raise DfoptError(f"bad pattern: {err}", self.source, self.lines[index].line) from None
            info.append(match)
            if match:
                matched = not exclusion
        return tuple(info)

    def _info(self, path: str) -> tuple[bool, ...]:
        cached = self._cache.get(path)
        if cached is None:
            parent_path, _, _ = path.rpartition("/")
            parent = self._info(parent_path) if parent_path else None
            cached = self._match_info(path, parent)
            self._cache[path] = cached
        return cached

    def decide(self, path: str) -> IgnoreLine | None:
        """The line that decided `path` (an exclusion line when it is re-included), or None."""
        normal = normalize_path(path)
        if normal is None or not self._patterns:
            return None
        info = self._info(normal)
        for index in range(len(info) - 1, -1, -1):
            if info[index]:
                return self.lines[index]
        return None

    def matches(self, path: str) -> bool:
        """True when Docker leaves `path` out of the build context."""
        line = self.decide(path)
        return line is not None and not line.exclusion


@functools.lru_cache(maxsize=256)
def _parsed(cls: type[IgnoreFile], text: str, source: str) -> IgnoreFile:
    """Each text is parsed once per process, and its decisions are kept with it: a batch reads the
    same generated and planned files again and again. An IgnoreFile does not change once parsed
    (its decision cache only grows)."""
    return cls._parse(text, source)


def _read_pattern(written: str) -> str:
    """ignorefile.ReadAll's normalisation, then patternmatcher.New's own trim and clean."""
    invert = written.startswith("!")
    pattern = trim_space(written[1:]) if invert else written
    if pattern:
        pattern = clean(pattern)
        if len(pattern) > 1 and pattern.startswith("/"):
            pattern = pattern[1:]
    if invert:
        pattern = "!" + pattern
    return clean(trim_space(pattern))


def normalize_path(path: str) -> str | None:
    """A context-relative slash path as Docker's walker names it; None for the context root."""
    normal = clean(path).lstrip("/")
    if normal in ("", "."):
        return None
    return normal
