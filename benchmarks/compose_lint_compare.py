"""dfopt's compose rules against compose-lint (an OWASP/CIS-grounded compose linter) on real
compose files: for every check both tools have, how many of compose-lint's findings dfopt finds
again (recall), and how many findings dfopt reports beyond them.

    python benchmarks/compose_lint_compare.py [FOLDER] [--markdown] [--json OUT]

FOLDER defaults to ../shared/corpus/compose. Each file is checked on its own (compose-lint with
--no-merge-overrides --no-env, dfopt with every compose rule selected), so both see the same text.
Findings are matched per file, per service and per check: compose-lint's count there against
dfopt's; min() of the two is "found again", dfopt's surplus is "extra". compose-lint's checks that
dfopt does not have (digest pins, which need a registry; devices; mount propagation; tmpfs exec)
are listed with their counts and left out of the recall.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.catalogue import COMPOSE_RULES  # noqa: E402
from dfopt.compose.model import parse_compose  # noqa: E402
from dfopt.errors import DfoptError  # noqa: E402
from dfopt.fixer import check_compose  # noqa: E402

# A check both tools have: compose-lint's rule ids and dfopt's codes for it.
SHARED_CHECKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Docker socket mounted": (("CL-0001",), ("DC109",)),
    "privileged": (("CL-0002",), ("DC110",)),
    "no-new-privileges": (("CL-0003",), ("DC111",)),
    "image not pinned to a tag": (("CL-0004",), ("DC108",)),
    "port on every interface": (("CL-0005",), ("DC101", "DC114")),
    "capabilities not dropped": (("CL-0006",), ("DC112",)),
    "writable root filesystem": (("CL-0007",), ("DC113",)),
    "host network": (("CL-0008",), ("DC103", "DC104")),
    "seccomp/AppArmor off": (("CL-0009",), ("DC119",)),
    "host PID/IPC": (("CL-0010",), ("DC116",)),
    "dangerous cap_add": (("CL-0011", "CL-0024", "CL-0027", "CL-0028", "CL-0029", "CL-0030"), ("DC117",)),
    "sensitive host mount": (("CL-0013", "CL-0025"), ("DC118",)),
    "logging off": (("CL-0014",), ("DC124",)),
    "user root": (("CL-0018",), ("DC120",)),
    "secret in environment": (("CL-0020", "CL-0021"), ("DC107",)),
    "no resource limits": (("CL-0026",), ("DC115",)),
}
CL_TO_CHECK = {cl: check for check, (cls, _) in SHARED_CHECKS.items() for cl in cls}
DC_TO_CHECK = {dc: check for check, (_, dcs) in SHARED_CHECKS.items() for dc in dcs}


def compose_lint_findings(files: list[Path]) -> list[dict]:
    exe = shutil.which("compose-lint")
    if exe is None:
        sys.exit("compose-lint is not installed: pip install '.[bench]'")
    findings = []
    for path in files:  # one file a run: a file compose-lint cannot read must not hide the others
        run = subprocess.run([exe, "check", "--format", "json", "--no-merge-overrides", "--no-env",
                              "--allow-partial-coverage", str(path)], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print(f"compose-lint could not check {path}: {run.stderr.strip()[:200]}", file=sys.stderr)
            continue
        for finding in json.loads(run.stdout)["findings"]:
            finding["file"] = str(path)
            findings.append(finding)
    return findings


def dfopt_findings(files: list[Path]) -> tuple[list[dict], list[str]]:
    """Every compose rule's findings, each with the service whose text it points into."""
    found, errors = [], []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            compose = parse_compose(text, str(path))
            findings = check_compose(str(path), text, list(COMPOSE_RULES))
        except DfoptError as err:
            errors.append(f"{path}: {err.message}")
            continue
        # A service's text runs from its key to the next service's key (its own nodes may end in
        # an alias, whose marks point at the anchor).
        starts = sorted((s.key.start_mark.index, s.name) for s in compose.services)
        for f in findings:
            service = next((name for start, name in reversed(starts) if start <= f.start), None)
            found.append({"file": str(path), "code": f.code, "service": service,
                          "line": text.count("\n", 0, f.start) + 1})
    return found, errors


def compare(files: list[Path]) -> dict:
    peer = compose_lint_findings(files)
    ours, errors = dfopt_findings(files)
    peer_at: Counter = Counter()
    ours_at: Counter = Counter()
    for f in peer:
        if f["rule_id"] in CL_TO_CHECK:
            peer_at[(f["file"], f.get("service"), CL_TO_CHECK[f["rule_id"]])] += 1
    for f in ours:
        if f["code"] in DC_TO_CHECK:
            ours_at[(f["file"], f["service"], DC_TO_CHECK[f["code"]])] += 1
    rows = {check: {"compose_lint": 0, "found_again": 0, "dfopt": 0, "extra": 0} for check in SHARED_CHECKS}
    for key in set(peer_at) | set(ours_at):
        row = rows[key[2]]
        row["compose_lint"] += peer_at[key]
        row["dfopt"] += ours_at[key]
        row["found_again"] += min(peer_at[key], ours_at[key])
        row["extra"] += max(0, ours_at[key] - peer_at[key])
    unshared_peer = Counter(f["rule_id"] for f in peer if f["rule_id"] not in CL_TO_CHECK)
    unshared_ours = Counter(f["code"] for f in ours if f["code"] not in DC_TO_CHECK)
    total = {k: sum(r[k] for r in rows.values()) for k in ("compose_lint", "found_again", "dfopt", "extra")}
    return {"files": len(files), "dfopt_errors": errors, "checks": rows, "total": total,
            "compose_lint_only": dict(sorted(unshared_peer.items())),
            "dfopt_only": dict(sorted(unshared_ours.items())),
            "compose_lint_findings": len(peer), "dfopt_findings": len(ours)}


def recall(row: dict) -> str:
    return f"{row['found_again'] / row['compose_lint']:.0%}" if row["compose_lint"] else "-"


def render(result: dict, markdown: bool) -> str:
    lines = []
    if markdown:
        lines += ["| check | compose-lint | found again | recall | dfopt | extra |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for check, row in [*result["checks"].items(), ("all shared checks", result["total"])]:
            lines.append(f"| {check} | {row['compose_lint']} | {row['found_again']} | {recall(row)} | "
                         f"{row['dfopt']} | {row['extra']} |")
    else:
        lines.append(f"{'check':28} {'compose-lint':>12} {'found again':>11} {'recall':>6} {'dfopt':>6} {'extra':>6}")
        for check, row in [*result["checks"].items(), ("all shared checks", result["total"])]:
            lines.append(f"{check:28} {row['compose_lint']:>12} {row['found_again']:>11} {recall(row):>6} "
                         f"{row['dfopt']:>6} {row['extra']:>6}")
    lines.append("")
    lines.append(f"{result['files']} files; compose-lint {result['compose_lint_findings']} findings, "
                 f"dfopt {result['dfopt_findings']} findings; files dfopt could not read: {len(result['dfopt_errors'])}")
    lines.append(f"compose-lint only: {result['compose_lint_only']}")
    lines.append(f"dfopt only: {result['dfopt_only']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = Path(os.environ.get("DFOPT_SHARED") or ROOT.parent / "shared")
    parser.add_argument("folder", nargs="?", default=str(shared / "corpus" / "compose"))
    parser.add_argument("--markdown", action="store_true", help="a Markdown table, as in docs/compose.md")
    parser.add_argument("--json", metavar="OUT", help="also write the numbers as JSON")
    args = parser.parse_args()
    folder = Path(args.folder)
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        sys.exit(f"no compose files under {folder}")
    result = compare(files)
    print(render(result, args.markdown), end="")
    for error in result["dfopt_errors"]:
        print(f"dfopt could not read {error}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
