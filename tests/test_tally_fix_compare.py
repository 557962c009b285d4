"""The tally comparison benchmark counts a file only where hadolint reads all three versions."""

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from tally_fix_compare import Sample, report  # noqa: E402


def sample(name, original, dfopt, tally, refused=None):
    counts = {v: collections.Counter(c) for v, c in zip(("original", "dfopt", "tally"), (original, dfopt, tally))}
    return Sample(name, {}, refused or {}, counts)


def test_files_with_an_unreadable_version_are_listed_and_not_counted(capsys):
    report([
        sample("ok", {"DL3059": 3, "SC2086": 1}, {"DL3059": 1}, {"DL3059": 2, "SC3040": 1}),
        sample("tally-broke-it", {"DL3059": 5}, {}, {"DL1000": 1}),
        sample("unreadable", {"DL1000": 1}, {"DL1000": 1}, {"DL1000": 1}, {"tally": "exit 2: parse error"}),
    ], None)
    out = capsys.readouterr().out
    assert "3 Dockerfiles; counted (hadolint parses the original and both outputs): 1" in out
    assert [line.split()[-3:] for line in out.splitlines() if line.startswith(("hadolint findings", "  DL codes"))] \
        == [["4", "1", "3"], ["3", "1", "2"]]
    assert "DL3059           3         1         2  -1\n" in out
    assert "tally outputs hadolint cannot read although it reads the original: 1\n  tally-broke-it\n" in out
    assert "dfopt outputs hadolint cannot read although it reads the original: 0\n" in out
    assert "files tally refused (left as they were): 1\n  unreadable: exit 2: parse error\n" in out
