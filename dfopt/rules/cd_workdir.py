"""## What it does
Finds `cd` in a `RUN`.

## Why is this bad?
A `cd` lasts only until the end of its RUN; the next RUN, COPY and CMD start again in the stage's
WORKDIR. Scripts that `cd` around are harder to follow and easy to get wrong when RUNs are split
or joined. `WORKDIR` sets the folder for every later instruction, and creates it.

## Example
```dockerfile
WORKDIR /src
RUN cd /app && make
```

## Use instead
```dockerfile
WORKDIR /src
WORKDIR /app
RUN make
WORKDIR /src
```

## Fix safety
Unsafe. The fix takes the first `cd DIR` of a plain `a && cd DIR && b` chain out of its RUN: a
`WORKDIR` of that folder where the `cd` was (the RUN is split in two there when commands come
before it: `RUN a`, `WORKDIR DIR`, `RUN b`), and a `WORKDIR` back to the folder the stage was in
after the RUN, so every later instruction runs where it ran before. What still differs: a split
RUN makes two layers and two cache steps; `WORKDIR` creates the folder when it is missing, where
`cd` failed (a build that failed may now go on); the RUN no longer sets `OLDPWD` (a later `cd -`
in it would go elsewhere).

dfopt offers no fix when the folder the stage is in is not known: no absolute `WORKDIR` before
the RUN (in the stage or the stages it is built FROM) and a base image outside the few whose
folder DF404 knows. Nor when the `cd` is not a command of a plain `a && b` chain (under `||`,
`;`, a pipe, a subshell or a condition it does not always run), has no command after it, or goes
to a folder written with a variable, a glob, `~` or `-`; when a command before it sets shell
state (`X=1`, `export`, `set`, `umask`, `source`, ...) that the second RUN would lose, or the RUN
has flags (a tmpfs mount would not carry over); nor in ONBUILD or heredoc RUNs.
A `cd` in a subshell (`(cd sub && make)`) is reported too, as hadolint does: a separate `RUN`
with its own `WORKDIR` is the Dockerfile's way.

## References
- Dockerfile best practices: WORKDIR
- hadolint DL3003
"""

from __future__ import annotations

import posixpath

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import commands_named
from dfopt.rules.relative_copy import base_workdir
from dfopt.rules.run_analysis import run_of

_PLAIN_PATH = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+@")


def workdir_before(df, ins) -> str | None:
    """The absolute folder the instruction runs in, when the file (or DF404's table of official
    images) says which."""
    stage = df.stage_of(ins)
    before = df.stage_before(ins)
    while stage is not None:
        for earlier in reversed(before[1:]):
            if earlier.cmd == "WORKDIR":
                folder = earlier.args.strip()
                return folder if folder.startswith("/") and set(folder) <= _PLAIN_PATH else None
        parent = df.base_stage(stage)
        if parent is None:
            return base_workdir(df, stage)
        stage, before = parent, parent.instructions
    return None


class CdInsteadOfWorkdir(Rule):
    code = "DF116"
    title = "cd in RUN: use WORKDIR"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3003",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for command, _ in commands_named(df, "cd"):
            message = "`cd` lasts only for this RUN: use WORKDIR"
            fix = self._fix(df, command)
            if isinstance(fix, str):
                yield self.finding(command.start, command.end, message, no_fix_reason=fix)
            else:
                yield self.finding(command.start, command.end, message, fix)

    @staticmethod
    def _fix(df, command) -> Fix | str:
        ins = next(i for i in df.instructions if i.start <= command.start < i.end)
        run = run_of(df, ins)
        script = run.script if run is not None else None
        if ins.sub is not None or ins.heredocs or script is None or script.heredoc:
            return "only a shell-form RUN without heredocs is rewritten"
        at = next((k for k, st in enumerate(script.statements) if st.command is command), None)
        if at is None or at + 1 >= len(script.statements) or not script.plain_chain or script.comments:
            return "the `cd` is not a command of a plain `a && cd DIR && b` chain with a command after it"
        before, after = script.statements[:at], script.statements[at + 1].command
        if after is None or after.assignments or command.assignments or len(command.words) != 2:
            return "the `cd` is not a command of a plain `a && cd DIR && b` chain with a command after it"
        if before and ins.flags:
            return "the RUN has flags (a mount) that splitting it would repeat"
        if any(st.command is None or st.command.assignments or st.command.changes_shell_state for st in before):
            return "a command before the `cd` sets shell state that the RUN after the split would lose"
        word = command.words[1]
        target = word.value
        if target is None or word.glob or not target or target[0] in "-~" or not set(target) <= _PLAIN_PATH:
            return "the folder is written with a variable, a glob, `~` or `-`"
        if "#" in df.text[before[-1].command.end if before else command.start:after.start]:
            return "a comment line sits next to the `cd`"
        folder = workdir_before(df, ins)
        if folder is None:
            return "the folder this RUN starts in is unknown, so the WORKDIR after it cannot be restored"
        target = posixpath.normpath(posixpath.join(folder, target))
        nl = df.line_ending
        if target == folder:
            edits = [Edit(command.start, after.start, "")]
        elif before:
            edits = [Edit(before[-1].command.end, after.start, f"{nl}WORKDIR {target}{nl}RUN ")]
        else:
            edits = [Edit(ins.start, ins.start, f"WORKDIR {target}{nl}"), Edit(command.start, after.start, "")]
        if target != folder:
            ends = df.text[ins.end - 1:ins.end] == "\n"
            edits.append(Edit(ins.end, ins.end, f"WORKDIR {folder}{nl}" if ends else f"{nl}WORKDIR {folder}"))
        if target == folder:
            return Fix(tuple(edits), Applicability.UNSAFE, f"dropped `cd {word.text}`: the RUN already runs in {folder}")
        split = " and split the RUN there" if before else ""
        return Fix(tuple(edits), Applicability.UNSAFE,
                   f"moved `cd {word.text}` into `WORKDIR {target}`{split}; added `WORKDIR {folder}` after the RUN")
