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
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=_diff_name("a", name), tofile=_diff_name("b", name)))


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


def _diff_name(side: str, name: str) -> str:
    # git-style a/ b/ prefixes for relative paths, so `git apply` and `patch -p1` take the diff.
    return name if name.startswith(("/", "<")) else f"{side}/{name}"
