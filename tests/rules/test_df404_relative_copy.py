from dfopt.rules.relative_copy import RelativeCopyWithoutWorkdir as R
from tests.ruletools import findings


def test_reports_relative_destination_without_workdir():
    assert len(findings(R, "FROM a:1\nCOPY app.py .\nCOPY x app/\n")) == 2


def test_workdir_absolute_and_variables_pass():
    assert findings(R, "FROM a:1\nWORKDIR /app\nCOPY app.py .\n") == []
    assert findings(R, 'FROM a:1\nCOPY a /app/\nCOPY b $HOME/x\nCOPY ["c", "/d"]\n') == []


def test_workdir_is_inherited_from_a_stage_of_the_file():
    assert findings(R, "FROM a:1 AS base\nWORKDIR /app\nFROM base\nCOPY x .\n") == []
    assert len(findings(R, "FROM a:1 AS base\nWORKDIR /app\nFROM a:1\nCOPY x .\n")) == 1


def test_add_is_not_concerned():
    assert findings(R, "FROM a:1\nADD x .\n") == []
