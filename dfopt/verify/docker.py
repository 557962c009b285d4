"""The Docker engine, driven through the docker CLI (BuildKit), as verify needs it.

Everything goes through `docker` so that DOCKER_HOST, DOCKER_CONTEXT and DOCKER_CONFIG work as
they do for the user's own builds.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator

from dfopt.errors import DfoptError

Progress = Callable[[str], None]

# `#7 [build 2/5] RUN npm ci` opens a step; `#7 CACHED` says it was served from the cache.
_STEP = re.compile(r"^#(\d+) \[(?!internal\])([^\]]*)\] (.*)$")
_CACHED = re.compile(r"^#(\d+) CACHED\s*$")
_LOAD_CONTEXT = re.compile(r"^#(\d+) \[internal\] load build context\s*$")
_TRANSFER = re.compile(r"^#(\d+) transferring context: ([\d.]+)([kMGT]?B)\b")
_UNITS = {"B": 1, "kB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}


@dataclass
class Build:
    """One `docker build`: whether it worked, how long it took, what it produced."""

    ok: bool
    seconds: float
    image_id: str | None
    steps: int = 0
    cached_steps: int = 0
    context_bytes: int | None = None
    log_tail: list[str] = field(default_factory=list)

    @property
    def ran_steps(self) -> int:
        return self.steps - self.cached_steps


def docker_host() -> str:
    return os.environ.get("DOCKER_HOST") or os.environ.get("DOCKER_CONTEXT") or "the default Docker socket"


class Engine:
    """A Docker engine that answered `docker version`; raises DfoptError otherwise."""

    def __init__(self, docker: str = "docker", timeout: float = 20):
        self.docker = shutil.which(docker) or ""
        if not self.docker:
            raise DfoptError(
                f"`{docker}` is not on PATH: dfopt verify builds images with the docker CLI "
                "(install it, or source the build lab's env.sh)"
            )
        try:
            out = subprocess.run(
                [self.docker, "version", "--format", "{{.Server.Version}}"],
                capture_output=True, text=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise DfoptError(f"no Docker engine answered within {timeout:.0f}s at {docker_host()}") from None
        if out.returncode != 0 or not out.stdout.strip():
            why = (out.stderr.strip().splitlines() or ["no answer"])[-1]
            raise DfoptError(f"no Docker engine answers at {docker_host()}: {why}")
        self.server_version = out.stdout.strip()

    def _run(self, *args: str, check: bool = True, timeout: float | None = 300) -> subprocess.CompletedProcess:
        out = subprocess.run([self.docker, *args], capture_output=True, text=True, timeout=timeout)
        if check and out.returncode != 0:
            raise DfoptError(f"docker {args[0]} failed: {out.stderr.strip()[-500:]}")
        return out

    def build(
        self,
        context: str,
        dockerfile: str,
        *,
        tag: str | None = None,
        target: str | None = None,
        no_cache: bool = False,
        label: str = "",
        progress: Progress | None = None,
        iidfile: str,
    ) -> Build:
        """Build with BuildKit's plain progress, reporting each step as it starts."""
        cmd = [self.docker, "build", "--progress=plain", "--network", "host", "-f", dockerfile,
               "--iidfile", iidfile]
        if tag:
            cmd += ["-t", tag]
        if target:
            cmd += ["--target", target]
        if no_cache:
            cmd.append("--no-cache")
        cmd.append(context)
        if os.path.exists(iidfile):
            os.unlink(iidfile)
        env = dict(os.environ, DOCKER_BUILDKIT="1")
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                errors="replace", env=env)
        result = Build(ok=False, seconds=0.0, image_id=None)
        tail: collections.deque[str] = collections.deque(maxlen=40)
        assert proc.stdout is not None
        _follow(proc.stdout, result, tail, label, progress)
        rc = proc.wait()
        result.seconds = time.monotonic() - started
        result.log_tail = list(tail)
        if rc == 0 and os.path.exists(iidfile):
            with open(iidfile, encoding="utf-8") as f:
                result.image_id = f.read().strip() or None
        result.ok = rc == 0 and result.image_id is not None
        return result

    def inspect(self, image: str) -> dict:
        out = self._run("image", "inspect", image)
        return json.loads(out.stdout)[0]

    @contextlib.contextmanager
    def export(self, image: str) -> Iterator[IO[bytes]]:
        """Yield the image's flattened filesystem as a tar stream (docker create + export)."""
        # The entrypoint is overridden so images without CMD can be created; nothing runs.
        cid = self._run("create", "--network", "none", "--entrypoint", "", image, "true").stdout.strip()
        try:
            proc = subprocess.Popen([self.docker, "export", cid], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            assert proc.stdout is not None
            try:
                yield proc.stdout
            finally:
                proc.stdout.close()
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                if proc.wait() != 0 and err:
                    raise DfoptError(f"docker export failed: {err.strip()[-500:]}")
        finally:
            self._run("rm", "-f", cid, check=False)

    def remove_images(self, refs: list[str]) -> None:
        """Remove images by tag or id; ones already gone or still used are left alone."""
        for ref in refs:
            self._run("image", "rm", ref, check=False)


def _follow(stream: IO[str], result: Build, tail: collections.deque, label: str,
            progress: Progress | None) -> None:
    context_step = None
    for raw in stream:
        line = raw.rstrip("\n")
        tail.append(line)
        if m := _STEP.match(line):
            result.steps += 1
            if progress:
                text = m.group(3)
                if len(text) > 90:
                    text = text[:87] + "..."
                progress(f"{label}: [{m.group(2)}] {text}")
        elif _CACHED.match(line):
            result.cached_steps += 1
        elif m := _LOAD_CONTEXT.match(line):
            context_step = m.group(1)
        elif (m := _TRANSFER.match(line)) and m.group(1) == context_step:
            result.context_bytes = round(float(m.group(2)) * _UNITS[m.group(3)])
