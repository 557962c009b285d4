"""The Jinja environment every generator uses.

Templates live in the top-level `templates/` folder of the source tree; the wheel ships the same
folder as `dfopt/templates`. StrictUndefined turns a missing variable into an error instead of an
empty string, and autoescape is off because the output is a Dockerfile, not HTML: values from the
user's project are made safe by the filters below, which refuse what they cannot encode.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from dfopt.errors import DfoptError

if TYPE_CHECKING:
    import jinja2

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # dfopt/


def template_dirs() -> list[Path]:
    """Where templates are found: the installed copy first, then the source tree's."""
    candidates = [_PACKAGE_DIR / "templates", _PACKAGE_DIR.parent / "templates"]
    return [d for d in candidates if d.is_dir()]


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


FILTERS = {
    "safe_path": safe_path,
    "safe_token": safe_token,
    "image": image,
    "abs_path": abs_path,
    "port": port,
    "exec_form": exec_form,
    "quoted": quoted,
    "comment": comment,
}


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    # Jinja loads on first use: `dfopt check` imports this module for its filters only.
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs()]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(FILTERS)
    return env


def render(name: str, **context: object) -> str:
    import jinja2

    try:
        return environment().get_template(name).render(**context)
    except jinja2.UndefinedError as err:
        raise DfoptError(f"template {name}: {err.message}") from err
    except jinja2.TemplateNotFound as err:
        raise DfoptError(f"no template {err.name} (looked in {', '.join(map(str, template_dirs()))})") from err


def families() -> dict[str, str]:
    """Template families `dfopt new` can write: folder name -> one-line description."""
    found: dict[str, str] = {}
    for root in template_dirs():
        for folder in sorted(root.iterdir()):
            about = folder / "ABOUT"
            if folder.is_dir() and about.is_file() and folder.name not in found:
                found[folder.name] = about.read_text(encoding="utf-8").strip()
    return found
