from dfopt.rules.curl_and_wget import CurlAndWget as R
from tests.ruletools import findings
from dfopt.syntax import parse


def test_reports_the_run_that_brings_the_second_tool_and_later_ones():
    text = "FROM a:1\nRUN curl -o a x\nRUN wget y\nRUN curl z\n"
    assert [parse(text).position(f.start)[0] for f in findings(R, text)] == [3, 4]


def test_stages_are_separate():
    assert findings(R, "FROM a:1\nRUN curl x\nFROM b:1\nRUN wget y\n") == []
