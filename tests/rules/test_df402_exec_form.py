import pytest

from dfopt.findings import Applicability
from dfopt.rules.exec_form import ShellFormCommand as R
from ruletools import codes, fixed, only

BASE = "FROM debian:bookworm-slim\n"


def test_catches_shell_form_cmd_and_entrypoint():
    assert codes(R, f"{BASE}CMD node a.js\nENTRYPOINT run.sh\n") == ["DF402"] * 2


def test_ignores_exec_form_and_every_healthcheck():
    text = f'{BASE}CMD ["node", "a.js"]\nHEALTHCHECK CMD ["true"]\nHEALTHCHECK CMD curl -f http://x/ || exit 1\n'
    assert codes(R, text) == []


@pytest.mark.parametrize(("line", "after"), [
    ("CMD node server.js", 'CMD ["node", "server.js"]'),
    ("CMD exec node 'my app.js'", 'CMD ["node", "my app.js"]'),
])
def test_literal_commands_become_exec_form_safely(line, after):
    assert only(R, f"{BASE}{line}\n").fix.applicability is Applicability.SAFE
    assert fixed(R, f"{BASE}{line}\n") == f"{BASE}{after}\n"


@pytest.mark.parametrize("line", ["CMD node $APP", "CMD run *.js", "CMD a && b", "CMD a | b", "CMD a > log",
                                  "CMD cd /x", "CMD A=1 node x"])
def test_shell_syntax_gets_an_unsafe_fix_through_the_shell(line):
    f = only(R, f"{BASE}{line}\n")
    assert f.fix.applicability is Applicability.UNSAFE
    text = line.split(" ", 1)[1].replace('"', '\\"')
    assert fixed(R, f"{BASE}{line}\n", unsafe=True) == f'{BASE}CMD ["/bin/sh", "-c", "{text}"]\n'


def test_uses_the_stages_shell():
    text = f'{BASE}SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD a | b\n'
    assert fixed(R, text, unsafe=True).endswith('CMD ["/bin/bash", "-o", "pipefail", "-c", "a | b"]\n')


def test_refuses_when_comment_lines_inside_would_be_lost():
    f = only(R, f"{BASE}CMD node \\\n  # the server\n  server.js\n")
    assert f.fix is None and "comment" in f.no_fix_reason


def test_cmd_that_needs_the_shell_is_still_reported():
    assert codes(R, f"{BASE}CMD node a.js || exit 1\n") == ["DF402"]
