"""Whole-file rewrites of hand-written fixtures: what a user sees with and without --unsafe-fixes."""

from pathlib import Path

import pytest

from dfopt.app.files import unified_diff
from dfopt.fixer import fix_text
from dfopt.catalogue import select_rules

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.Dockerfile"))


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_rewrite_of_fixture(path, unsafe, text_snapshot):
    text = path.read_text()
    result = fix_text(text, select_rules(), path=path.name, unsafe=unsafe)
    report = [f"{path.name}:{a.line}: {a.code} {a.message}" for a in result.applied]
    report += [f"left alone: {f.code} line {result.original_line(f.start)}: {f.no_fix_reason or ('needs --unsafe-fixes' if f.fix else 'no fix')}"
               for f in result.remaining]
    assert "\n".join(report) + "\n\n" + unified_diff(text, result.text, path.name) == text_snapshot
