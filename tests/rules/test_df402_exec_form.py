import pytest

from dfopt.findings import Applicability
from dfopt.rules.exec_form import ShellFormCommand as R
from ruletools import codes, fixed, only


def test_catches_shell_form_cmd_entrypoint_and_healthcheck():
    text = "FROM n\nCMD node a.js\nENTRYPOINT run.sh\nHEALTHCHECK --interval=5s CMD curl -f http://x/\n"
    assert codes(R, text) == ["DF402"] * 3


def test_ignores_exec_form():
    assert codes(R, 'FROM n\nCMD ["node", "a.js"]\nHEALTHCHECK CMD ["true"]\nHEALTHCHECK NONE\n') == []


@pytest.mark.parametrize(("line", "after"), [
    ("CMD node server.js", 'CMD ["node", "server.js"]'),
    ("CMD exec node 'my app.js'", 'CMD ["node", "my app.js"]'),
    ("HEALTHCHECK --retries=3 CMD node hc.js", 'HEALTHCHECK --retries=3 CMD ["node", "hc.js"]'),
])
def test_literal_commands_become_exec_form_safely(line, after):
    assert only(R, f"FROM n\n{line}\n").fix.applicability is Applicability.SAFE
    assert fixed(R, f"FROM n\n{line}\n") == f"FROM n\n{after}\n"


@pytest.mark.parametrize("line", ["CMD node $APP", "CMD run *.js", "CMD a && b", "CMD a | b", "CMD a > log",
                                  "CMD cd /x", "CMD A=1 node x"])
def test_shell_syntax_gets_an_unsafe_fix_through_the_shell(line):
    f = only(R, f"FROM n\n{line}\n")
    assert f.fix.applicability is Applicability.UNSAFE
    text = line.split(" ", 1)[1].replace('"', '\\"')
    assert fixed(R, f"FROM n\n{line}\n", unsafe=True) == f'FROM n\nCMD ["/bin/sh", "-c", "{text}"]\n'


def test_uses_the_stages_shell():
    text = 'FROM n\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD a | b\n'
    assert fixed(R, text, unsafe=True).endswith('CMD ["/bin/bash", "-o", "pipefail", "-c", "a | b"]\n')


def test_entrypoint_with_a_cmd_in_the_stage_is_unsafe():
    f = only(R, 'FROM n\nENTRYPOINT node a.js\nCMD ["--port", "80"]\n')
    assert f.fix.applicability is Applicability.UNSAFE


def test_refuses_when_comment_lines_inside_would_be_lost():
    f = only(R, "FROM n\nCMD node \\\n  # the server\n  server.js\n")
    assert f.fix is None and "comment" in f.no_fix_reason


def test_healthcheck_that_needs_the_shell_gets_its_shell_written_out():
    # A health check is not PID 1, so the message does not talk about signals.
    finding = only(R, "FROM n\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n")
    assert "signals" not in finding.message and finding.fix.applicability is Applicability.UNSAFE


def test_cmd_that_needs_the_shell_is_still_reported():
    assert codes(R, "FROM n\nCMD node a.js || exit 1\n") == ["DF402"]
