"""Render docs/rules/*.md from the rules' docstrings (one page a rule, and an index).

    python scripts/gen_rule_docs.py           # write docs/rules/
    python scripts/gen_rule_docs.py --check   # exit 1 if docs/rules/ is stale (for CI)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.rules.docs import rendered_pages  # noqa: E402
from dfopt.catalogue import CATALOGUE as ALL_RULES  # noqa: E402

OUT = ROOT / "docs" / "rules"


def stale(pages: dict[str, str]) -> list[str]:
    existing = {p.name for p in OUT.glob("*.md")} if OUT.is_dir() else set()
    changed = [name for name, text in pages.items() if not (OUT / name).is_file() or (OUT / name).read_text(encoding="utf-8") != text]
    return sorted(changed + sorted(existing - set(pages)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale pages, write nothing")
    args = parser.parse_args()
    pages = rendered_pages(list(ALL_RULES))
    outdated = stale(pages)
    if args.check:
        for name in outdated:
            print(f"docs/rules/{name} is stale; run python scripts/gen_rule_docs.py", file=sys.stderr)
        return 1 if outdated else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in outdated:
        target = OUT / name
        if name in pages:
            target.write_text(pages[name], encoding="utf-8", newline="\n")
        else:
            target.unlink()
        print(f"wrote docs/rules/{name}" if name in pages else f"removed docs/rules/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
