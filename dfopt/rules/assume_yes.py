"""## What it does
Finds `apt-get`, `apt`, `dnf`, `yum` and `zypper` commands that may ask a question (install,
upgrade, remove, ...) without `-y`, and adds `-y` (for zypper, the global `--non-interactive`).

## Why is this bad?
A build has no one to answer "Do you want to continue? [Y/n]": without `-y` the package manager
aborts as soon as it needs confirmation, and the build fails or depends on what happens to be
installed already.

## Example
```dockerfile
RUN apt-get update && apt-get install curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Why this is safe
A build runs with no terminal and standard input at its end: where the package manager would ask
"Do you want to continue?", it reads no answer and aborts, and the RUN fails. So in a build that
succeeded, no question was asked, and `-y` changes nothing; in a build that failed, it answers
the question. That holds only when the command's failure fails the build: the command is a step
of a plain `&&` chain (or the last statement of the RUN, or a statement after `set -e`), outside
conditions and pipes. `-qq`, `-q -q`, `--yes`, `--assume-yes`, `--assumeyes`, `--assumeno`,
`-o APT::Get::Assume-Yes=...` and `--setopt=assumeyes=...` count as given, and so does a
configuration file written by the Dockerfile that sets `Assume-Yes` or `assumeyes`: no finding.
`DEBIAN_FRONTEND=noninteractive` does not count: it quiets debconf, not apt-get's question.

zypper without a terminal stops at its first question ("Cannot read input: bad stream or EOF")
and fails, so the same holds; `--non-interactive` answers every question with its default, as
`-y` (`--no-confirm`) does for `install` and `remove`. dfopt inserts the global option, right
after `zypper`, because every zypper command takes it (`source-install` has no `-y`). Given are
`-y` and `--no-confirm`, and `-n` or `--non-interactive` before the command; after `install`,
`-n` is `--name` and answers nothing: hadolint counts it, dfopt reports the command. dfopt
also reports `zypper update` and `dist-upgrade`, which ask the same question (hadolint does not).

## When dfopt refuses
- the command's failure does not stop the build (`apt-get install x || true`, `...; echo done`
  without `set -e`, `if apt-get install x; then`, `apt-get install x | tee log`): before, the
  aborted command was skipped and the build went on without its packages; with `-y` they would be
  installed. The fix is offered as unsafe, with that reason.

## Fix safety
Safe where the command's failure fails the build; unsafe elsewhere.

## References
- apt-get(8), dnf(8), yum(8): `-y, --assumeyes`; zypper(8): `--non-interactive`
- hadolint DL3014, DL3030, DL3034, DL3038
"""

from __future__ import annotations

import re
from dataclasses import replace

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import insert_option, runs
from dfopt.shell.commands import APT_TOOLS

APT_ASKS = frozenset({"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge",
                      "autoremove", "build-dep", "reinstall"})
RPM_ASKS = frozenset({"install", "upgrade", "update", "remove", "erase", "reinstall", "downgrade",
                      "groupinstall", "localinstall", "autoremove", "distro-sync"})
ZYPPER_ASKS = frozenset({"install", "remove", "source-install", "patch", "update", "dist-upgrade",
                         "install-new-recommends"})


# A configuration file the Dockerfile writes that answers yes (apt.conf, dnf.conf).
_CONFIGURED = re.compile(r"Assume-?Yes|assumeyes\s*=", re.IGNORECASE)
_SET_E = re.compile(r"^set\s+(-[a-zA-Z]*e|-o\s+errexit)")


def answers_yes(inv) -> bool:
    if inv.has_option("-y", "--yes", "--assume-yes", "--assumeyes", "--force-yes", "--assumeno"):
        return True
    if inv.tool in APT_TOOLS:
        quiet = sum((w.value or "").count("q") for w in inv.options
                    if re.fullmatch(r"-q+", w.value or "")) + sum(w.value == "--quiet" for w in inv.options)
        if quiet >= 2 or any((w.value or "") in ("-q=2", "--quiet=2") for w in inv.options):
            return True
        return any(v.lower().startswith(("apt::get::assume-yes=", "quiet=2")) for v in inv.option_values("-o")
                   + inv.option_values("--option"))
    return any(v.lower().startswith("assumeyes=") for v in inv.option_values("--setopt"))


def asks(run, inv) -> bool:
    if inv.tool in APT_TOOLS:
        return inv.action in APT_ASKS and not answers_yes(inv)
    if inv.tool in ("dnf", "yum"):
        return inv.action in RPM_ASKS and not answers_yes(inv)
    if inv.tool == "zypper":
        return inv.action in ZYPPER_ASKS and not zypper_answers(inv)
    return False


def zypper_answers(inv) -> bool:
    """`-y`/`--no-confirm` (of install, remove, ...), or the global `-n`/`--non-interactive`:
    before the command, since `install -n` is `--name`."""
    if inv.has_option("-y", "--no-confirm", "--non-interactive"):
        return True
    command = inv.action_words[0].start
    return replace(inv, options=tuple(w for w in inv.options if w.start < command)).has_option("-n")


def failure_fails_build(run, command) -> bool:
    """Whether the RUN fails when this command fails."""
    if command.conditional or command.subshell:
        return False
    script = run.script
    if any(st.kind == "negation" and st.index <= command.index < st.index_end for st in script.statements):
        return False
    if script.is_and_chain:
        return True
    ends = [e for e in script.statement_ends if e >= command.index_end]
    if not ends or script.text[command.index_end : ends[0]].strip():
        return False  # something follows the command within its statement (`a && b`, `a | b`)
    if ends[0] == script.statement_ends[-1]:
        return True  # the last statement: its status is the RUN's
    return any(st.index < command.index and st.command is not None and not st.command.subshell
               and not st.command.conditional and _SET_E.match(st.text) for st in script.statements)


class MissingAssumeYes(Rule):
    code = "DF104"
    title = "package manager may prompt: add -y"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3014", "DL3030", "DL3034", "DL3038")

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        if _CONFIGURED.search(df.text):
            return
        message = "this command may ask for confirmation, which aborts a build"
        for run in runs(df):
            for inv in run.invocations:
                if not asks(run, inv):
                    continue
                if inv.tool == "zypper":  # the global option: every zypper command takes it
                    anchor, option = inv.program, "--non-interactive"
                else:
                    anchor, option = inv.action_words[-1] if inv.action_words else inv.program, "-y"
                edit = insert_option(anchor, option)
                note = f"added `{option}` to `{inv.tool} {inv.action}`"
                if failure_fails_build(run, inv.command):
                    fix = Fix((edit,), Applicability.SAFE, note)
                else:
                    fix = Fix((edit,), Applicability.UNSAFE, note + (
                        " (unsafe: its failure does not stop the build, so where it used to abort and be "
                        "skipped it now installs)"))
                yield self.finding(inv.command.start, inv.command.end, message, fix)
