"""The fix engine: non-overlapping edits, fixed point, suppressions, line endings."""

from dfopt.fixer import apply_edits, check, fix_text
from dfopt.findings import Applicability, Edit, Fix
from dfopt.rules.base import Rule
from dfopt.catalogue import select_rules
from dfopt.syntax import parse


class UpperRun(Rule):
    """Test rule: lower-case `run` keywords become `RUN`, one per pass."""

    code = "DF999"
    title = "test"
    fix_safety = Applicability.SAFE

    def check(self, ctx):
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "run":
                yield self.finding(ins.keyword_start, ins.keyword_end, "lower",
                                   Fix((Edit(ins.keyword_start, ins.keyword_end, "RUN"),), Applicability.SAFE, "upper-cased"))


class AppendLine(Rule):
    """Test rule: inserts a multi-line comment after FROM, once."""

    code = "DF998"
    title = "test"
    fix_safety = Applicability.SAFE

    def check(self, ctx):
        if "# added" in ctx.dockerfile.text:
            return
        frm = ctx.dockerfile.instructions[0]
        yield self.finding(frm.start, frm.end, "add", Fix((Edit(frm.end, frm.end, "# added\n# twice\n"),),
                                                          Applicability.SAFE, "added"))


def test_apply_edits_in_any_order():
    assert apply_edits("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "A"), Edit(2, 2, "+")]) == "Ab+cdEf"


def test_fixes_repeat_until_nothing_changes():
    result = fix_text("FROM a\nrun x\nrun y\n", [UpperRun])
    assert result.text == "FROM a\nRUN x\nRUN y\n"
    assert [(a.code, a.line) for a in result.applied] == [("DF999", 2), ("DF999", 3)]
    assert fix_text(result.text, [UpperRun]).changed is False


def test_inserted_lines_follow_the_files_crlf_endings():
    result = fix_text("FROM a\r\nRUN x\r\n", [AppendLine])
    assert result.text == "FROM a\r\n# added\r\n# twice\r\nRUN x\r\n"


def test_dfopt_ignore_comment_suppresses_the_next_instruction():
    text = "FROM a\n# dfopt: ignore=DF999\nrun x\nrun y\n"
    assert [f.start for f in check(parse(text), [UpperRun])] == [text.rindex("run")]


def test_hadolint_pragma_maps_to_the_matching_rule():
    text = "FROM a:1\n# hadolint ignore=DL4000\nMAINTAINER x\nMAINTAINER y\n"
    findings = check(parse(text), select_rules())
    assert [parse(text).position(f.start)[0] for f in findings] == [4]


def test_unsafe_fixes_only_on_request():
    text = "FROM a\nMAINTAINER x\n"
    assert fix_text(text, select_rules()).changed is False
    assert "LABEL" in fix_text(text, select_rules(), unsafe=True).text


def test_each_applied_fix_says_how_safe_it_was():
    result = fix_text("FROM a\nMAINTAINER x\nrun y\n", [UpperRun, *select_rules()], unsafe=True)
    assert {(a.code, a.applicability) for a in result.applied} == {
        ("DF999", Applicability.SAFE), ("DF401", Applicability.UNSAFE)}


class AppendAfterLast(Rule):
    """Test rule: adds an instruction after the last one, once."""

    code = "DF997"
    title = "test"
    fix_safety = Applicability.SAFE

    def check(self, ctx):
        last = ctx.dockerfile.instructions[-1]
        if last.cmd != "USER":
            yield self.finding(last.start, last.end, "add", Fix((Edit(last.end, last.end, "\nUSER app\n"),),
                                                                Applicability.SAFE, "added USER"))


def test_no_fix_writes_after_an_escape_character_that_ends_the_file():
    text = "FROM a\nrun echo hi \\"
    result = fix_text(text, [UpperRun, AppendAfterLast])
    # `USER app` written after the escape would have become words of the RUN.
    assert result.text == "FROM a\nRUN echo hi \\"
    [left] = [f for f in result.remaining if f.code == "DF997"]
    assert left.fix is None and "ends with the escape character \\ on line 2" in left.no_fix_reason
    assert fix_text("FROM a\nrun echo hi\n", [AppendAfterLast]).text == "FROM a\nrun echo hi\n\nUSER app\n"


class Deep(Rule):
    """Test rule: recurses once per instruction, as a careless walk over nesting would."""

    code = "DF996"
    title = "test"

    def check(self, ctx):
        def down(k):
            return 0 if k == 0 else 1 + down(k - 1)

        down(len(ctx.dockerfile.instructions))
        return iter(())


def test_a_rule_that_recurses_too_deep_is_a_one_line_error_for_that_file():
    import pytest

    from dfopt.errors import DfoptError

    text = "FROM a\n" + "RUN x\n" * 5000
    with pytest.raises(DfoptError) as info:
        check(parse(text), [Deep], "Dockerfile")
    assert str(info.value) == "Dockerfile: DF996 cannot check this file: it nests deeper than dfopt can follow"
    assert check(parse("FROM a\nRUN x\n"), [Deep]) == []


class JoinRuns(Rule):
    """Test rule: joins two consecutive `RUN x` lines into one, a fix that waits for the others."""

    code = "DF995"
    title = "test"
    fix_safety = Applicability.SAFE

    def check(self, ctx):
        ins = ctx.dockerfile.instructions
        for first, second in zip(ins, ins[1:]):
            if first.cmd == "RUN" == second.cmd:
                yield self.finding(second.start, second.end, "join",
                                   Fix((Edit(first.end - 1, second.keyword_end, " &&"),), Applicability.SAFE,
                                       "joined", last=True))


def test_a_fix_marked_last_waits_until_no_other_fix_is_left():
    # Not waiting, the join would take `run y`'s keyword in the first pass, before it is upper-cased.
    result = fix_text("FROM a\nrun x\nrun y\n", [JoinRuns, UpperRun])
    assert result.text == "FROM a\nRUN x && y\n"
    assert [(a.code, a.line) for a in result.applied] == [("DF999", 2), ("DF999", 3), ("DF995", 3)]
    assert len(result.passes) == 2


def test_check_offers_a_fix_marked_last_only_when_no_other_fix_is_left():
    from dfopt.fixer import deferred

    early = deferred(check(parse("FROM a\nrun x\nRUN y\n"), [JoinRuns, UpperRun]))
    join = next(f for f in early if f.code == "DF995")
    assert join.fix is None and "waits for the other fixes" in join.no_fix_reason
    assert [f.fix is not None for f in early if f.code == "DF999"] == [True]
    settled = deferred(check(parse("FROM a\nRUN x\nRUN y\n"), [JoinRuns, UpperRun]))
    assert [(f.code, f.fix.last) for f in settled] == [("DF995", True)]
