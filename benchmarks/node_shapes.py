#!/usr/bin/env python3
"""Build the Node project shapes under tests/node/shapes/ three ways and check what users meet.

For each shape: its naive single-stage Dockerfile, dfopt's split of it (rule DF310, as
`dfopt rewrite --unsafe-fixes` writes it) and `dfopt new`'s file (run beside the naive Dockerfile,
as a user would, so the Node version comes from it). Each image is built with the Docker engine
DOCKER_HOST points at, run, asked for `/`, checked for its user and for devDependencies in its
node_modules, then stopped with `docker stop` (timed).

    source /tmp/buildlab/env.sh
    python benchmarks/node_shapes.py [--write-docs] [SHAPE...]

--write-docs replaces the "Lab results" section of docs/node.md with the table printed. The lab
tests (tests/node/test_node_shapes_lab.py) use the same functions. Images are tagged
dfopt-shapes/<shape>:<kind> and removed by `cleanup()`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "tests" / "node" / "shapes"
KINDS = ("naive", "df310", "new")
BASE = "node:20-bookworm-slim"
TAG = os.environ.get("DFOPT_LAB_TAG", "dfopt-shapes")   # the repository part of the image tags
# The compile image `dfopt new` names for native modules; the build lab has only the slim one, so
# the lab makes it from Debian's compilers (the official image has them too).
FULL_IMAGE = "node:20-bookworm"
FULL_IMAGE_DOCKERFILE = f"""FROM {BASE}
RUN apt-get update \\
    && apt-get install -y --no-install-recommends python3 make g++ \\
    && rm -rf /var/lib/apt/lists/*
"""
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def docker(*args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args[:3])} failed:\n{proc.stderr[-3000:]}")
    return proc


def shapes() -> list[str]:
    return sorted(p.name for p in SHAPES.iterdir() if (p / "package.json").is_file())


def ensure_lab_images() -> None:
    """The full node image, made from the slim one and Debian's compilers, when the engine lacks it."""
    if docker("image", "inspect", FULL_IMAGE, check=False).returncode == 0:
        return
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "Dockerfile").write_text(FULL_IMAGE_DOCKERFILE)
        docker("build", "--network", "host", "-q", "-t", FULL_IMAGE, tmp)


def strip_syntax(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.lower().startswith("# syntax="))


def prepare(shape: str, kind: str, workdir: Path) -> Path:
    """A copy of the shape whose Dockerfile is the naive one, DF310's split, or `dfopt new`'s."""
    from click.testing import CliRunner

    from dfopt.cli import cli

    app = Path(shutil.copytree(SHAPES / shape, workdir / f"{shape}-{kind}"))
    if kind == "df310":
        result = CliRunner().invoke(cli, ["rewrite", "--unsafe-fixes", "--select", "DF310", "--in-place",
                                          str(app / "Dockerfile")])
        if result.exit_code != 0 or " AS runtime" not in (app / "Dockerfile").read_text():
            raise RuntimeError(f"DF310 did not split {shape}: {result.output[-500:]}")
    elif kind == "new":
        family = "node-ts" if (app / "tsconfig.json").is_file() else "node"
        result = CliRunner().invoke(cli, ["new", family, str(app), "--force"])
        if result.exit_code != 0:
            raise RuntimeError(f"dfopt new {family} failed on {shape}: {result.output[-500:]}")
    (app / "Dockerfile").write_text(strip_syntax((app / "Dockerfile").read_text()))
    return app


@dataclass
class Result:
    shape: str
    kind: str
    built: bool = False
    build_s: float = 0.0
    error: str = ""
    size: int = 0
    user: str = ""
    uid: str = ""
    answer: str = ""
    dev_present: list[str] = field(default_factory=list)
    stop_s: float = 0.0
    dockerfile: str = ""

    @property
    def tag(self) -> str:
        return f"{TAG}/{self.shape}:{self.kind}"


def answered(r: "Result") -> bool:
    """Whether the app answered `/` with its shape's name (Next.js renders it HTML-escaped)."""
    import html

    return f'"shape":"{r.shape}"' in html.unescape(r.answer)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask(port: int, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                return resp.read().decode(errors="replace")
        except OSError:
            time.sleep(0.2)
    return ""


_DEV_CHECK = ("const fs=require('fs');const dev=JSON.parse(process.argv[1]);"
              "process.stdout.write(JSON.stringify(dev.filter(d=>fs.existsSync('node_modules/'+d))))")


def build_and_run(shape: str, kind: str, workdir: Path, app: Path | None = None) -> Result:
    r = Result(shape, kind)
    try:
        app = app or prepare(shape, kind, workdir)
    except RuntimeError as err:
        r.error = str(err)
        return r
    r.dockerfile = (app / "Dockerfile").read_text()
    start = time.monotonic()
    no_cache = ("--no-cache",) if os.environ.get("DFOPT_LAB_NO_CACHE") else ()
    proc = docker("build", "--network", "host", "-q", *no_cache, "-t", r.tag, str(app), check=False)
    r.build_s = time.monotonic() - start
    if proc.returncode != 0:
        r.error = proc.stderr[-3000:]
        return r
    r.built = True
    r.size = int(docker("image", "inspect", "-f", "{{.Size}}", r.tag).stdout.strip())
    r.user = docker("image", "inspect", "-f", "{{.Config.User}}", r.tag).stdout.strip()
    package = json.loads((SHAPES / shape / "package.json").read_text())
    dev = sorted(package.get("devDependencies", {}))
    port = free_port()
    container = docker("run", "-d", "--network", "host", "-e", f"PORT={port}", r.tag).stdout.strip()
    try:
        r.answer = _ask(port)
        if not r.answer:
            r.error = "no answer on / : " + docker("logs", container, check=False).stderr[-500:]
        r.uid = docker("exec", container, "node", "-e", "process.stdout.write(String(process.getuid()))",
                       check=False).stdout.strip()
        found = docker("exec", container, "node", "-e", _DEV_CHECK, json.dumps(dev), check=False).stdout
        r.dev_present = json.loads(found or "[]")
        start = time.monotonic()
        docker("stop", container, check=False)
        r.stop_s = time.monotonic() - start
    finally:
        docker("rm", "-f", container, check=False)
    return r


def run_all(names: list[str], workdir: Path, kinds=KINDS, jobs: int = 2) -> dict[tuple[str, str], Result]:
    """Every (shape, kind), `jobs` at a time: installs wait on the network while another build
    compiles. The heaviest shape (Next.js) starts first so the others fill the second slot."""
    from concurrent.futures import ThreadPoolExecutor

    ensure_lab_images()
    order = sorted(names, key=lambda name: not name.startswith("next"))
    cases = []
    for shape in order:          # dfopt runs here, one at a time; only the builds run side by side
        for kind in kinds:
            try:
                cases.append((shape, kind, prepare(shape, kind, workdir)))
            except RuntimeError as err:
                cases.append((shape, kind, None))
                print(err, file=sys.stderr)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        done = list(pool.map(lambda case: build_and_run(case[0], case[1], workdir, case[2]), cases))
    return {(r.shape, r.kind): r for r in sorted(done, key=lambda r: (r.shape, KINDS.index(r.kind)))}


def cleanup(results) -> None:
    tags = [r.tag for r in results.values() if r.built]
    if tags:
        docker("rmi", "-f", *tags, check=False)


def table(results: dict[tuple[str, str], Result]) -> str:
    base = int(docker("image", "inspect", "-f", "{{.Size}}", BASE).stdout.strip())
    lines = ["| shape | naive MB above base | DF310 MB above base | new MB above base | builds (naive / DF310 / new) | "
             "stop s (naive / DF310 / new) | expected answer |",
             "|---|---|---|---|---|---|---|"]
    for shape in sorted({s for s, _ in results}):
        row = [results.get((shape, k)) for k in KINDS]
        size = [f"{(r.size - base) / 1e6:.2f}" if r and r.built else "-" for r in row]
        built = " / ".join("yes" if r and r.built else "no" for r in row)
        stop = " / ".join(f"{r.stop_s:.1f}" if r and r.built else "-" for r in row)
        answers = " / ".join("yes" if r and answered(r) else "no" for r in row)
        lines.append(f"| {shape} | {size[0]} | {size[1]} | {size[2]} | {built} | {stop} | {answers} |")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    doc = ROOT / "docs" / "node.md"
    content = doc.read_text()
    head, sep, rest = content.partition("\n## Lab results\n")
    tail = rest[rest.find("\n## "):] if sep and "\n## " in rest else ""
    doc.write_text(head.rstrip("\n") + "\n\n## Lab results\n\n" + text.strip() + "\n" + tail)


def compare_installs(names: list[str], workdir: Path) -> list[str]:
    """Cold build time and runtime size: two installs (deps and build) against one install pruned."""
    from dfopt.project.node import detect
    from dfopt.scaffold.dockerfile import render_dockerfile
    from dfopt.scaffold.node import images_for, node_context

    rows = ["| shape | strategy | cold build s | rebuild after a source change s | runtime MB above base |",
            "|---|---|---|---|---|"]
    base = int(docker("image", "inspect", "-f", "{{.Size}}", BASE).stdout.strip())
    for shape in names:
        app = prepare(shape, "new", workdir)
        project = detect(app)
        context = node_context(project, "node-ts", images_for(project))
        (app / "Dockerfile").write_text(render_dockerfile("node-ts/Dockerfile.j2", {**context, "one_install": False}))
        (app / "Dockerfile.one").write_text(render_dockerfile("node-ts/Dockerfile.j2", {**context, "one_install": True}))
        for label, name in (("two installs", "Dockerfile"), ("one install + prune", "Dockerfile.one")):
            tag = f"{TAG}/{shape}:installs"
            start = time.monotonic()
            docker("build", "--network", "host", "-q", "--no-cache", "-f", str(app / name), "-t", tag, str(app))
            cold = time.monotonic() - start
            source = next((app / "src").glob("*.ts"))
            original = source.read_text()
            source.write_text(original + f"\n// {time.time_ns()}\n")
            start = time.monotonic()
            docker("build", "--network", "host", "-q", "-f", str(app / name), "-t", tag, str(app))
            rebuild = time.monotonic() - start
            source.write_text(original)
            size = int(docker("image", "inspect", "-f", "{{.Size}}", tag).stdout.strip())
            rows.append(f"| {shape} | {label} | {cold:.1f} | {rebuild:.1f} | {(size - base) / 1e6:.2f} |")
            docker("rmi", "-f", tag, check=False)
    return rows


def main(argv: list[str]) -> int:
    if "--installs" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            print("\n".join(compare_installs([a for a in argv if not a.startswith("--")] or ["npm-tsc"], Path(tmp))))
        return 0
    write = "--write-docs" in argv
    names = [a for a in argv if not a.startswith("--")] or shapes()
    if shutil.which("docker") is None or docker("info", check=False).returncode:
        print("no Docker engine answers (source the build lab's env.sh first); nothing measured")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        start = time.monotonic()
        results = run_all(names, Path(tmp))
        elapsed = time.monotonic() - start
    try:
        for r in results.values():
            status = "built" if r.built else "FAILED"
            print(f"{r.shape:20} {r.kind:6} {status} in {r.build_s:5.1f}s  user={r.user or '(root)'} uid={r.uid} "
                  f"stop={r.stop_s:.1f}s dev={r.dev_present} answer={r.answer[:60]!r}")
            if r.error:
                print("   " + r.error.strip().splitlines()[-1][:300] if r.error.strip() else "")
        out = table(results)
        print(out)
        print(f"(all builds and checks: {elapsed:.0f}s)")
        if write:
            write_docs(
                "Built in the build lab by `python benchmarks/node_shapes.py --write-docs` (sizes are "
                f"the image size minus {BASE}'s; stop is the time `docker stop` took; each image answered "
                "`/` before it was stopped). The shapes are the small projects under tests/node/shapes/; "
                "the lab tests build the DF310 and `new` images of each and check the same things.\n\n" + out)
    finally:
        cleanup(results)
    return 0 if all(r.built for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
