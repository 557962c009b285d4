"""Build proof of DF403's precondition: ADD unpacks a local tar archive by its content, whatever
its name, so COPY of the same file gives another image; dfopt therefore leaves that ADD alone.

Needs a Docker engine (the build lab); skipped with the reason when none answers.
"""

from __future__ import annotations

import io
import tarfile

import pytest

from dfopt.context import BuildContext
from dfopt.fixer import fix_text
from dfopt.rules.add_to_copy import AddForPlainFiles
from dfopt.verify import verify

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]

ORIGINAL = "FROM debian:bookworm-slim\nADD notes.txt /srv/\n"


def test_add_unpacks_a_tar_named_like_text_so_copy_would_change_the_image(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        data = b"inside the tar\n"
        info = tarfile.TarInfo("inner.txt")
        info.size, info.mtime = len(data), 0
        tar.addfile(info, io.BytesIO(data))
    (tmp_path / "notes.txt").write_bytes(buf.getvalue())
    (tmp_path / "Dockerfile").write_text(ORIGINAL)

    rewrite = fix_text(ORIGINAL, [AddForPlainFiles], build_context=BuildContext.from_dir(tmp_path))
    assert rewrite.text == ORIGINAL, "DF403 must leave an ADD of a tar archive alone"

    by_hand = ORIGINAL.replace("ADD", "COPY")
    result = verify(ORIGINAL, by_hand, str(tmp_path), dockerfile=str(tmp_path / "Dockerfile"), rebuilds=False)
    assert result.verdict not in ("equivalent", "equivalent apart from caches")
    described = " ".join(str(d) for d in result.differences)
    assert "inner.txt" in described or "notes.txt" in described, described
