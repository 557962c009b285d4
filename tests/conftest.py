"""Snapshots live under the top-level snapshots/ folder, mirroring tests/ (not tests/__snapshots__).

`snapshot` stores amber files at snapshots/<dir under tests>/<test module>.ambr; `text_snapshot(ext)`
returns an extension that stores one golden file per test at
snapshots/<dir under tests>/<test module>/<test name>.<ext>, byte for byte (CR and all).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.extensions.amber import AmberSnapshotExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SNAPSHOTS = ROOT / "snapshots"


def _mirror(test_location) -> Path:
    return SNAPSHOTS / Path(test_location.filepath).resolve().parent.relative_to(TESTS)


class RootAmberExtension(AmberSnapshotExtension):
    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(_mirror(test_location))


class RootFileExtension(SingleFileSnapshotExtension):
    file_extension = "txt"

    def serialize(self, data, **kwargs):
        return super().serialize(data.encode("utf-8") if isinstance(data, str) else data, **kwargs)

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(_mirror(test_location) / Path(test_location.filepath).stem)


def text_snapshot_extension(ext: str) -> type[RootFileExtension]:
    return type(f"RootFileExtension_{ext.replace('.', '_')}", (RootFileExtension,), {"file_extension": ext})


@pytest.fixture
def snapshot(snapshot):
    return snapshot.use_extension(RootAmberExtension)
