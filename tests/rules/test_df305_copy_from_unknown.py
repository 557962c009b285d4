from dfopt.rules.copy_from_unknown import CopyFromUnknownStage as R
from tests.ruletools import findings


def test_reports_an_image_or_a_typo():
    assert len(findings(R, "FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /x /x\nCOPY --from=composer /c /c\n")) == 2


def test_earlier_stage_by_name_or_index_passes():
    assert findings(R, "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /x /x\nCOPY --from=0 /y /y\n") == []


def test_a_later_stage_is_reported():
    assert len(findings(R, "FROM a:1\nCOPY --from=late /x /x\nFROM b:1 AS late\n")) == 1


def test_copy_from_its_own_stage_by_name_or_index_says_so():
    text = "FROM a:1 AS build\nCOPY --from=build /x /y\nFROM b:1 AS Final\nCOPY --from=final /x /y\nCOPY --from=1 /x /y\n"
    found = findings(R, text)
    assert len(found) == 3 and all("itself" in f.message for f in found)


def test_rule_answers_to_dl3023():
    assert "DL3023" in R.hadolint and "DL3022" in R.hadolint
