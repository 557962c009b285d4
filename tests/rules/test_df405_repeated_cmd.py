from dfopt.rules.repeated_cmd import RepeatedCmdOrEntrypoint as R
from tests.ruletools import findings, fixed
from dfopt.syntax import parse


def test_reports_each_later_cmd_on_its_line():
    text = "FROM a:1\nCMD a\nEXPOSE 1\nCMD b\nCMD c\n"
    assert [parse(text).position(f.start)[0] for f in findings(R, text)] == [4, 5]


def test_safe_fix_drops_the_earlier_ones():
    assert fixed(R, "FROM a:1\nCMD a\nEXPOSE 1\nCMD b\nCMD c\n") == "FROM a:1\nEXPOSE 1\nCMD c\n"


def test_entrypoint_and_healthcheck_too():
    text = "FROM a:1\nENTRYPOINT [\"a\"]\nHEALTHCHECK CMD x\nENTRYPOINT [\"b\"]\nHEALTHCHECK NONE\n"
    assert fixed(R, text) == "FROM a:1\nENTRYPOINT [\"b\"]\nHEALTHCHECK NONE\n"


def test_one_per_stage_passes():
    assert findings(R, "FROM a:1 AS x\nCMD a\nFROM x\nCMD b\n") == []
