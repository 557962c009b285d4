"""The Jinja environment every generator uses.

Templates live in the top-level `templates/` folder of the source tree; the wheel ships the same
folder as `dfopt/templates`. StrictUndefined turns a missing variable into an error instead of an
empty string, and autoescape is off because the output is a Dockerfile, not HTML: values from the
user's project are made safe by the filters below, which refuse what they cannot encode.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from dfopt.errors import DfoptError
from dfopt.project.values import abs_path, comment, exec_form, image, port, quoted, safe_path, safe_token

if TYPE_CHECKING:
    import jinja2

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # dfopt/


def template_dirs() -> list[Path]:
    """Where templates are found: the installed copy first, then the source tree's."""
    candidates = [_PACKAGE_DIR / "templates", _PACKAGE_DIR.parent / "templates"]
    return [d for d in candidates if d.is_dir()]


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
