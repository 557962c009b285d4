"""Files in and out for the use cases: reading a Dockerfile or standard input, writing a file
atomically, and showing a change as a unified diff."""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from pathlib import Path

STDIN = "-"


def read_source(path: str) -> tuple[str, str]:
    """(display name, text) of a Dockerfile or compose file, or of standard input for `-`."""
    from dfopt.syntax import decode, read_dockerfile

    if path == STDIN:
        return "<stdin>", decode(sys.stdin.buffer.read(), "<stdin>")
    return path, read_dockerfile(path)


def unified_diff(before: str, after: str, name: str) -> str:
    """One file's diff, valid for `git apply` and `patch -p1`: git's a/ b/ prefixes for relative
    paths, lines split at "\n" only (a form feed or a lone "\r" stays inside its line), and a
    last line without a newline marked `\\ No newline at end of file`."""
    old, new = (name, name) if os.path.isabs(name) or name.startswith("<") else (f"a/{name}", f"b/{name}")
    lines = list(difflib.unified_diff(_lines(before), _lines(after), old, new))
    for i, line in enumerate(lines):
        if not line.endswith("\n"):
            lines[i] = line + "\n\\ No newline at end of file\n"
    return "".join(lines)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename it over the original, keeping
    the file's mode; the original is untouched if anything fails."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".dfopt-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

