"""Build proof of the safe fixes: every case under tests/safety/lab/ is a small project (a Dockerfile
and its build context) that builds on the build lab's local bases. `dfopt rewrite` (safe fixes only)
must change it, and `dfopt verify` must find the two images "equivalent" or "equivalent apart from
caches": same files, user, entrypoint, command, env and ports.

A case folder may hold `expect.txt` with one line per fix code the rewrite must apply (`DF103`),
so a case cannot pass by the rewrite quietly doing nothing useful.

The two builds share the engine's layer cache (steps both files have in common give both images
the same layers), so a case costs the steps the rewrite changed, not two cold builds.

Needs a Docker engine (the build lab); skipped with the reason when none answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dfopt.app.settings import Settings
from dfopt.verify import rewrite_for_verify, verify

LAB_CASES = Path(__file__).resolve().parent / "lab"
CASES = sorted(p for p in LAB_CASES.iterdir() if (p / "Dockerfile").is_file()) if LAB_CASES.is_dir() else []

pytestmark = [pytest.mark.docker, pytest.mark.usefixtures("docker_engine")]


def expected_codes(case: Path) -> set[str]:
    path = case / "expect.txt"
    if not path.is_file():
        return set()
    return {line.split("#")[0].strip() for line in path.read_text().splitlines()} - {""}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_safe_rewrite_builds_an_equivalent_image(case: Path):
    rewrite = rewrite_for_verify(str(case / "Dockerfile"), Settings(), context_dir=str(case))
    assert rewrite.rewritten != rewrite.original, "the safe rewrite changed nothing: the case proves nothing"
    applied = {f.code for f in rewrite.fixes}
    assert expected_codes(case) <= applied, f"applied {sorted(applied)}"
    assert all(f.safe for f in rewrite.fixes)
    result = verify(rewrite.original, rewrite.rewritten, str(case), dockerfile=str(case / "Dockerfile"),
                    fixes=rewrite.fixes, rebuilds=False, no_cache=False)
    assert result.verdict in ("equivalent", "equivalent apart from caches"), (
        result.verdict, [str(d) for d in result.differences], rewrite.rewritten)
    assert not result.safe_violation
