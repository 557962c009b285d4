"""Time `check_compose` (parse with positions + every DC rule) and `fix_compose` on compose files:
the test fixtures and the generated files, one file at a time, best of N runs.

    python benchmarks/compose_check.py [--repeat N]

Prints the number of files, bytes and findings, and the best-of-N time per file for checking and
for fixing (unsafe fixes included) to a fixed point.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.fixer import check_compose, fix_compose  # noqa: E402
from dfopt.scaffold.compose import render_compose  # noqa: E402


def texts() -> list[str]:
    fixtures = sorted((ROOT / "tests" / "compose" / "fixtures").glob("*.yaml"))
    generated = [render_compose("app", 3000, s, redis_persistence=True)
                 for s in ([], ["postgres", "redis"], ["mysql", "mongodb", "rabbitmq", "redis"])]
    return [p.read_text(encoding="utf-8") for p in fixtures] + generated


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = texts()
    findings = sum(len(check_compose("compose.yaml", t)) for t in files)
    check = best_of(args.repeat, lambda: [check_compose("compose.yaml", t) for t in files])
    fix = best_of(args.repeat, lambda: [fix_compose(t, unsafe=True) for t in files])
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{len(files)} compose files, {sum(map(len, files))} characters, {findings} findings")
    print(f"check: {check / len(files) * 1000:.2f} ms per file (best of {args.repeat})")
    print(f"fix to a fixed point: {fix / len(files) * 1000:.2f} ms per file (best of {args.repeat})")


if __name__ == "__main__":
    main()
