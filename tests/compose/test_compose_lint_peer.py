"""compose-lint, an OWASP/CIS-grounded compose linter, reviews every compose file dfopt writes:
nothing at medium or above may remain, apart from digest pinning (CL-0019), which needs a
registry to resolve. Skipped when compose-lint is not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from itertools import combinations

import pytest

from dfopt.scaffold.compose import BACKING_SERVICES, render_compose_files

COMPOSE_LINT = shutil.which("compose-lint")
pytestmark = pytest.mark.skipif(COMPOSE_LINT is None, reason="compose-lint is not installed")

# Every service alone, every pair that can go together, and all of them (mysql or postgres).
_OPTIONS = [o for o in BACKING_SERVICES if o != "mysql"]
CASES = [[], *([o] for o in BACKING_SERVICES), *(list(p) for p in combinations(_OPTIONS, 2)),
         _OPTIONS, ["mysql", "mongodb", "redis", "rabbitmq"]]
NEEDS_A_REGISTRY = {"CL-0019"}


def lint(folders) -> list[dict]:
    """One compose-lint run over compose.yaml in each folder (it starts slowly: one run for all)."""
    files = [str(folder / "compose.yaml") for folder in folders]
    result = subprocess.run([COMPOSE_LINT, "check", "--format", "json", "--no-env", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def test_generated_compose_files_have_no_medium_or_higher_finding(tmp_path):
    folders = []
    for persistence in (False, True):
        for services in CASES:
            folder = tmp_path / f"{'-'.join(services) or 'alone'}{'-persistent' if persistence else ''}"
            folder.mkdir()
            for name, text in render_compose_files("app", 3000, services, redis_persistence=persistence).items():
                (folder / name).write_text(text)
            folders.append(folder)
    findings = lint(folders)
    assert len({f["file"] for f in findings if f["rule_id"] in NEEDS_A_REGISTRY}) == len(folders) - 2  # reviewed
    serious = [f"{f['file']}: {f['rule_id']} {f['service']}: {f['message']}" for f in findings
               if f["severity"] in ("medium", "high", "critical") and f["rule_id"] not in NEEDS_A_REGISTRY]
    assert serious == []


def test_the_review_can_fail(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n    ports: ['80:80']\n")
    assert {f["rule_id"] for f in lint([tmp_path])} >= {"CL-0003", "CL-0005", "CL-0006", "CL-0026"}
