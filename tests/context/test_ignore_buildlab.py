"""In the build lab: with the generated .dockerignore the build still succeeds, the image lacks the
secret and the dependency folder, and BuildKit transfers a smaller context."""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest

from dfopt.context.ignoregen import generate_dockerignore

DOCKERFILE = """\
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json ./
RUN npm install --no-audit --no-fund --offline
COPY . .
RUN test -f /app/src/index.js && test -f /app/package.json && test ! -e /app/.env \\
 && test ! -e /app/node_modules/big && test -f /app/dist/keep.txt
"""


def _context(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src/index.js").write_text("console.log('hi')\n")
    (root / "package.json").write_text('{"name": "lab"}\n')
    (root / ".env").write_text("TOKEN=do-not-ship\n")
    (root / "dist").mkdir()
    (root / "dist/keep.txt").write_text("prebuilt\n")  # no build step: dist is read, must stay
    heavy = root / "node_modules/big"
    heavy.mkdir(parents=True)
    for i in range(20):
        (heavy / f"blob{i}.bin").write_bytes(os.urandom(100_000))
    (root / ".git").mkdir()
    (root / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (root / "Dockerfile").write_text(DOCKERFILE)
    return root


def _build(root: Path, expect_ok: bool) -> int:
    tag = f"dfopt-test-ignore-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(["docker", "build", "--network", "host", "--no-cache", "--progress", "plain",
                             "-t", tag, str(root)], capture_output=True, text=True, timeout=600)
    subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, timeout=60)
    assert (result.returncode == 0) is expect_ok, result.stderr[-2000:]
    sizes = re.findall(r"transferring context: ([\d.]+)([kMG]?B)", result.stderr)
    assert sizes, result.stderr[-2000:]
    number, unit = sizes[-1]
    return int(float(number) * {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[unit])


@pytest.mark.docker
@pytest.mark.usefixtures("docker_engine")  # skips unless an engine with BuildKit answers
def test_build_with_the_generated_file_succeeds_and_sends_less(tmp_path):
    plain = _context(tmp_path / "plain")
    ignored = _context(tmp_path / "ignored")
    (ignored / ".dockerignore").write_text(generate_dockerignore(ignored))
    sent_plain = _build(plain, expect_ok=False)  # .env and node_modules land in the image
    sent_ignored = _build(ignored, expect_ok=True)
    assert sent_ignored < sent_plain / 10
