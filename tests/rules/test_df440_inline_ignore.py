"""DF440 (hadolint DL1001): inline ignore comments; off by default."""

from dfopt.catalogue import select_rules
from dfopt.rules.inline_ignore import InlineIgnore as R
from tests.ruletools import findings

TEXT = """FROM debian:12
# hadolint ignore=DL3008
RUN true
  #hadolint ignore=DL3008,DL3009
# dfopt: ignore=DF101
# dfopt: ignore
# hadolint global ignore=DL3003
# dfopt: global ignore=DF110
# hadolint shell=bash
# a comment that mentions hadolint
RUN true \\
# hadolint ignore=DL3008
 && true
RUN true # hadolint ignore=DL3008
"""


def test_reports_each_inline_ignore_comment():
    found = findings(R, TEXT)
    assert [TEXT[f.start:f.end] for f in found] == ["# hadolint ignore=DL3008", "#hadolint ignore=DL3008,DL3009",
                                                   "# dfopt: ignore=DF101", "# dfopt: ignore"]
    assert all(f.fix is None for f in found)


def test_the_comments_still_silence_what_they_name():
    # DF440 reports the comment; the instruction under it stays silenced for other rules.
    from dfopt.catalogue import get
    from dfopt.fixer import check
    from dfopt.syntax import parse

    text = "FROM debian:12\n# hadolint ignore=DL4000\nMAINTAINER x\n"
    assert [f.code for f in check(parse(text), [R, get("DF401")])] == ["DF440"]


def test_off_by_default():
    assert R not in select_rules() and R in select_rules(["DL1001"])
