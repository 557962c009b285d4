"""DF402 counterexamples: each precondition of the safe shell-to-exec fix, and the project that
would break without it. `after == before` where the safe rewrite must leave the file alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from dfopt.findings import Applicability
from dfopt.rules.exec_form import ShellFormCommand as R
from dfopt.shell.argv import literal_argv
from ruletools import codes, findings, fixed

DEBIAN = "FROM debian:bookworm-slim\n"


def safe(text: str) -> str:
    return fixed(R, text)


@pytest.mark.parametrize(("before", "after"), [
    (f"{DEBIAN}CMD sleep infinity\n", f'{DEBIAN}CMD ["sleep", "infinity"]\n'),
    (f"{DEBIAN}CMD exec node server.js\n", f'{DEBIAN}CMD ["node", "server.js"]\n'),
    (f"""{DEBIAN}CMD node "a\\"b" 'c d' e\\ f\n""", f'{DEBIAN}CMD ["node", "a\\"b", "c d", "e f"]\n'),
    # a stage ENTRYPOINT in shell form never runs the CMD: its form changes nothing
    (f"{DEBIAN}ENTRYPOINT [\"tini\"]\nENTRYPOINT exec run\nCMD serve now\n",
     f"{DEBIAN}ENTRYPOINT [\"tini\"]\nENTRYPOINT exec run\nCMD [\"serve\", \"now\"]\n"),
    ('FROM node:20-bookworm-slim\nCMD node server.js\n', 'FROM node:20-bookworm-slim\nCMD ["node", "server.js"]\n'),
    (f'{DEBIAN}SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD nginx -g daemon\n',
     f'{DEBIAN}SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["nginx", "-g", "daemon"]\n'),
    ('FROM python:3.12-slim AS base\nFROM base\nCMD python app.py\n',
     'FROM python:3.12-slim AS base\nFROM base\nCMD ["python", "app.py"]\n'),
], ids=["plain", "exec-dropped", "quotes-and-escapes", "shell-form-entrypoint", "node-command",
        "pipefail-shell", "stage-chain-to-known-base"])
def test_safe_rewrites(before, after):
    assert safe(before) == after


REFUSED = {
    "tilde": f"{DEBIAN}CMD node ~/app.js\n",
    "tilde-after-equals": f"{DEBIAN}CMD node --prefix=~/x\n",
    "brace-expansion": f"{DEBIAN}CMD node {{a,b}}.js\n",
    "glob": f"{DEBIAN}CMD node *.js\n",
    "variable": f"{DEBIAN}CMD node $APP\n",
    "braced-variable": f"{DEBIAN}CMD node ${{APP}}\n",
    "pid-variable": f"{DEBIAN}CMD node app.js $$\n",
    "command-substitution": f"{DEBIAN}CMD node $(cat entry)\n",
    "ansi-c-quote": f"{DEBIAN}CMD node $'a\\tb'\n",
    "redirection": f"{DEBIAN}CMD node app.js 2>&1\n",
    "and-list": f"{DEBIAN}CMD migrate && serve\n",
    "sequence": f"{DEBIAN}CMD migrate; serve\n",
    "pipe": f"{DEBIAN}CMD serve | tee log\n",
    "background": f"{DEBIAN}CMD serve &\n",
    "exec-with-options": f"{DEBIAN}CMD exec -a name node app\n",
    "echo-builtin": f'{DEBIAN}CMD echo "a\\nb"\n',
    "keyword": f"{DEBIAN}CMD ! serve\n",
    "entrypoint-alone": f"{DEBIAN}ENTRYPOINT node app.js\n",
    "entrypoint-with-later-stage-cmd": f'{DEBIAN[:-1]} AS base\nENTRYPOINT node app.js\nFROM base\nCMD ["--port", "80"]\n',
    "cmd-under-stage-exec-entrypoint": f'{DEBIAN}ENTRYPOINT ["/entry.sh"]\nCMD serve\n',
    "cmd-under-parent-stage-entrypoint": f'{DEBIAN[:-1]} AS base\nENTRYPOINT ["/entry.sh"]\nFROM base\nCMD serve\n',
    "unknown-base-entrypoint": "FROM example/app-base:1\nCMD serve\n",
    "scratch-has-no-shell": "FROM scratch\nCMD /app\n",
    "node-entrypoint-script-word": "FROM node:20-bookworm-slim\nCMD server.js\n",
    "login-shell": f'{DEBIAN}SHELL ["/bin/bash", "-l", "-c"]\nCMD serve\n',
    "tracing-shell": f'{DEBIAN}SHELL ["/bin/sh", "-x", "-c"]\nCMD serve\n',
    "env-wrapper-shell": f'{DEBIAN}SHELL ["/usr/bin/env", "A=1", "/bin/sh", "-c"]\nCMD serve\n',
    "parent-stage-powershell": f'{DEBIAN[:-1]} AS base\nSHELL ["pwsh", "-Command"]\nFROM base\nCMD serve\n',
    "powershell": f'{DEBIAN}SHELL ["pwsh", "-Command"]\nCMD serve\n',
    "windows-base": "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD dir\n",
    "windows-platform": "FROM --platform=windows/amd64 example/app\nCMD serve\n",
    "backtick-escape": f"# escape=`\n{DEBIAN}CMD serve\n",
    "onbuild": f"{DEBIAN}ONBUILD CMD serve\n",
    "relative-script": f"{DEBIAN}COPY start.sh /app/\nWORKDIR /app\nCMD ./start.sh\n",
    "script-by-name": f"{DEBIAN}COPY start.sh /usr/local/bin/\nCMD start.sh --port 80\n",
    "program-outside-bin": f"{DEBIAN}COPY run /app/run\nCMD /app/run\n",
    "bash-env": f'{DEBIAN}ENV BASH_ENV=/etc/app.env\nSHELL ["/bin/bash", "-c"]\nCMD serve\n',
}


@pytest.mark.parametrize("before", REFUSED.values(), ids=REFUSED.keys())
def test_refused_by_the_safe_rewrite(before):
    assert codes(R, before), "the finding is still reported"
    after = safe(before)
    assert after == before


@pytest.mark.parametrize("before", [REFUSED[k] for k in ("entrypoint-alone", "cmd-under-stage-exec-entrypoint",
                                                         "unknown-base-entrypoint", "onbuild", "windows-base")])
def test_refusals_still_offer_an_unsafe_fix_with_its_reason(before):
    (finding,) = findings(R, before)
    assert finding.fix.applicability is Applicability.UNSAFE and "unsafe:" in finding.fix.message


def test_a_script_without_a_shebang_runs_under_the_shell_but_not_in_exec_form(tmp_path):
    # The counterexample behind the script precondition, on this machine's dash and exec().
    script = tmp_path / "start.sh"
    script.write_text("echo started\n")  # no #! line
    script.chmod(0o755)
    shell = subprocess.run(["dash", "-c", "./start.sh"], cwd=tmp_path, capture_output=True, text=True)
    assert shell.stdout == "started\n"
    with pytest.raises(OSError) as failed:
        subprocess.run(["./start.sh"], cwd=tmp_path)
    assert failed.value.errno == 8  # ENOEXEC: exec format error


def test_healthcheck_in_shell_form_is_not_reported():
    assert codes(R, f"{DEBIAN}HEALTHCHECK --interval=5s CMD curl -fsS http://localhost/ || exit 1\n") == []
    assert codes(R, f"{DEBIAN}HEALTHCHECK CMD node hc.js\n") == []


def test_backtick_escape_continuation_keeps_backslashes_for_the_shell():
    # With `# escape=\``, a backslash is the shell's: the words are what the shell would see.
    text = "# escape=`\nFROM node:20-bookworm-slim\nCMD node a\\ b.js `\n  --x\n"
    (finding,) = findings(R, text)
    assert finding.fix.applicability is Applicability.UNSAFE  # a backtick file may be Windows
    assert fixed(R, text, unsafe=True).endswith('CMD ["node", "a b.js", "--x"]\n')


# What dash (Debian's /bin/sh) passes to the program: the oracle for literal_argv.
ORACLE_TEXTS = [
    "node server.js", "exec node server.js", "node 'a b' \"c d\"", "node a\\ b", 'node "a\\"b"',
    'node "a\\nb"', "node 'a\\nb'", 'node "\\\\"', "node a\\$b", "node 'x'\"y\"z", "node \"\"",
    "node a=b", "node --opt=1 -- x", "node %s", "node a#b", "node \\#x", "node ~", "node a~b",
    "node {a,b}", "node a{b", "node \\~", "node '~'", "node a$", 'node "a$"', "node é ü",
    "node \\\\x", 'node "a\\$b"', "node 'a\\'", "node a\\*b", "node 'a*b'",
    'node "  a  "', "node \\\"", 'node "$"', "node \"a\"b'c'", "node a\\\\", 'node "`"', "node --a='x y'",
]


def _dash_argv(text: str, program: str, tmp_path) -> list[str]:
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    fake = bindir / program
    fake.write_text("#!/usr/bin/env python3\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n")
    fake.chmod(0o755)
    env = {"PATH": f"{bindir}:/usr/bin:/bin", "HOME": "/nonexistent-home"}
    out = subprocess.run(["dash", "-c", text], capture_output=True, text=True, env=env, cwd=tmp_path, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif(shutil.which("dash") is None or not os.path.exists("/usr/bin/env"), reason="needs dash")
@pytest.mark.parametrize("text", ORACLE_TEXTS)
def test_literal_argv_is_what_dash_passes(text, tmp_path):
    argv = literal_argv(text)
    if argv is None:
        return  # refused: nothing to compare
    assert argv[1:] == _dash_argv(text, argv[0], tmp_path)


def test_the_oracle_accepts_most_texts():
    # The oracle test proves nothing if literal_argv refuses everything.
    assert sum(literal_argv(t) is not None for t in ORACLE_TEXTS) >= 20


# (a line that ends with the escape character continues the instruction: not a CMD line)
@pytest.mark.parametrize("text", [t for t in ORACLE_TEXTS if literal_argv(t) is not None and not t.endswith("\\")])
def test_buildkit_reads_the_exec_form_as_the_same_words(text):
    buildkit = pytest.importorskip("dockerfile")
    after = safe(f"{DEBIAN}CMD {text}\n")
    (cmd,) = [c for c in buildkit.parse_string(after) if c.cmd == "CMD"]
    assert cmd.json and list(cmd.value) == literal_argv(text)


def test_the_unsafe_fix_on_a_windows_image_writes_the_cmd_shell_windows_uses():
    before = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD dir\n"
    assert fixed(R, before, unsafe=True).endswith('CMD ["cmd", "/S", "/C", "dir"]\n')
