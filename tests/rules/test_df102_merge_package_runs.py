from dfopt.rules.merge_package_runs import MergePackageRuns as R
from ruletools import codes, fixed, only


def test_catches_an_install_that_relies_on_the_previous_runs_lists():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b\n") == ["DF102"]


def test_catches_a_cleanup_in_the_next_run():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y a\nRUN rm -rf /var/lib/apt/lists/*\n") == ["DF102"]


def test_ignores_unrelated_consecutive_runs():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y a\nRUN make\nRUN npm ci\n") == []


def test_ignores_a_next_run_with_its_own_update():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y a\nRUN apt-get update && apt-get install -y b\n") == []


def test_ignores_runs_with_an_instruction_between():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y a\nWORKDIR /x\nRUN apt-get install -y b\n") == []


def test_two_installs_are_chained_in_order_with_the_comment_above_its_command():
    before = ("FROM d\nRUN apt-get update && apt-get install -y zlib1g curl\n# more\n"
              "RUN apt-get install -y curl Git\nRUN x \\\n  && y\n")
    after = ("FROM d\nRUN apt-get update && apt-get install -y zlib1g curl \\\n# more\n"
             "  && apt-get install -y curl Git\nRUN x \\\n  && y\n")
    assert fixed(R, before) == after


def test_a_first_run_that_changes_directory_runs_in_a_subshell():
    before = "FROM d\nRUN cd /tmp && apt-get update\nRUN apt-get install -y b && ls\n"
    assert fixed(R, before) == "FROM d\nRUN (cd /tmp && apt-get update) && apt-get install -y b && ls\n"


def test_refuses_a_first_run_that_uses_set():
    f = only(R, "FROM d\nRUN set -e; apt-get update; apt-get install -y a\nRUN apt-get install -y b\n")
    assert f.fix is None and "`set`" in f.no_fix_reason


def test_refuses_a_second_run_that_is_not_an_and_chain():
    f = only(R, "FROM d\nRUN apt-get update\nRUN apt-get install -y b; echo done\n".replace(
        "RUN apt-get update\n", "RUN apt-get update && apt-get install -y a\n"))
    assert f.fix is None and "plain `&&` chain" in f.no_fix_reason


def test_hadolint_dl3059_pragma_skips_it():
    text = "FROM d\nRUN apt-get update && apt-get install -y a\n# hadolint ignore=DL3059\nRUN apt-get install -y b\n"
    assert codes(R, text) == []
