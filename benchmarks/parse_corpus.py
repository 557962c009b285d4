"""Parse every corpus Dockerfile in one process and report how long it took, beside BuildKit's own
parser (the `dockerfile` package, Go code called in-process) on the same files in the same run.

    python benchmarks/parse_corpus.py [--repeat N] [--shared ../shared]

Prints the number of files and bytes, the best-of-N total time of each parser, and the ratio.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_files(shared: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    import os

    os.environ.setdefault("DFOPT_SHARED", str(shared))
    from conftest import corpus_dockerfiles

    return corpus_dockerfiles()


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    files = corpus_files(args.shared)
    if not files:
        print(f"no corpus under {args.shared}", file=sys.stderr)
        return 2
    texts = [p.read_bytes().decode("utf-8") for p in files]

    from dfopt.errors import ParseError
    from dfopt.syntax import parse

    def ours():
        for t in texts:
            try:
                parse(t)
            except ParseError:
                pass

    ours()  # warm imports
    t_ours = best_of(args.repeat, ours)
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(f"files: {len(texts)}, bytes: {sum(len(t.encode()) for t in texts)}")
    print(f"dfopt parse (all files, one process): {t_ours * 1000:.1f} ms  ({t_ours / len(texts) * 1e6:.0f} us/file)")
    try:
        import dockerfile
    except ImportError:
        print("BuildKit parser (`dockerfile` package) not installed: no peer timing")
        return 0

    def theirs():
        for t in texts:
            try:
                dockerfile.parse_string(t)
            except dockerfile.GoParseError:
                pass

    t_theirs = best_of(args.repeat, theirs)
    print(f"BuildKit parser via `dockerfile` (same files): {t_theirs * 1000:.1f} ms")
    print(f"ratio dfopt / BuildKit: {t_ours / t_theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
