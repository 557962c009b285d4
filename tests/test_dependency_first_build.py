"""The build-lab proof of DF201: after a source-only change, the rewritten Dockerfile keeps the
install cached while the original reruns it. Needs a Docker engine (the build lab)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from dfopt.context import for_dockerfile
from dfopt.fixer import fix_text
from dfopt.catalogue import select_rules

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dependency-first"
INSTALL = "npm ci --omit=dev"

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def docker(docker_engine):
    """The environment the docker CLI runs in (the build lab's, sourced before pytest)."""
    return dict(os.environ)


def build(env, folder: Path, dockerfile: str, tag: str) -> str:
    done = subprocess.run(["docker", "build", "--network", "host", "--progress", "plain", "-f", dockerfile,
                           "-t", tag, "."], cwd=folder, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def install_cached(log: str) -> bool:
    """In BuildKit's plain progress: `#7 [3/5] RUN npm ci ...` then `#7 CACHED` when cached."""
    step = re.search(rf"^#(\d+) \[[^\]]*\] RUN {re.escape(INSTALL)}", log, re.M)
    assert step, log[-3000:]
    return re.search(rf"^#{step.group(1)} CACHED$", log, re.M) is not None


def test_rewritten_file_keeps_the_install_cached_after_a_source_change(docker, tmp_path):
    folder = tmp_path / "app"
    shutil.copytree(EXAMPLE, folder)
    original = (folder / "Dockerfile").read_text()
    rewritten = fix_text(original, select_rules(), "Dockerfile",
                         build_context=for_dockerfile(str(folder / "Dockerfile"))).text
    assert rewritten != original
    (folder / "Dockerfile.rewritten").write_text(rewritten)
    # A fresh marker in the source makes the first builds miss where the source is copied, whatever
    # an earlier run left in the cache.
    source = folder / "src" / "index.js"
    source.write_text(source.read_text() + f"// run {uuid.uuid4()}\n")
    tag = f"dfopt-test-depfirst-{uuid.uuid4().hex[:8]}"
    try:
        for name in ("Dockerfile", "Dockerfile.rewritten"):
            build(docker, folder, name, f"{tag}-{name.lower().replace('.', '-')}")
        source.write_text(source.read_text() + "// a source-only change\n")
        original_log = build(docker, folder, "Dockerfile", f"{tag}-dockerfile")
        rewritten_log = build(docker, folder, "Dockerfile.rewritten", f"{tag}-dockerfile-rewritten")
    finally:
        subprocess.run(["docker", "rmi", "-f", f"{tag}-dockerfile", f"{tag}-dockerfile-rewritten"], env=docker,
                       capture_output=True, check=False)
    assert not install_cached(original_log), "the original reruns the install after a source change"
    assert install_cached(rewritten_log), "the rewritten file keeps the install cached"
