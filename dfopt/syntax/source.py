"""Reading Dockerfile bytes into text, with errors that say what is wrong and where."""

from __future__ import annotations

from pathlib import Path

from dfopt.errors import DfoptError, ParseError


def decode(data: bytes, path: str | None = None) -> str:
    """UTF-8 text of a Dockerfile (a BOM stays in the text, so writing it back keeps it)."""
    if not data:
        raise ParseError("empty file: a Dockerfile needs at least a FROM instruction", path, None)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError("binary file (it contains NUL bytes), not a Dockerfile", path, line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ParseError(
            f"not UTF-8 text (byte 0x{data[err.start]:02x} cannot be decoded); Dockerfiles are UTF-8",
            path,
            line,
        ) from None


def read_dockerfile(path: str | Path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise DfoptError("no such file", str(path)) from None
    except IsADirectoryError:
        raise DfoptError("is a folder, not a Dockerfile", str(path)) from None
    except OSError as err:
        raise DfoptError(f"cannot read: {err.strerror}", str(path)) from None
    return decode(data, str(path))
