from dfopt.rules.duplicate_stage import DuplicateStageName as R
from tests.ruletools import findings


def test_reports_the_second_stage_of_a_name_at_the_name():
    text = "FROM a:1 AS build\nRUN x\nFROM b:1 AS build\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == "build" and found.start > text.index("FROM b")
    assert "line 1" in found.message


def test_names_differing_in_case_are_one_name_for_buildkit():
    assert len(findings(R, "FROM a:1 AS Build\nFROM b:1 AS build\n")) == 1


def test_unique_and_unnamed_stages_pass():
    assert findings(R, "FROM a:1 AS one\nFROM b:1\nFROM b:1\nFROM c:1 AS two\n") == []
