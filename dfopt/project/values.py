"""Checks that a value read from a project can be written into a Dockerfile as it is.

Detection (dfopt.project) drops a value that fails them, with a note; the templates apply them
again as Jinja filters, so nothing unchecked reaches a generated file. Each refuses what it cannot
encode rather than quoting it.
"""

from __future__ import annotations

import json
import re

from dfopt.errors import DfoptError


class UnsafeValue(DfoptError):
    """A value would change the meaning of the generated file; nothing is written."""


def _word_filter(pattern: str, what: str, doc: str):
    compiled = re.compile(pattern)

    def check(value: object) -> str:
        text = str(value)
        if not compiled.match(text):
            raise UnsafeValue(f"refusing to write {what} {text!r} into a Dockerfile")
        return text

    check.__doc__ = doc
    return check


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")

# A path word: relative, no `..`, no spaces, quotes, `$`, backslashes, globs or control characters.
safe_path = _word_filter(r"(?!/)(?!.*(?:^|/)\.\.(?:/|$))[A-Za-z0-9._@+/-]+\Z", "the path",
                         "A relative path that means the same to COPY, WORKDIR and the shell, unquoted.")
safe_token = _word_filter(r"[A-Za-z0-9._@+:-]+\Z", "the value",
                          "A version, tag or package spec: letters, digits and `._@+:-` only.")
abs_path = _word_filter(r"/(?!.*(?:^|/)\.\.(?:/|$))[A-Za-z0-9._@+/-]*\Z", "the absolute path",
                        "An absolute path (WORKDIR) with nothing that needs quoting.")
image = _word_filter(r"[a-z0-9][a-z0-9._-]*(?::[0-9]+)?(?:/[a-z0-9][a-z0-9._-]*)*"
                     r"(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[0-9a-f]{64})?\Z", "the image reference",
                     "An image reference as FROM takes it: registry/name:tag@digest, no variables.")


def port(value: object) -> int:
    number = int(str(value)) if str(value).isdigit() else 0
    if not 1 <= number <= 65535:
        raise UnsafeValue(f"not a TCP port: {value!r}")
    return number


def exec_form(args: object) -> str:
    """A JSON array of strings, the exec form BuildKit recognises; one line whatever the values."""
    if isinstance(args, str) or not all(isinstance(a, str) for a in args):  # type: ignore[union-attr]
        raise UnsafeValue(f"exec form needs a list of strings, got {args!r}")
    # ensure_ascii keeps line and paragraph separators escaped, so the array stays on one line.
    return json.dumps(list(args), ensure_ascii=True)


def quoted(value: object) -> str:
    """A double-quoted word for ENV and LABEL: `\\`, `"` and `$` escaped, control characters refused."""
    text = str(value)
    if _CONTROL.search(text):
        raise UnsafeValue(f"refusing to write a value with a control character: {text!r}")
    return '"' + re.sub(r'([\\"$])', r"\\\1", text) + '"'


def comment(value: object) -> str:
    """Text for a `#` comment line: one line, nothing that could end the comment."""
    text = str(value)
    if _CONTROL.search(text):
        raise UnsafeValue(f"refusing to write a comment with a control character: {text!r}")
    return text
