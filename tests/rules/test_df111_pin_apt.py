from dfopt.rules.pin_apt import AptUnpinned as R
from tests.ruletools import findings, only


def test_reports_unpinned_packages():
    f = only(R, "FROM a:1\nRUN apt-get install -y curl git=1:2.39\n")
    assert "`curl`" in f.message and "git" not in f.message


def test_pinned_release_paths_and_debs_count_as_pinned():
    assert findings(R, "FROM a:1\nRUN apt-get install -y curl=7.88 vim/bookworm-backports ./x.deb\n") == []


def test_target_release_value_is_not_a_package():
    assert findings(R, "FROM a:1\nRUN apt-get install -y -t bookworm curl=1\n") == []


def test_other_actions_are_ignored():
    assert findings(R, "FROM a:1\nRUN apt-get update && apt-get remove -y curl\n") == []
