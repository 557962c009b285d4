"""Build proof that DF201's node_modules precondition is real: the lab case whose .dockerignore keeps
node_modules out, with that line removed. The safe rewrite must leave the file alone, and the fix
forced with --unsafe-fixes must give a different image (the host's node_modules laid over the
clean install). Needs a Docker engine (the build lab)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dfopt.app.settings import Settings
from dfopt.verify import rewrite_for_verify, verify

CASE = Path(__file__).resolve().parent / "lab" / "df201-npm-node-modules-ignored"

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]


def test_node_modules_sent_by_the_context_makes_a_different_image(tmp_path):
    folder = tmp_path / "app"
    shutil.copytree(CASE, folder)
    ignore = folder / ".dockerignore"
    ignore.write_text("".join(line + "\n" for line in ignore.read_text().splitlines() if line != "node_modules"))
    assert (folder / "node_modules" / "ms" / "index.js").is_file()
    dockerfile = str(folder / "Dockerfile")
    safe = rewrite_for_verify(dockerfile, Settings(), context_dir=str(folder))
    assert safe.rewritten == safe.original
    forced = rewrite_for_verify(dockerfile, Settings(unsafe_fixes=True), context_dir=str(folder))
    assert [f.code for f in forced.fixes] == ["DF201"] and not forced.fixes[0].safe
    result = verify(forced.original, forced.rewritten, str(folder), dockerfile=dockerfile, fixes=forced.fixes,
                    rebuilds=False)
    assert result.verdict == "different", result.verdict
    assert any("node_modules" in str(d) for d in result.differences)
