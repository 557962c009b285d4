"""DF102 counterexamples: projects that a merged or reordered install would break."""

from dfopt.rules.merge_package_runs import MergePackageRuns as R
from ruletools import fixed, only


def test_conflicting_installs_keep_their_order_and_their_own_transactions():
    # In order, libcurl4-gnutls-dev replaces libcurl4-openssl-dev; as one transaction apt refuses.
    before = ("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y libcurl4-openssl-dev\n"
              "RUN apt-get install -y libcurl4-gnutls-dev\n")
    after = fixed(R, before)
    assert after == ("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y libcurl4-openssl-dev"
                     " && apt-get install -y libcurl4-gnutls-dev\n")
    assert after.index("libcurl4-openssl-dev") < after.index("libcurl4-gnutls-dev")


def test_the_whole_rewrite_never_sorts_or_deduplicates_packages():
    before = ("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y zlib1g curl\n"
              "RUN apt-get install -y curl bash\n")
    after = fixed(R, before)
    assert "install -y zlib1g curl && apt-get install -y curl bash" in after


def test_a_comment_between_stays_above_the_command_it_describes_and_no_blank_line_appears():
    before = ("FROM d\nRUN apt-get update && apt-get install -y a\n\n# b is for the tests\n\n"
              "RUN apt-get install -y b\n")
    after = fixed(R, before)
    assert after == "FROM d\nRUN apt-get update && apt-get install -y a \\\n# b is for the tests\n    && apt-get install -y b\n"
    assert "\n\n" not in after


def test_a_variable_set_by_the_first_run_does_not_reach_the_second():
    # `read` sets a shell variable: the second RUN never saw it.
    before = "FROM d\nRUN apt-get update && read v < /etc/debian_version\nRUN apt-get install -y a && echo \"$v\" > /v\n"
    assert fixed(R, before) == ("FROM d\nRUN (apt-get update && read v < /etc/debian_version) && "
                                "apt-get install -y a && echo \"$v\" > /v\n")


def test_a_function_defined_by_the_first_run_does_not_reach_the_second():
    before = "FROM d\nRUN apt-get() { :; } && apt-get update\nRUN apt-get install -y a\n"
    assert fixed(R, before).startswith("FROM d\nRUN (apt-get() { :; } && apt-get update) && apt-get install -y a")


def test_refuses_different_mounts():
    before = ("FROM d\nRUN --mount=type=secret,id=auth,target=/etc/apt/auth.conf apt-get update && apt-get install -y a\n"
              "RUN apt-get install -y b\n")
    assert fixed(R, before) == before
    assert "different flags" in only(R, before).no_fix_reason


def test_refuses_set_in_the_first_run():
    # `(set -e; a; b) && c`: the shell ignores -e inside a subshell that is part of an && list.
    before = "FROM d\nRUN set -e; apt-get update; apt-get install -y a\nRUN apt-get install -y b\n"
    assert fixed(R, before) == before


def test_refuses_a_second_run_whose_failure_would_be_hidden():
    before = "FROM d\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b; echo done\n"
    assert fixed(R, before) == before
