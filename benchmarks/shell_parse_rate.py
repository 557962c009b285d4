"""How many RUN bodies of a corpus tree-sitter-bash parses, and why the rest are not analysed.

    python benchmarks/shell_parse_rate.py [CORPUS_DIR]     # default: ../shared/corpus
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

from dfopt.errors import DfoptError
from dfopt.shell.run import analyse_run
from dfopt.syntax import parse, read_dockerfile


def dockerfiles(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("Dockerfile*") if p.is_file() and not p.name.endswith(".dockerignore"))


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    if not root.is_dir():
        print(f"no corpus at {root}")
        return 2
    reasons: collections.Counter[str] = collections.Counter()
    analysed = total = files = unreadable = 0
    elapsed = 0.0
    for path in dockerfiles(root):
        try:
            df = parse(read_dockerfile(path), path=str(path))
        except DfoptError:
            unreadable += 1
            continue
        files += 1
        for ins in df.instructions:
            if ins.effective.cmd != "RUN":
                continue
            total += 1
            t0 = time.perf_counter()
            body = analyse_run(df, ins)
            elapsed += time.perf_counter() - t0
            if body.ok:
                analysed += 1
            else:
                reasons[body.reason.split(" on line")[0]] += 1
    shell_form = total - reasons["exec-form RUN runs no shell"]
    print(f"{files} Dockerfiles ({unreadable} unreadable), {total} RUN instructions, {shell_form} shell-form")
    print(f"analysed: {analysed} ({100 * analysed / max(shell_form, 1):.1f}% of shell-form), {elapsed * 1000:.0f} ms")
    for reason, count in reasons.most_common():
        print(f"  not analysed, {count:4d}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
