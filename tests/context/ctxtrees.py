"""Fixture contexts written on the fly: `make_context(tmp_path, {"path": "content", "dir/": None})`."""

from __future__ import annotations

from pathlib import Path

import pytest


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    for name, content in files.items():
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content if content is not None else "x\n")
    return root


@pytest.fixture
def make_context(tmp_path):
    def make(files: dict[str, str | bytes | None], name: str = "ctx") -> Path:
        return write_tree(tmp_path / name, files)

    return make
