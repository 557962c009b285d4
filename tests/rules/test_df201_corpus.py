"""DF201 over the shared corpus: every Dockerfile that copies the whole context before an install
whose manifest is in its context is either fixed (the result re-checks clean and parses with
BuildKit's parser) or refused with a reason. The counts are printed (`pytest -s`)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import shared_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from dependency_first_corpus import survey  # noqa: E402

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def cases():
    base = shared_dir()
    if base is None:
        pytest.skip("../shared/corpus is absent")
    found, total = survey(base)
    counts = Counter(c.outcome for c in found)
    print(f"\nDF201 corpus: {total} folders, {len(found)} copy the whole context before an install: {dict(counts)}")
    return found


def test_every_selected_corpus_file_is_fixed_or_refused_with_a_reason(cases):
    assert cases, "the corpus has Dockerfiles of this shape"
    problems = [(c.folder.name, c.outcome, c.detail) for c in cases
                if not (c.outcome.startswith("fixed") or (c.outcome == "refused" and c.detail))]
    assert problems == []


def test_most_selected_corpus_files_are_fixed(cases):
    fixed = sum(c.outcome.startswith("fixed") for c in cases)
    assert fixed * 2 > len(cases)


def test_the_proposed_dockerignore_keeps_out_every_path_the_installs_write():
    """With the .dockerignore `rewrite --fix-dockerignore` proposes, given to the context as the
    rewrite gives it, no fix is left unsafe because of a path the install writes."""
    from dependency_first_corpus import unsafe_kind

    base = shared_dir()
    if base is None:
        pytest.skip("../shared/corpus is absent")
    found, _ = survey(base, keep_outputs_out=True)
    assert any(c.outcome == "fixed (safe)" for c in found)
    left = [(c.folder.name, c.detail) for c in found if c.outcome == "fixed (unsafe)"
            and unsafe_kind(c.detail).startswith(("a path the install writes", "the context sends"))]
    assert left == []
