from dfopt.rules.apt_lists import AptListsLeftInImage as R
from ruletools import codes, fixed, only


def test_catches_update_and_install_without_cleanup():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y curl\n") == ["DF103"]


def test_ignores_a_run_that_removes_the_lists():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n") == []


def test_ignores_a_cache_mount_on_the_lists():
    text = "FROM d\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n"
    assert codes(R, text) == []


def test_appends_on_one_line():
    assert fixed(R, "FROM d\nRUN apt-get update && apt-get install -y curl\n") == (
        "FROM d\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")


def test_appends_in_leading_operator_style():
    before = "FROM d\nRUN apt-get update \\\n\t&& apt-get install -y curl\n"
    assert fixed(R, before) == before[:-1] + " \\\n\t&& rm -rf /var/lib/apt/lists/*\n"


def test_appends_in_trailing_operator_style_with_crlf_and_backtick_escape():
    before = "# escape=`\r\nFROM d\r\nRUN apt-get update && `\r\n  apt-get install -y curl\r\n"
    after = "# escape=`\r\nFROM d\r\nRUN apt-get update && `\r\n  apt-get install -y curl && `\r\n  rm -rf /var/lib/apt/lists/*\r\n"
    assert fixed(R, before) == after


def test_chains_onto_the_last_statement_of_a_heredoc_script():
    # Without `set -e` a script exits with its last command's status: a failing install must
    # still fail the build, so the clean-up is chained with && rather than put on its own line.
    before = "FROM d\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n"
    assert fixed(R, before) == "FROM d\nRUN <<EOF\napt-get update\napt-get install -y curl && rm -rf /var/lib/apt/lists/*\nEOF\n"


def test_heredoc_script_with_trailing_blank_lines_keeps_them():
    before = "FROM d\nRUN <<EOF\napt-get update && apt-get install -y curl\n\nEOF\n"
    assert fixed(R, before) == "FROM d\nRUN <<EOF\napt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n\nEOF\n"


def test_uses_sudo_when_the_install_did():
    assert fixed(R, "FROM d\nRUN sudo apt-get update && sudo apt-get install -y x\n").endswith(
        "&& sudo rm -rf /var/lib/apt/lists/*\n")


def test_a_later_install_without_update_gets_its_own():
    before = "FROM d\nRUN apt-get update && apt-get install -y a\nWORKDIR /x\nRUN cd y && apt-get install -y b\n"
    after = ("FROM d\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nWORKDIR /x\n"
             "RUN cd y && apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n")
    assert fixed(R, before) == after


def test_refuses_when_a_later_install_is_conditional():
    f = only(R, "FROM d\nRUN apt-get update && apt-get install -y a\nWORKDIR /x\nRUN test -f x || apt-get install -y b\n")
    assert f.fix is None and "condition" in f.no_fix_reason


def test_refuses_after_a_trailing_comment():
    f = only(R, "FROM d\nRUN apt-get update && apt-get install -y a # tools\n")
    assert f.fix is None and "comment" in f.no_fix_reason


def test_hadolint_dl3009_pragma_skips_it():
    assert codes(R, "FROM d\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y a\n") == []
