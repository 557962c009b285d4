"""## What it does
Finds `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in shell form and writes them in exec (JSON)
form.

## Why is this bad?
Shell form runs the command as `/bin/sh -c "..."`: the shell becomes PID 1, and `docker stop`
sends SIGTERM to the shell, which does not pass it on; the container is killed after the
timeout instead of shutting down cleanly. A shell-form ENTRYPOINT also ignores `CMD` and the
arguments of `docker run`.

## Example
```dockerfile
CMD node server.js
```

## Use instead
```dockerfile
CMD ["node", "server.js"]
```

A `HEALTHCHECK CMD` is not PID 1: a plain command in exec form saves starting a shell for every
check; one that uses shell syntax (`||`, variables) is written as the shell it already runs in.

## Fix safety
Safe when the command is one simple command of literal words: no variable, glob, pipe,
redirection or operator (quotes are fine; `exec` in front is dropped). Then the program gets the
same arguments, and it, not a shell, receives signals. An ENTRYPOINT in a stage that also has a
CMD is the exception: in exec form the CMD becomes the entrypoint's arguments, so that fix is
unsafe. Otherwise the fix is unsafe: it writes
`["/bin/sh", "-c", "..."]` (or the stage's SHELL), which runs exactly what ran before, but still
through a shell as PID 1; better, move the logic into a script that ends with `exec`. Under a
non-POSIX SHELL (PowerShell, cmd) the fix is always that unsafe form with the SHELL's words.
A SHELL set by the base image is not visible in the file; `/bin/sh -c` is assumed then.

## References
- Dockerfile reference: CMD, ENTRYPOINT ("shell and exec form")
- hadolint DL3025
"""

from __future__ import annotations

import json
import re

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.runfix import arguments_end
from dfopt.shell.run import DEFAULT_SHELL, is_posix, shell_of
from dfopt.shell.script import STATE_BUILTINS, parse_script

_HEALTHCHECK_CMD = re.compile(r"CMD\s+", re.IGNORECASE)
SHELL_ONLY = STATE_BUILTINS | {":", "[", "test", "wait", "read", "command", "type", "times", "getopts"}


def literal_argv(text: str) -> list[str] | None:
    """The argv of a command with no shell behaviour, or None."""
    script = parse_script(text)
    if not script.ok or len(script.commands) != 1 or script.operators or script.heredoc or script.comments:
        return None
    command = script.commands[0]
    if command.assignments or command.subshell or command.conditional or not command.words:
        return None
    if command.start != 0 or command.end != len(text.rstrip()):
        return None  # redirections or a compound statement around it
    words = list(command.words)
    if words[0].value == "exec" and len(words) > 1:
        words = words[1:]
    if any(w.value is None or w.glob for w in words) or words[0].value in SHELL_ONLY:
        return None
    return [w.value for w in words]


class ShellFormCommand(Rule):
    code = "DF402"
    title = "CMD/ENTRYPOINT/HEALTHCHECK in shell form"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3025",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            cmd = ins.effective
            if cmd.cmd not in ("CMD", "ENTRYPOINT", "HEALTHCHECK") or cmd.heredocs:
                continue
            skip = 0
            if cmd.cmd == "HEALTHCHECK":
                m = _HEALTHCHECK_CMD.match(cmd.args)
                if m is None or _is_json_list(cmd.args[m.end() :]):
                    continue
                skip = m.end()
            elif cmd.form != "shell":
                continue
            text = cmd.args[skip:]
            if not text.strip():
                continue
            if any(line.kind == "comment" for line in cmd.inner_lines):
                yield self.finding(cmd.keyword_start, cmd.keyword_end, f"{cmd.cmd} in shell form",
                                   no_fix_reason="comment lines inside the instruction would be lost")
                continue
            yield self._finding(df, ins, cmd, text, cmd.arguments.source_offset(skip))

    def _finding(self, df, ins, cmd, text, start):
        end = arguments_end(cmd)
        # HEALTHCHECK's CMD-SHELL runs under the image's final SHELL, the others under the
        # SHELL in effect where they stand.
        shell = shell_of(df, ins) if cmd.cmd != "HEALTHCHECK" else final_shell(df, ins)
        name = "HEALTHCHECK CMD" if cmd.cmd == "HEALTHCHECK" else cmd.cmd
        message = f"{name} in shell form runs under a shell that does not pass on signals"
        argv = literal_argv(text) if is_posix(shell) else None
        if cmd.cmd == "HEALTHCHECK":
            # A health check is not PID 1, so signals are not the reason here: a plain command
            # needs no shell for every check, and one with shell syntax is clearer with the shell
            # written out (exactly what Docker runs for the shell form).
            message = ("HEALTHCHECK CMD in shell form starts a shell for every check" if argv is not None
                       else "HEALTHCHECK CMD in shell form: write the shell it runs in explicitly")
        if argv is not None:
            # An exec-form ENTRYPOINT receives the stage's CMD as arguments; shell form dropped it.
            stage = df.stage_of(ins)
            with_cmd = cmd.cmd == "ENTRYPOINT" and stage is not None and any(
                i.cmd == "CMD" for i in stage.instructions)
            safety = Applicability.UNSAFE if with_cmd else Applicability.SAFE
            note = " (the stage's CMD now becomes its arguments)" if with_cmd else ""
            fix = Fix((Edit(start, end, _json(argv)),), safety, f"wrote {name} in exec form{note}")
        else:
            fix = Fix((Edit(start, end, _json([*shell, text])),), Applicability.UNSAFE,
                      f"wrote {name} in exec form through {shell[0]} (it uses shell syntax)")
        return self.finding(cmd.keyword_start, cmd.keyword_end, message, fix)


def final_shell(df, ins) -> tuple[str, ...]:
    """The SHELL the image ends up with: the last SHELL of the stage, wherever it stands."""
    stage = df.stage_of(ins)
    shells = [i.exec_args for i in (stage.instructions if stage else ()) if i.cmd == "SHELL" and i.exec_args]
    return tuple(shells[-1]) if shells else DEFAULT_SHELL


def _is_json_list(text: str) -> bool:
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _json(argv: list[str]) -> str:
    return json.dumps(argv, ensure_ascii=False)
