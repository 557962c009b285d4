from dfopt.rules.copy_whole_fs import CopyWholeFilesystem as R
from tests.ruletools import findings


def test_reports_root_to_root():
    assert len(findings(R, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b / /\n")) == 1


def test_a_folder_passes():
    assert findings(R, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b /app /\nCOPY / /\n") == []
