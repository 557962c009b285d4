"""Build proof for DF109's unsafe fix: with `--no-install-recommends`, curl loses ca-certificates
and HTTPS fails (exit 77); the fix adds ca-certificates back, and HTTPS keeps working.

The HTTPS address is the image's own apt mirror, read inside the build (no host name here)."""

from __future__ import annotations

import subprocess

import pytest

from dfopt.fixer import fix_text
from dfopt.rules.no_install_recommends import MissingNoInstallRecommends

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]

HTTPS_CHECK = ("url=\"$(sed -n 's/^URIs: http:/https:/p' /etc/apt/sources.list.d/debian.sources | head -n 1)/\""
               " && curl -fsS -o /dev/null \"$url\"")
ORIGINAL = ("FROM debian:bookworm-slim\n"
            "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
            f"RUN {HTTPS_CHECK}\n")


def build(folder, text: str) -> subprocess.CompletedProcess:
    (folder / "Dockerfile").write_text(text)
    tag = f"dfopt-test-df109-{folder.name.lower()}"
    try:
        return subprocess.run(["docker", "build", "--network", "host", "--progress", "plain", "-t", tag, str(folder)],
                              capture_output=True, text=True, timeout=600)
    finally:
        subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, timeout=120)


def test_the_unsafe_fix_keeps_https_working_and_without_ca_certificates_it_fails(tmp_path):
    rewritten = fix_text(ORIGINAL, [MissingNoInstallRecommends], unsafe=True).text
    assert "--no-install-recommends -y curl ca-certificates" in rewritten
    (tmp_path / "fixed").mkdir()
    result = build(tmp_path / "fixed", rewritten)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # The same rewrite without the added package: curl cannot verify the server.
    (tmp_path / "bare").mkdir()
    result = build(tmp_path / "bare", rewritten.replace(" ca-certificates", ""))
    assert result.returncode != 0 and "(77)" in result.stdout + result.stderr
