import pytest

from dfopt.findings import Applicability
from dfopt.rules.copy_dest_slash import CopyDestinationWithoutSlash as R
from tests.ruletools import findings, fixed


@pytest.mark.parametrize("line, dest", [
    ("COPY foo bar baz", "baz"),
    ('COPY foo bar "baz"', '"baz"'),
    ('COPY ["a", "b", "/app"]', '"/app"'),
    ("ADD a b /app", "/app"),
    ("COPY --chown=1 a b c /app", "/app"),
])
def test_several_sources_to_a_destination_without_slash(line, dest):
    text = f"FROM a:1\n{line}\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == dest


@pytest.mark.parametrize("line", ["COPY foo bar", "COPY foo bar baz/", 'COPY foo bar "baz/"', "COPY a b .",
                                  "COPY a b ./", "COPY a b /x/.", 'COPY ["a", "b/"]', "COPY *.json /app"])
def test_one_source_or_a_folder_destination_passes(line):
    assert findings(R, f"FROM a:1\n{line}\n") == []


def test_heredoc_sources_count():
    text = "FROM a:1\nCOPY <<one <<two /dest\nx\none\ny\ntwo\n"
    assert len(findings(R, text)) == 1


def test_fix_adds_the_slash_inside_quotes_and_json():
    text = 'FROM a:1\nCOPY a b "/app"\nCOPY ["a", "b", "/srv"]\nCOPY a b /opt\n'
    assert fixed(R, text, unsafe=True) == 'FROM a:1\nCOPY a b "/app/"\nCOPY ["a", "b", "/srv/"]\nCOPY a b /opt/\n'


def test_safe_into_the_folder_the_last_workdir_created():
    text = "FROM a:1\nWORKDIR /app\nCOPY package.json package-lock.json /app\n"
    (found,) = findings(R, text)
    assert found.fix.applicability is Applicability.SAFE
    assert fixed(R, text) == "FROM a:1\nWORKDIR /app\nCOPY package.json package-lock.json /app/\n"


def test_a_destination_that_a_slash_would_turn_into_a_heredoc_gets_no_fix():
    text = "FROM debian:12 AS base\nCOPY a \\\n  a <<\n"
    (finding,) = [f for f in findings(R, text)]
    assert finding.fix is None and "heredoc" in finding.no_fix_reason
