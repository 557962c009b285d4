"""Fix and left-alone messages name lines of the file the user has (not of a later pass), and the
same line `check` names for the same finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfopt.fixer import check, fix_text, fix_to_fixed_point
from dfopt.findings import Applicability, Edit, Fix
from dfopt.rules.base import Rule
from dfopt.catalogue import select_rules
from dfopt.syntax import parse

FIXTURES = sorted((Path(__file__).parents[1] / "rules" / "fixtures").glob("*.Dockerfile"))


class InsertsTwoLines(Rule):
    """Pass 1: writes two comment lines above the first RUN."""
    code = "DF991"

    def check(self, ctx):
        df = ctx.dockerfile
        runs = [i for i in df.instructions if i.cmd == "RUN"]
        if runs and "# a\n" not in df.text:
            yield self.finding(runs[0].start, runs[0].end, "x",
                               Fix((Edit(runs[0].start, runs[0].start, "# a\n# b\n"),), Applicability.SAFE, "inserted"))


class NeedsTheComment(Rule):
    """Only after pass 1: fixes the last instruction, naming the line of the first RUN."""
    code = "DF992"

    def check(self, ctx):
        df = ctx.dockerfile
        if "# a\n" not in df.text or df.text.endswith("# done\n"):
            return
        last = df.instructions[-1]
        run_line = next(i.start_line for i in df.instructions if i.cmd == "RUN")
        yield self.finding(last.start, last.end, f"last instruction; the RUN on line {run_line}",
                           Fix((Edit(len(df.text), len(df.text), "# done\n"),), Applicability.SAFE,
                               f"marked the end (the RUN is on line {run_line})"))


class Leftover(Rule):
    """A finding without a fix on the last instruction, in every pass."""
    code = "DF993"

    def check(self, ctx):
        last = [i for i in ctx.dockerfile.instructions if i.cmd == "CMD"][-1]
        yield self.finding(last.start, last.end, "left", no_fix_reason=f"see line {last.start_line}")


SEVEN = "FROM debian:bookworm-slim\nENV A=1\nRUN a\nRUN b\nRUN c\nUSER nobody\nCMD [\"c\"]\n"


def test_a_fix_found_in_a_later_pass_names_the_line_of_the_original_file():
    result = fix_text(SEVEN, [InsertsTwoLines, NeedsTheComment])
    by_code = {a.code: a for a in result.applied}
    assert by_code["DF991"].line == 3
    # in the second pass the CMD is on line 9 and the RUN on line 5 of the text; the user's file
    # has seven lines, the CMD on line 7 and the RUN on line 3
    assert by_code["DF992"].line == 7
    assert by_code["DF992"].message == "marked the end (the RUN is on line 3)"


def test_left_alone_findings_name_lines_of_the_original_file():
    result = fix_text(SEVEN, [InsertsTwoLines, Leftover])
    (left,) = result.remaining
    assert result.original_line(left.start) == 7
    assert left.no_fix_reason == "see line 7"


def test_text_an_edit_wrote_maps_to_the_start_of_what_it_replaced():
    result = fix_text(SEVEN, [InsertsTwoLines])
    inserted = result.text.index("# b")
    assert result.original_line(inserted) == 3


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_rewrite_and_check_name_the_same_line_for_the_same_finding(path):
    text = path.read_text()
    rules = select_rules()
    tree = parse(text)
    checked = {(f.code, tree.position(f.start)[0]) for f in check(tree, rules) if f.fix}
    passes = []

    def first_pass_only(current):
        passes.append(current)
        return check(parse(current), rules) if len(passes) == 1 else []

    first = fix_to_fixed_point(text, path.name, True, first_pass_only)
    assert first.applied and {(a.code, a.line) for a in first.applied} <= checked
    lines = text.count("\n") + 1
    assert all(1 <= a.line <= lines for a in fix_text(text, rules, unsafe=True).applied)
