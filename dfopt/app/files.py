"""Files in and out for the use cases: reading a Dockerfile or standard input, writing a file
atomically, and showing a change as a unified diff."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from dfopt.errors import DfoptError

STDIN = "-"

# Folders that never hold a project's own Dockerfiles and can be huge.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox", ".mypy_cache"})


def is_dockerfile_name(name: str) -> bool:
    """Dockerfile, Dockerfile.<anything>, <anything>.Dockerfile or .dockerfile; never the ignore
    files (Dockerfile.dockerignore sits beside its Dockerfile). The one test of a Dockerfile's
    name: `check` and `rewrite` on folders and `dfopt ignore` use it."""
    from dfopt.context.sources import is_dockerfile_name as named

    return named(name)


def discover(paths, compose: bool = True) -> list[str]:
    """The files to check, in a stable order: files named on the command line as given (whatever
    their name), folders searched recursively for Dockerfile names (and compose file names, with
    `compose`). A path that does not exist is kept, so that it is reported as an error with the
    others."""
    from dfopt.compose.model import is_compose_path

    found: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        if path != STDIN and os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
                for name in sorted(files):
                    if is_dockerfile_name(name) or (compose and is_compose_path(name)):
                        add(os.path.join(folder, name))
        else:
            add(path)
    return found


def parse_shard(value: str) -> tuple[int, int]:
    """`K/N` (1 <= K <= N) as (K, N)."""
    k, sep, n = value.partition("/")
    if not (sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise DfoptError(f"--shard must be K/N with 1 <= K <= N (e.g. 2/4), not {value!r}")
    return int(k), int(n)


def in_shard(path: str, shard: tuple[int, int] | None) -> bool:
    """Whether shard K of N takes this file: by a hash of its normalised path, so every CI job
    computes the same split without talking to the others, and each file lands in exactly one
    shard. Standard input is in every shard."""
    if shard is None or path == STDIN:
        return True
    import zlib

    key = os.path.normpath(path).replace(os.sep, "/").encode("utf-8", "surrogateescape")
    return zlib.crc32(key) % shard[1] == shard[0] - 1


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
    import difflib  # here, not at the top: `check` of a file writes no diff

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


ANY = object()  # write_atomic(expected=ANY): replace whatever the file holds, or create it


def write_atomic(path: Path, text: str, expected: str | None | object = ANY, within: Path | None = None) -> None:
    """Replace a file's content all at once: a temporary file in the same folder, written and
    flushed to disk, then renamed over the file, and the folder flushed too. Whatever fails, the
    file keeps its old content (or is not created), and the failure is a one-line DfoptError.

    - A symbolic link is followed: its target gets the new content and the link stays a link.
      With `within`, a target outside that folder is refused.
    - The owner, group and permission bits stay; when they cannot be kept, nothing is written.
    - A file with more than one hard link is refused: the rename would leave the other names
      with the old content.
    - `expected`: the text the caller read; if the file no longer holds it (another program
      wrote it meanwhile), nothing is written. None: the caller found no file, and one is
      created with the usual permissions; if one has appeared since, it is left alone. ANY
      (for outputs such as a report): whatever is there is replaced, or the file is created.
    """
    shown = str(path)
    target = Path(os.path.realpath(path))
    if within is not None and not _inside(target, Path(os.path.realpath(within))):
        how = "is a symbolic link to" if path.is_symlink() else "resolves to"
        raise DfoptError(f"{how} {target}, outside {within}; not written", shown)
    try:
        current = target.stat()
    except FileNotFoundError:
        if isinstance(expected, str) or path.is_symlink():
            what = f"is a symbolic link to {target}, which does not exist" if path.is_symlink() else "no longer exists"
            raise DfoptError(f"{what}; not written", shown) from None
        current = None
    except OSError as err:
        raise DfoptError(f"cannot write: {err.strerror}; nothing was written", shown) from None
    if current is not None:
        if expected is None:
            raise DfoptError("exists, but dfopt could not read it (or it appeared meanwhile); not written", shown)
        if expected is ANY and (not stat.S_ISREG(current.st_mode) or current.st_nlink > 1):
            _write_through(target, text, shown)  # an output such as /dev/stdout or a pipe
            return
        if not stat.S_ISREG(current.st_mode):
            raise DfoptError("is not a regular file; not written", shown)
        if current.st_nlink > 1:
            raise DfoptError(f"has {current.st_nlink} hard links; replacing it would leave the other names "
                             "with the old content, so it is not written", shown)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".dfopt-tmp", dir=target.parent)
    except OSError as err:
        raise DfoptError(f"cannot create a file in its folder {target.parent} ({err.strerror}); "
                         "nothing was written", shown) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_bytes(text))
            handle.flush()
            os.fsync(handle.fileno())
        if current is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        else:
            _keep_owner(tmp, current, shown)
            os.chmod(tmp, stat.S_IMODE(current.st_mode))  # after chown, which may clear set-id bits
        if isinstance(expected, str) and target.read_bytes() != _bytes(expected):
            raise DfoptError("changed since dfopt read it; not written (run dfopt again)", shown)
        os.replace(tmp, target)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            raise DfoptError(f"cannot write: {err.strerror or err}; nothing was written", shown) from None
        raise
    _sync_folder(target.parent)


def _write_through(target: Path, text: str, shown: str) -> None:
    try:
        with open(target, "wb") as handle:
            handle.write(_bytes(text))
    except OSError as err:
        raise DfoptError(f"cannot write: {err.strerror or err}", shown) from None


def _bytes(text: str) -> bytes:
    # Texts read with surrogateescape (an ignore file that is not UTF-8) go back byte for byte.
    return text.encode("utf-8", "surrogateescape")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _keep_owner(tmp: str, current: os.stat_result, shown: str) -> None:
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (current.st_uid, current.st_gid):
        return
    try:
        os.chown(tmp, current.st_uid, current.st_gid)
    except PermissionError:
        raise DfoptError(f"cannot keep its owner and group ({current.st_uid}:{current.st_gid}) when "
                         "replacing it; not written", shown) from None


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk, where the file system can (the new content is in place
    already: a folder that cannot be synced is no reason to report a failure)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
