from dfopt.rules.wget_progress import WgetProgress as R
from tests.ruletools import findings, fixed, only


def test_reports_plain_wget_and_fix_adds_progress():
    text = "FROM debian:12\nRUN wget https://x/y.tgz\n"
    assert fixed(R, text, unsafe=True) == "FROM debian:12\nRUN wget --progress=dot:giga https://x/y.tgz\n"


def test_quiet_and_log_options_pass():
    for opts in ("-q", "-qO-", "--quiet", "-nv", "--no-verbose", "--progress=bar", "-o log"):
        assert findings(R, f"FROM debian:12\nRUN wget {opts} https://x\n") == [], opts


def test_an_output_file_option_is_not_quiet():
    assert len(findings(R, "FROM debian:12\nRUN wget -O out https://x\n")) == 1


def test_refuses_busybox_images():
    assert only(R, "FROM alpine:3.20\nRUN wget https://x\n").fix is None
