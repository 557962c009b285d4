"""What the generated .dockerignore saves over the corpus contexts that come with a listing.

    python benchmarks/ignore_corpus.py [--shared ../shared] [--verbose]

For each folder with a `context-listing.txt` (names two levels deep, plus the small files beside
it), builds the .dockerignore `dfopt ignore` would write (merged with the folder's own, when it has
one) and prints the totals: entries Docker would send before and after, and the bytes of the files
whose size is known. A listed name whose size is unknown counts as one file (an unlisted folder's
content is unknown, so it counts as one entry).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from dfopt.context import BuildContext
from dfopt.context.dockerignore import IgnoreFile
from dfopt.context.ignoregen import plan_for_listing
from dfopt.context.scan import Inventory
from dfopt.errors import ParseError

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="one line a context")
    args = parser.parse_args()
    root = args.shared / "corpus" / "dockerfiles"
    listings = sorted(root.rglob("context-listing.txt"))
    if not listings:
        raise SystemExit(f"no context listings under {root}")
    totals = {"before_files": 0, "after_files": 0, "before_bytes": 0, "after_bytes": 0}
    by_group: Counter[str] = Counter()
    contexts = skipped = shrunk = with_existing = secrets = warnings = reincludes = 0
    for listing in listings:
        try:
            plan = plan_for_listing(listing)
        except ParseError:
            skipped += 1
            continue
        contexts += 1
        totals["before_files"] += plan.before.files
        totals["after_files"] += plan.after.files
        totals["before_bytes"] += plan.before.bytes
        totals["after_bytes"] += plan.after.bytes
        shrunk += plan.after.files < plan.before.files
        with_existing += plan.existing is not None
        secrets += len(plan.secrets_kept_out)
        warnings += len(plan.warnings)
        reincludes += sum(1 for line in plan.text.splitlines() if line.startswith("!")) - sum(
            1 for line in (plan.existing or "").splitlines() if line.startswith("!"))
        by_group.update(_removed_by_group(listing, plan))
        if args.verbose:
            print(f"{listing.parent.relative_to(root)}: {plan.before.files} -> {plan.after.files} files")
    print(f"contexts: {contexts} ({skipped} skipped: the Dockerfile does not parse), "
          f"{with_existing} with their own .dockerignore (merged)")
    print(f"entries sent before: {totals['before_files']:,}  after: {totals['after_files']:,}  "
          f"({100 * (1 - totals['after_files'] / totals['before_files']):.1f}% fewer)")
    print(f"bytes of the measured files before: {totals['before_bytes']:,}  after: {totals['after_bytes']:,}")
    print(f"contexts that shrink: {shrunk}; secret-looking names kept out: {secrets}; "
          f"`!` re-includes added for COPY/ADD: {reincludes}; warnings: {warnings}")
    print("entries left out, by group: " + ", ".join(f"{g} {n:,}" for g, n in by_group.most_common()))


def _removed_by_group(listing: Path, plan) -> Counter[str]:
    """Which group's line leaves each no-longer-sent entry out (entries under a left-out folder
    count too; folders themselves do not)."""
    inv = Inventory.from_context(BuildContext.from_listing(listing))
    before = IgnoreFile.parse(plan.existing or "")
    after = IgnoreFile.parse(plan.text)
    out: Counter[str] = Counter()
    for name, entry in inv.entries.items():
        if (entry.is_dir and not entry.opaque) or before.matches(name) or not after.matches(name):
            continue
        line = after.decide(name)
        out[plan.groups.get(line.pattern, "yours") if line else "?"] += 1
    return out


if __name__ == "__main__":
    main()
