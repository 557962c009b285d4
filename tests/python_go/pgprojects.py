"""Shared helpers for the Python and Go tests: the example projects and the outside checkers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PYTHON_SHAPES = ("python-flask-pip", "python-fastapi-uv", "python-django-poetry", "python-psycopg-pip")
GO_SHAPES = ("go-plain", "go-cgo")
HADOLINT = shutil.which("hadolint")


def copy_example(name: str, tmp_path: Path, *, dockerfile: bool = False, lock: bool = True) -> Path:
    """A copy of examples/NAME without its naive Dockerfile (unless asked). The uv example ships
    no uv.lock (a lock names its index's host); detection needs one to exist, which `lock` fakes
    for tests that only render."""
    root = Path(shutil.copytree(EXAMPLES / name, tmp_path / name))
    if not dockerfile:
        (root / "Dockerfile").unlink()
    if lock and (root / "pyproject.toml").is_file() and "[tool.uv]" in (root / "pyproject.toml").read_text():
        (root / "uv.lock").touch()
    return root


def hadolint_findings(text: str, tmp_path: Path) -> list[str]:
    """hadolint's findings with its default rules and no project configuration."""
    config = tmp_path / "hadolint-neutral.yaml"
    config.write_text("{}\n")
    proc = subprocess.run([HADOLINT, "--no-color", "--config", str(config), "-"], input=text,
                          capture_output=True, text=True, timeout=60)
    return [line for line in proc.stdout.splitlines() if line.strip()]


def write(root: Path, files: dict[str, str]) -> Path:
    """Write a small project: relative name -> text."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
