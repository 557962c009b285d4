"""## What it does
Finds `LABEL` keys that do not follow Docker's recommended format: lower-case letters, digits,
`.` and `-` only, starting with a letter and ending with a letter or digit, no `..` or `--`, and
not in a namespace Docker reserves (`com.docker.`, `io.docker.`, `org.dockerproject.`).

## Why is this bad?
Tools that read labels (registries, scanners, orchestrators) match keys exactly, and the
convention is reverse-DNS keys in lower case (`org.opencontainers.image.source`). `Description`
and `description` are two different labels; keys under Docker's own namespaces may be overwritten
or mean something else to Docker's tools.

## Example
```dockerfile
LABEL Description="Debian build image" com.docker.version=1
```

## Use instead
```dockerfile
LABEL org.opencontainers.image.description="Debian build image" com.example.version=1
```

## Fix safety
No fix: renaming a label changes the image's metadata that other tools read.

A key that names a build variable (`LABEL ${PREFIX}.version=1`) is left alone: what it becomes is
known only at build time (hadolint reports it, as `$` is not a key character).

## References
- Docker documentation: object labels, key format recommendations
- hadolint DL3048
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax.words import name_value_words, split_words

_VALID = re.compile(r"[a-z]([a-z0-9.-]*[a-z0-9])?")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")


def label_keys(ins, escape: str = "\\") -> list[tuple[str, int, int]]:
    """The keys of a LABEL with their indices in its arguments, quotes removed (`"a.b"=1` has key
    a.b). The old form `LABEL key value words` has one key, the first word."""
    return [(pair.key, pair.key_start, pair.key_end) for pair in label_pairs(ins, escape)]


@dataclass(frozen=True)
class LabelPair:
    """One `key=value` of a LABEL, quotes removed, with the indices in its arguments of the key
    and of the whole pair."""

    key: str
    value: str
    key_start: int
    key_end: int
    end: int


def label_pairs(ins, escape: str = "\\") -> list[LabelPair]:
    """The key-value pairs of a LABEL. The old form `LABEL key value words` has one pair: the
    first word, and the rest of the line as its value."""
    text = ins.arguments.text
    pairs = name_value_words(text, escape)
    if pairs is not None:
        return [LabelPair(_unquote(key, escape), _unquote(value, escape), start, start + len(key), end)
                for key, start, value, _at, end in pairs]
    words = split_words(text, escape)
    if not words:
        return []
    first, start, end = words[0]
    value = _unquote(text[words[1][1]:words[-1][2]], escape) if len(words) > 1 else ""
    return [LabelPair(_unquote(first, escape), value, start, end, words[-1][2])]


def _unquote(word: str, escape: str) -> str:
    out, quote, i = [], None, 0
    while i < len(word):
        ch = word[i]
        if ch == escape and quote != "'" and i + 1 < len(word):
            out.append(word[i + 1])
            i += 2
            continue
        if ch in "'\"" and quote in (None, ch):
            quote = None if quote == ch else ch
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def key_problem(key: str) -> str | None:
    """Why a label key breaks the format, or None when it follows it."""
    if key.startswith(_RESERVED):
        return f"`{key.split('.', 2)[0]}.{key.split('.', 2)[1]}.` is a namespace Docker reserves"
    if not _VALID.fullmatch(key):
        return "keys are lower-case letters, digits, `.` and `-`, starting with a letter, ending with a letter or digit"
    if ".." in key or "--" in key:
        return "keys have no `..` or `--`"
    return None


class InvalidLabelKey(Rule):
    code = "DF407"
    title = "LABEL key not in the recommended format"
    severity = Severity.STYLE
    hadolint = ("DL3048",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            label = ins.effective
            if label.cmd != "LABEL" or label.arguments is None:
                continue
            for key, start, end in label_keys(label, df.escape):
                if "$" in key or not key:
                    continue  # known only at build time
                problem = key_problem(key)
                if problem is not None:
                    first, last = label.arguments.source_span(start, end)
                    yield self.finding(first, last, f"label key `{key}`: {problem}")
