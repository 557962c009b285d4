"""Errors meant for people: each names the file and line it is about."""

from __future__ import annotations


class DfoptError(Exception):
    """An input or usage problem; the CLI prints it and exits 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def with_path(self, path: str) -> "DfoptError":
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return self.message  # not about a file: an engine, an option, a setting
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class ParseError(DfoptError):
    """The Dockerfile cannot be read as a Dockerfile."""
