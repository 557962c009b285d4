from dfopt.rules.copy_from_unknown import CopyFromUnknownStage as R
from tests.ruletools import findings


def test_reports_an_image_or_a_typo():
    assert len(findings(R, "FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /x /x\nCOPY --from=composer /c /c\n")) == 2


def test_earlier_stage_by_name_or_index_passes():
    assert findings(R, "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /x /x\nCOPY --from=0 /y /y\n") == []


def test_a_later_stage_is_reported():
    assert len(findings(R, "FROM a:1\nCOPY --from=late /x /x\nFROM b:1 AS late\n")) == 1
