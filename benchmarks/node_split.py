#!/usr/bin/env python3
"""Build each Node example's naive Dockerfile and dfopt's split of it; print what changed.

For every examples/node-*/ app: the split is made by rule DF310 (as `dfopt rewrite --unsafe-fixes`
would), both files are built with the Docker engine that DOCKER_HOST points at, and the script
prints image size, layer count, a cold build (--no-cache), a no-op rebuild and a rebuild after a
one-line source change, then runs both images and compares their HTTP answers on `/`.

    source /tmp/buildlab/env.sh        # or any engine with node:20-bookworm-slim
    python benchmarks/node_split.py [EXAMPLE...]

Notes: builds use --network host (the build lab has no bridge network) and `# syntax=` lines are
stripped (they make BuildKit pull a frontend image). BuildKit cache mounts survive --no-cache, so
the split's cold build may find a warm package cache from an earlier run; the naive file has none.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.fixer import fix_text  # noqa: E402
from dfopt.scaffold.split_rule import SplitNodeBuild  # noqa: E402


def docker(*args: str, check: bool = True) -> str:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise SystemExit(f"docker {' '.join(args[:3])} failed:\n{proc.stderr[-2000:]}")
    return proc.stdout.strip()


def timed_build(app: Path, dockerfile: str, tag: str, *extra: str) -> float:
    start = time.monotonic()
    docker("build", "--network", "host", "-q", "-f", str(app / dockerfile), "-t", tag, *extra, str(app))
    return time.monotonic() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answer(tag: str) -> str:
    port = free_port()
    container = docker("run", "-d", "--rm", "--network", "host", "-e", f"PORT={port}", tag)
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as resp:
                    return resp.read().decode()
            except OSError:
                time.sleep(0.2)
        return "(no answer) " + docker("logs", container, check=False)[-300:]
    finally:
        docker("rm", "-f", container, check=False)


def source_file(app: Path) -> Path:
    package = json.loads((app / "package.json").read_text())
    main = package.get("main", "")
    candidates = [app / main.replace("dist/", "src/").replace(".js", ".ts")] if main else []
    candidates += sorted((app / "src").glob("*.ts"))
    return next(p for p in candidates if p.is_file())


def measure(app: Path, dockerfile: str, tag: str) -> dict:
    cold = timed_build(app, dockerfile, tag, "--no-cache")
    noop = timed_build(app, dockerfile, tag)
    src = source_file(app)
    original = src.read_text()
    src.write_text(original + f"\n// touched {time.time_ns()}\n")   # new content: never a cache hit
    try:
        rebuild = timed_build(app, dockerfile, tag)
    finally:
        src.write_text(original)
    timed_build(app, dockerfile, tag)          # leave the image built from the unchanged source
    size = int(docker("image", "inspect", "-f", "{{.Size}}", tag))
    layers = int(docker("image", "inspect", "-f", "{{len .RootFS.Layers}}", tag))
    return {"size_mb": size / 1e6, "layers": layers, "cold_s": cold, "noop_s": noop, "rebuild_s": rebuild,
            "answer": answer(tag)}


def strip_syntax(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.lower().startswith("# syntax="))


def main(names: list[str]) -> int:
    if shutil.which("docker") is None or subprocess.run(["docker", "info"], capture_output=True).returncode:
        print("no Docker engine answers (source the build lab's env.sh first); nothing measured")
        return 2
    apps = [ROOT / "examples" / n for n in names] or sorted(p for p in (ROOT / "examples").glob("node-*")
                                                           if (p / "Dockerfile").is_file())
    print(f"{'example':22} {'file':6} {'size MB':>8} {'layers':>6} {'cold s':>7} {'no-op s':>7} "
          f"{'src change s':>12}  same answer")
    for example in apps:
        with tempfile.TemporaryDirectory() as tmp:
            app = Path(shutil.copytree(example, Path(tmp) / example.name))
            naive = strip_syntax((app / "Dockerfile").read_text())
            result = fix_text(naive, [SplitNodeBuild], path=str(app / "Dockerfile"), unsafe=True)
            if not result.changed:
                reason = "; ".join(f.no_fix_reason or "" for f in result.remaining)
                print(f"{example.name:22} not split: {reason}")
                continue
            (app / "Dockerfile").write_text(naive)
            (app / "Dockerfile.split").write_text(strip_syntax(result.text))
            rows = {kind: measure(app, file, f"dfopt-bench/{example.name}:{kind}")
                    for kind, file in (("naive", "Dockerfile"), ("split", "Dockerfile.split"))}
            same = rows["naive"]["answer"] == rows["split"]["answer"]
            for kind, r in rows.items():
                print(f"{example.name:22} {kind:6} {r['size_mb']:8.1f} {r['layers']:6d} {r['cold_s']:7.1f} "
                      f"{r['noop_s']:7.1f} {r['rebuild_s']:12.1f}  {'yes' if same else 'NO'}")
            if not same:
                print(f"  naive: {rows['naive']['answer'][:200]}\n  split: {rows['split']['answer'][:200]}")
            smaller = rows["naive"]["size_mb"] - rows["split"]["size_mb"]
            print(f"{example.name:22} split is {smaller:.1f} MB smaller; answer: {rows['split']['answer'][:80]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
