"""`dfopt check-ignore`: which paths Docker leaves out of the build context, and why.

Modelled on `git check-ignore`: the given paths that are excluded are printed in input order;
verbose output names the ignore-file line that decided each path (a `!` line for a path it
re-includes), and `--non-matching` also prints the paths no line matched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from dfopt.context.dockerignore import IgnoreFile, IgnoreLine


def relative_to_context(path: str, root: Path) -> str:
    """Paths are relative to the context; an absolute path inside it is made relative."""
    if path.startswith("/"):
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path
    return path


def check_ignore(ignore: IgnoreFile, paths: Iterable[str], root: Path, verbose: bool = False,
                 non_matching: bool = False) -> Iterator[tuple[str, IgnoreLine | None, bool]]:
    """(path as given, deciding line, excluded?) for each path that should be printed."""
    for path in paths:
        line = ignore.decide(relative_to_context(path, root))
        excluded = line is not None and not line.exclusion
        if excluded or (verbose and (line is not None or non_matching)):
            yield path, line, excluded


def format_line(path: str, line: IgnoreLine | None, verbose: bool) -> str:
    if not verbose:
        return path
    if line is None:
        return f"::\t{path}"
    return f"{line.source}:{line.line}:{line.text}\t{path}"
