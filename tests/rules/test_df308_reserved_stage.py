import pytest

from dfopt.rules.reserved_stage import ReservedStageName as R
from tests.ruletools import findings


@pytest.mark.parametrize("name", ["scratch", "context", "Scratch", "CONTEXT"])
def test_reserved_names_in_any_case(name):
    text = f"FROM debian:12 AS {name}\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == name


@pytest.mark.parametrize("text", ["FROM debian:12 AS build\n", "FROM scratch\n", "FROM scratch AS out\n",
                                  "FROM debian:12 AS scratchpad\n"])
def test_other_names_and_from_scratch_pass(text):
    assert findings(R, text) == []
