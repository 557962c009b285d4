"""Over the corpus contexts described by a listing: the generated file never hides what a COPY/ADD
reads, and the context shrinks."""

from __future__ import annotations

import pytest

from conftest import shared_dir
from dfopt.context import BuildContext
from dfopt.context.dockerignore import IgnoreFile
from dfopt.context.ignoregen import plan_for_listing
from dfopt.context.scan import Inventory
from dfopt.context.sources import read_sources, resolve
from dfopt.errors import ParseError


def listings():
    base = shared_dir()
    if base is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"))]
    root = base / "corpus" / "dockerfiles"
    return [pytest.param(p, id=str(p.parent.relative_to(root))) for p in sorted(root.rglob("context-listing.txt"))]


@pytest.mark.corpus
@pytest.mark.parametrize("listing", listings())
def test_generated_file_keeps_every_copy_source_and_never_grows_the_context(listing):
    try:
        plan = plan_for_listing(listing)
    except ParseError as err:  # BuildKit rejects these files too
        pytest.skip(f"the Dockerfile does not parse: {err}")
    final = IgnoreFile.parse(plan.text)
    existing = IgnoreFile.parse(plan.existing or "")
    inv = Inventory.from_context(BuildContext.from_listing(listing))
    dockerfiles = [listing.parent / name for name in plan.dockerfiles]
    for source in read_sources(dockerfiles):
        if source.broad:
            continue
        for name in resolve(source, inv.entries):
            if not existing.matches(name):  # what the user's file hides is the user's call (warned)
                assert not final.matches(name), f"{source.where()}: {source.describe()} reads {name}"
    assert plan.after.files <= plan.before.files
    assert plan.after.bytes <= plan.before.bytes


@pytest.mark.corpus
def test_corpus_contexts_shrink_in_total(shared):
    before = after = 0
    for listing in sorted((shared / "corpus" / "dockerfiles").rglob("context-listing.txt")):
        try:
            plan = plan_for_listing(listing)
        except ParseError:
            continue
        before += plan.before.files
        after += plan.after.files
    assert after < before
