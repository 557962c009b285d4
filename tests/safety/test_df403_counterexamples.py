"""DF403 counterexamples: ADD unpacks a local tar archive (plain or compressed) by its content,
not its name; COPY never does. Each case is a build context and the safe rewrite's result
(`after == before` where it must refuse)."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import tarfile

import pytest

from dfopt.context import BuildContext
from dfopt.fixer import check, fix_text
from dfopt.rules.add_to_copy import AddForPlainFiles as R
from dfopt.rules.add_to_copy import is_archive
from dfopt.findings import Applicability
from dfopt.syntax import parse


def tar_bytes(fmt=tarfile.USTAR_FORMAT) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        data = b"hello\n"
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


TAR = tar_bytes()
ARCHIVES = {
    "tar": TAR,
    "gnu-tar": tar_bytes(tarfile.GNU_FORMAT),
    "gzip": gzip.compress(TAR),
    "bzip2": bz2.compress(TAR),
    "xz": lzma.compress(TAR),
    "zstd-magic": b"\x28\xb5\x2f\xfd" + b"\x00" * 600,
}


def v7_tar() -> bytes:
    """A pre-POSIX tar header (no `ustar` magic) with a valid checksum: Go's reader takes it."""
    block = bytearray(TAR[:512])
    block[257:265] = b"\x00" * 8
    block[148:156] = b" " * 8
    block[148:156] = b"%06o\x00 " % sum(block)
    return bytes(block) + TAR[512:]


@pytest.fixture
def context(tmp_path):
    def make(files):
        for name, body in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body if isinstance(body, bytes) else body.encode())
        return BuildContext.from_dir(tmp_path)
    return make


def safe(text, ctx):
    return fix_text(text, [R], build_context=ctx).text


def finding(text, ctx):
    (f,) = check(parse(text), [R], build_context=ctx)
    return f


@pytest.mark.parametrize("kind", list(ARCHIVES) + ["v7"])
def test_archives_are_recognised_by_content(kind):
    data = v7_tar() if kind == "v7" else ARCHIVES[kind]
    assert is_archive(data[:512])


@pytest.mark.parametrize("data", [b"", b"hello\n", b"x" * 2000, b"PK\x03\x04" + b"\x00" * 600, b"{}\n" * 300])
def test_plain_bytes_and_zip_are_not_archives(data):
    assert not is_archive(data[:512])


@pytest.mark.parametrize("name", ["notes.txt", "data.bin", "app.jar", "README"])
def test_a_tar_under_any_name_is_left_to_add(context, name):
    ctx = context({name: TAR})
    before = f"FROM debian:bookworm-slim\nADD {name} /srv/\n"
    assert safe(before, ctx) == before
    assert check(parse(before), [R], build_context=ctx) == []  # ADD is unpacking it: no finding


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz"])
def test_a_compressed_tar_with_a_plain_name_is_left_to_add(context, kind):
    ctx = context({"payload.dat": ARCHIVES[kind]})
    before = "FROM debian:bookworm-slim\nADD payload.dat /srv/\n"
    assert safe(before, ctx) == before


def test_a_text_file_named_like_an_archive_becomes_copy(context):
    ctx = context({"site.tar.gz": "just text\n"})
    before = "FROM debian:bookworm-slim\nADD site.tar.gz /srv/\n"
    assert safe(before, ctx) == "FROM debian:bookworm-slim\nCOPY site.tar.gz /srv/\n"


def test_a_wildcard_that_matches_an_archive_is_left_to_add(context):
    ctx = context({"conf/a.conf": "a=1\n", "conf/b.conf": TAR})
    before = "FROM debian:bookworm-slim\nADD conf/*.conf /etc/app/\n"
    assert safe(before, ctx) == before


def test_a_wildcard_of_plain_files_becomes_copy(context):
    ctx = context({"conf/a.conf": "a=1\n", "conf/b.conf": "b=2\n"})
    before = "FROM debian:bookworm-slim\nADD conf/*.conf /etc/app/\n"
    assert safe(before, ctx) == before.replace("ADD", "COPY")


def test_an_archive_inside_a_copied_folder_is_not_unpacked_so_the_folder_becomes_copy(context):
    ctx = context({"vendor/lib.tar": TAR, "vendor/x.txt": "x"})
    before = "FROM debian:bookworm-slim\nADD vendor /opt/vendor\n"
    assert safe(before, ctx) == before.replace("ADD", "COPY")


def test_an_archive_that_dockerignore_leaves_out_is_not_read_and_the_rest_decides(context):
    ctx = context({".dockerignore": "conf/b.conf\n", "conf/a.conf": "a=1\n", "conf/b.conf": TAR})
    before = "FROM debian:bookworm-slim\nADD conf/* /etc/app/\n"
    assert safe(before, ctx) == before.replace("ADD", "COPY")


REFUSED = {
    "missing-source": ({}, "ADD app.conf /etc/"),
    "ignored-source": ({".dockerignore": "app.conf\n", "app.conf": "x"}, "ADD app.conf /etc/"),
    "bracket-wildcard": ({"a.conf": "x"}, "ADD [ab].conf /etc/"),
    "unknown-flag": ({"a.conf": "x"}, "ADD --parents a.conf /etc/"),
}


@pytest.mark.parametrize(("files", "line"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_when_the_sources_cannot_be_read(context, files, line):
    ctx = context(files)
    before = f"FROM debian:bookworm-slim\n{line}\n"
    assert safe(before, ctx) == before
    assert finding(before, ctx).fix.applicability is Applicability.UNSAFE


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_refused_for_a_symbolic_link(context, tmp_path):
    ctx = context({"real.tar": TAR})
    os.symlink("real.tar", tmp_path / "link.conf")
    before = "FROM debian:bookworm-slim\nADD link.conf /etc/\n"
    assert safe(before, ctx) == before


def test_refused_without_a_build_context():
    before = "FROM debian:bookworm-slim\nADD notes.txt /srv/\n"
    assert fix_text(before, [R], build_context=None).text == before
    assert "build context" in finding(before, None).fix.message


@pytest.mark.parametrize("line", ["ADD https://example.com/a.txt /srv/", "ADD --checksum=sha256:0 a.txt /srv/",
                                  "ADD --keep-git-dir=true https://example.com/r.git /src",
                                  "ADD --chown=1:1 $SRC /srv/", "ADD <<EOF /srv/a.txt\nhi\nEOF"])
def test_urls_flags_variables_and_heredocs_are_left_alone(context, line):
    ctx = context({"a.txt": "x"})
    before = f"FROM debian:bookworm-slim\n{line}\n"
    assert check(parse(before), [R], build_context=ctx) == []


def test_shared_flags_stay_and_the_fix_is_safe(context):
    ctx = context({"a.txt": "x"})
    before = "FROM debian:bookworm-slim\nADD --chown=1:1 --chmod=644 --link a.txt /srv/\n"
    assert safe(before, ctx) == before.replace("ADD", "COPY")
