from dfopt.rules.apt_update_alone import AptUpdateAlone as R
from ruletools import codes, fixed, only


def test_catches_update_in_its_own_run_before_an_install():
    assert codes(R, "FROM d\nRUN apt-get update\nRUN apt-get install -y curl\n") == ["DF101"]


def test_ignores_update_in_the_same_run_as_the_install():
    assert codes(R, "FROM d\nRUN apt-get update && apt-get install -y curl\n") == []


def test_ignores_an_update_with_no_later_install():
    assert codes(R, "FROM d\nRUN apt-get update\nRUN echo hi\n") == []


def test_merges_the_update_into_the_install_keeping_comments_between():
    before = "FROM d\nRUN apt-get update\n# tools\n\nRUN apt-get install -y curl\n"
    assert fixed(R, before) == "FROM d\n# tools\n\nRUN apt-get update && apt-get install -y curl\n"


def test_merge_moves_below_env_and_keeps_the_continuation_style():
    before = ("FROM d\nRUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\n"
              "RUN apt-get install -y \\\n    curl \\\n    && echo done\n")
    after = ("FROM d\nENV DEBIAN_FRONTEND=noninteractive\n"
             "RUN apt-get update \\\n    && apt-get install -y \\\n    curl \\\n    && echo done\n")
    assert fixed(R, before) == after


def test_merge_keeps_mount_flags_outside_the_and_chain():
    flag = "--mount=type=cache,target=/var/cache/apt"
    before = f"FROM d\nRUN {flag} apt-get update\nRUN {flag} apt-get install -y curl\n"
    assert fixed(R, before) == f"FROM d\nRUN {flag} apt-get update && apt-get install -y curl\n"


def test_refuses_when_flags_differ():
    f = only(R, "FROM d\nRUN --network=none apt-get update\nRUN apt-get install -y curl\n")
    assert f.fix is None and "different flags" in f.no_fix_reason


def test_refuses_when_a_copy_stands_between():
    f = only(R, "FROM d\nRUN apt-get update\nCOPY sources.list /etc/apt/\nRUN apt-get install -y curl\n")
    assert f.fix is None and "COPY on line 3" in f.no_fix_reason


def test_refuses_when_the_install_run_is_not_a_plain_and_chain():
    f = only(R, "FROM d\nRUN apt-get update\nRUN apt-get install -y a || true\n")
    assert f.fix is None and "plain `&&` chain" in f.no_fix_reason


def test_dfopt_suppression_comment_skips_the_instruction():
    assert codes(R, "FROM d\n# dfopt: ignore=DF101\nRUN apt-get update\nRUN apt-get install -y x\n") == []
