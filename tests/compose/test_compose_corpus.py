"""The compose rules on the shared corpus of real compose files: no crash, and every fix (unsafe
ones included) leaves YAML that means what the original meant apart from the keys the fixes add or
change. Skipped when ../shared/corpus is absent."""

from __future__ import annotations

import pytest
import yaml

from conftest import shared_dir
from dfopt.catalogue import COMPOSE_RULES
from dfopt.errors import DfoptError
from dfopt.fixer import check_compose, fix_compose

pytestmark = pytest.mark.corpus

# Keys the fixes may add to a service or change in it.
FIXED_KEYS = {"security_opt", "cap_drop", "cap_add", "read_only", "tmpfs", "mem_limit", "cpus", "ports",
              "depends_on", "links"}


def corpus_files():
    base = shared_dir()
    folder = base / "corpus" / "compose" if base else None
    if folder is None or not folder.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus/compose is absent"))]
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    return [pytest.param(p, id=str(p.relative_to(folder))) for p in files]


def _services(doc) -> dict:
    return (doc or {}).get("services") or {} if isinstance(doc, dict) else {}


@pytest.mark.parametrize("path", corpus_files())
def test_corpus_file_is_checked_and_fixed_keeping_its_meaning(path):
    text = path.read_text(encoding="utf-8")
    try:
        check_compose(str(path), text, list(COMPOSE_RULES))
    except DfoptError:
        return  # reported as a file error, as for any file that is not YAML
    fixed = fix_compose(text, str(path), list(COMPOSE_RULES), unsafe=True)
    before, after = yaml.safe_load(text), yaml.safe_load(fixed.text)
    assert set(_services(after)) == set(_services(before))
    for name, service in _services(before).items():
        if not isinstance(service, dict):
            continue
        kept = {k: v for k, v in _services(after)[name].items() if k not in FIXED_KEYS}
        assert kept == {k: v for k, v in service.items() if k not in FIXED_KEYS}, name
    assert {k: v for k, v in (after or {}).items() if k != "services"} == {
        k: v for k, v in (before or {}).items() if k != "services"}
    assert fix_compose(fixed.text, str(path), list(COMPOSE_RULES), unsafe=True).applied == []
