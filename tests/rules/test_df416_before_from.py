from dfopt.rules.before_from import InstructionBeforeFrom as R
from tests.ruletools import findings


def test_each_instruction_but_arg_before_from_is_reported():
    text = "# syntax=docker/dockerfile:1\n# a comment\nLABEL a=b\nARG X=1\nENV Y=2\nFROM a:$X\nLABEL c=d\n"
    assert [text[f.start:f.end] for f in findings(R, text)] == ["LABEL", "ENV"]


def test_args_directives_and_comments_before_from_pass():
    assert findings(R, "# syntax=docker/dockerfile:1\n\n# c\nARG A=B\nFROM foo\nARG C\nRUN echo\n") == []
