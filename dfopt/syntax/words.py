"""Splitting instruction arguments into words the way BuildKit's parser does (parseWords):
whitespace separates words, quotes group them and stay in the word, the escape character keeps
the next character."""

from __future__ import annotations

GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)


def split_words(rest: str, escape: str = "\\") -> list[tuple[str, int, int]]:
    """Words of `rest` with their (start, end) indices; quotes and escapes are kept in the word."""
    words: list[tuple[str, int, int]] = []
    word: list[str] = []
    start = 0
    in_word = False
    quote = None
    blank_ok = False
    pos, n = 0, len(rest)
    while pos < n:
        ch = rest[pos]
        if not in_word:
            if ch in GO_SPACE:
                pos += 1
                continue
            in_word, start = True, pos
        if quote is None:
            if ch in GO_SPACE:
                if blank_ok or word:
                    words.append(("".join(word), start, pos))
                word, in_word, blank_ok = [], False, False
                pos += 1
                continue
            if ch in "'\"":
                quote, blank_ok = ch, True
            if ch == escape:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        if ch == quote:
            quote = None
        if ch == escape and quote != "'" and quote is not None:
            if pos + 1 == n:
                pos += 1
                continue
            word.append(ch)
            pos += 1
            ch = rest[pos]
        word.append(ch)
        pos += 1
    if in_word and (blank_ok or word):
        words.append(("".join(word), start, n))
    return words


def strip_quotes(word: str) -> str:
    """A word without the one pair of quotes around all of it (`"/app"` -> `/app`)."""
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'" else word


def name_value_words(rest: str, escape: str = "\\") -> list[tuple[str, int, str, int, int]] | None:
    """The `name=value` words of ENV, LABEL and ARG as BuildKit splits them (parseNameVal): each
    (name as written, its index, value as written, the value's index, the word's end), or None for
    the one-pair form `NAME value words` (the first word holds no `=`)."""
    words = split_words(rest, escape)
    if not words or "=" not in words[0][0]:
        return None
    out = []
    for word, start, end in words:
        name, _, value = word.partition("=")
        out.append((name, start, value, start + len(name) + 1, end))
    return out
