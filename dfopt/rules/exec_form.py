"""## What it does
Finds `CMD` and `ENTRYPOINT` in shell form and writes them in exec (JSON) form.

## Why is this bad?
Shell form runs the command as `/bin/sh -c "..."`: the shell becomes PID 1, and `docker stop`
sends SIGTERM to the shell, which does not pass it on; the container is killed after the
timeout instead of shutting down cleanly. A shell-form ENTRYPOINT also ignores `CMD` and the
arguments of `docker run`.

## Example
```dockerfile
FROM debian:bookworm-slim
CMD sleep infinity
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
CMD ["sleep", "infinity"]
```

`HEALTHCHECK CMD` in shell form is not reported: Docker runs it as `CMD-SHELL`, which is exactly
what `["CMD", "/bin/sh", "-c", "..."]` runs, and a health check is not PID 1.

## Why this is safe
For a command of literal words the shell form makes the shell run one program with those words
as its arguments; the exec form starts that program with the same arguments, found through the
same `PATH`, in the same working directory, as the same user. What changes is meant to change:
the program is PID 1 and receives `docker stop`'s SIGTERM itself. One more difference is left:
dash exports `PWD` to the program it starts, the exec form does not (a program that reads
`$PWD` rather than its working directory sees it unset).

## When dfopt refuses
The fix is unsafe (with the reason in its message) when:
- the text uses anything the shell expands or interprets: variables (`$VAR`, `${VAR}`, `$$`),
  command substitution, globs, `~`, braces (`{a,b}`), `$'...'`, redirections, pipes, `&&`, `;`,
  `&`, comments, assignments in front of the command;
- the program is a shell builtin or keyword (`echo` is dash's builtin, which reads backslash
  escapes, while the exec form would run `/bin/echo`; `cd`, `export`, `!`, `if` have no program);
- `exec` in front carries options (`exec -a name node app`);
- the program may be the project's own script (`./start.sh`, `run.sh`, `/app/run`): a shell runs
  a file that lacks a `#!` line itself, while the exec form fails with "exec format error";
  bare names found through PATH and programs in the system's bin folders are taken as programs;
- the instruction is an `ENTRYPOINT`: in exec form it receives the CMD (of this stage and of any
  stage built on it) and the arguments of `docker run`, which the shell form ignored;
- the image's ENTRYPOINT is unknown or takes arguments: a CMD in exec form is passed to it word
  by word instead of as `/bin/sh -c "..."`. An ENTRYPOINT is known when the stage (or the stage
  it is built on) sets one in shell form, or the base image is an official image without one
  (debian, ubuntu, alpine, busybox, fedora, centos, rockylinux, almalinux, amazonlinux, python,
  golang, rust, buildpack-deps); the official node image's entrypoint runs `node`, `npm`, `npx`,
  `yarn` and `corepack` commands unchanged, so those are safe on it;
- the shell is not plain: a SHELL other than sh, bash, dash or ash with `-c` and only the
  options `-e`, `-u`, `-o pipefail|errexit|nounset` (`-x` traces, `-l` reads profiles), or bash
  with a `BASH_ENV` in the file (bash reads that file first);
- the image may be Windows (a `windows`, `servercore` or `nanoserver` base, a windows platform,
  or the backtick escape directive): its shell is `cmd /S /C`, with its own built-ins and quoting;
- the instruction is `ONBUILD CMD`: it runs in images built from this one, whose shell and
  entrypoint this file does not show;
- comment lines inside the instruction would be lost (no fix at all).

## Fix safety
Safe only for a `CMD` that is one simple command of literal words, in a Linux image whose
ENTRYPOINT is known, under a plain POSIX shell; see the two sections above. Every other fix is
unsafe. When the command uses shell syntax the unsafe fix writes `["/bin/sh", "-c", "..."]` (or
the stage's SHELL), which runs exactly what ran before but still through a shell as PID 1;
better, move the logic into a script that ends with `exec`. Under a non-POSIX SHELL
(PowerShell, cmd) the fix is always that unsafe form with the SHELL's words.

## References
- Dockerfile reference: CMD, ENTRYPOINT ("shell and exec form", "how CMD and ENTRYPOINT interact")
- hadolint DL3025
"""

from __future__ import annotations

import json
import re

from dfopt.project import is_node_image
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import arguments_end
from dfopt.shell.run import DEFAULT_SHELL, is_posix
from dfopt.shell.argv import NODE_ENTRYPOINT_COMMANDS, literal_command, may_be_a_script

# Official images that set no ENTRYPOINT and keep the default shell.
_NO_ENTRYPOINT = frozenset({"debian", "ubuntu", "alpine", "busybox", "fedora", "centos", "rockylinux",
                            "almalinux", "amazonlinux", "python", "golang", "rust", "buildpack-deps"})
_WINDOWS = re.compile(r"windows|servercore|nanoserver", re.IGNORECASE)
WINDOWS_SHELL = ("cmd", "/S", "/C")
_PLAIN_SHELLS = frozenset({"sh", "bash", "dash", "ash"})
_SHELL_OPTION = re.compile(r"-[eu]*c?")
_SET_OPTIONS = frozenset({"pipefail", "errexit", "nounset"})


class ShellFormCommand(Rule):
    code = "DF402"
    title = "CMD/ENTRYPOINT in shell form"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3025",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            cmd = ins.effective
            if cmd.cmd not in ("CMD", "ENTRYPOINT") or cmd.form != "shell" or cmd.heredocs:
                continue
            if not cmd.args.strip():
                continue
            if any(line.kind == "comment" for line in cmd.inner_lines):
                yield self.finding(cmd.keyword_start, cmd.keyword_end, f"{cmd.cmd} in shell form",
                                   no_fix_reason="comment lines inside the instruction would be lost")
                continue
            yield self._finding(df, ins, cmd)

    def _finding(self, df, ins, cmd):
        start, end = cmd.arguments.source_offset(0), arguments_end(cmd)
        stage = df.stage_of(ins)
        shell = shell_at(df, ins)
        if shell == DEFAULT_SHELL and windows_base(df, stage):
            shell = WINDOWS_SHELL  # Windows' default: shell form runs under cmd
        message = f"{cmd.cmd} in shell form runs under a shell that does not pass on signals"
        argv, why = literal_command(cmd.args) if is_posix(shell) else (None, "")
        if argv is None:
            why = why or f"{shell[0]} is not a POSIX shell"
            fix = Fix((Edit(start, end, _json([*shell, cmd.args])),), Applicability.UNSAFE,
                      f"wrote {cmd.cmd} in exec form through {shell[0]} (unsafe: {why}; the shell is still PID 1)")
            return self.finding(cmd.keyword_start, cmd.keyword_end, message, fix)
        unsafe = self._unsafe_reason(df, ins, cmd, stage, shell, argv)
        if unsafe:
            fix = Fix((Edit(start, end, _json(argv)),), Applicability.UNSAFE,
                      f"wrote {cmd.cmd} in exec form (unsafe: {unsafe})")
        else:
            fix = Fix((Edit(start, end, _json(argv)),), Applicability.SAFE, f"wrote {cmd.cmd} in exec form")
        return self.finding(cmd.keyword_start, cmd.keyword_end, message, fix)

    @staticmethod
    def _unsafe_reason(df, ins, cmd, stage, shell, argv) -> str | None:
        if cmd.cmd == "ENTRYPOINT":
            return "in exec form the ENTRYPOINT receives CMD and `docker run` arguments, which shell form ignored"
        if ins.sub is not None:
            return "ONBUILD runs in images built from this one, whose shell and entrypoint are not known here"
        if df.escape == "`" or windows_base(df, stage):
            return "the image may be Windows, where the shell form runs under cmd /S /C"
        if not plain_shell(shell) or (_name(shell[0]) == "bash" and "BASH_ENV" in df.text):
            return f"the SHELL {' '.join(shell)} does more than run the command"
        entrypoint = entrypoint_of(df, stage)
        if entrypoint == "shell":
            return None  # a shell-form ENTRYPOINT never runs the CMD
        if may_be_a_script(argv[0]):
            return "a script without a `#!` line runs under the shell, but exec form cannot start it"
        if entrypoint == "none":
            return None
        if entrypoint == "node" and argv[0] in NODE_ENTRYPOINT_COMMANDS:
            return None
        if entrypoint == "exec":
            return "the stage's ENTRYPOINT now receives the command's words instead of /bin/sh -c"
        if entrypoint == "node":
            return "the node image's entrypoint treats a first word that is not a command as a script for node"
        return "the base image's ENTRYPOINT, not known here, would receive the command's words instead of /bin/sh -c"


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def shell_at(df, ins) -> tuple[str, ...]:
    """The SHELL in effect at an instruction: the last SHELL before it in its stage, else the one
    the stage it is built on ends with (a base image's SHELL is not visible: /bin/sh -c)."""
    stage = df.stage_of(ins)
    seen = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        shells = []
        for i in stage.instructions:
            if i is ins:
                break
            if i.cmd == "SHELL" and i.exec_args:
                shells.append(tuple(i.exec_args))
        if shells:
            return shells[-1]
        ins, stage = None, _parent_stage(df, stage)
    return DEFAULT_SHELL


def plain_shell(shell: tuple[str, ...]) -> bool:
    """A POSIX shell run with `-c` and only options that cannot change what one command does."""
    if not shell or _name(shell[0]) not in _PLAIN_SHELLS or not shell[-1].endswith("c"):
        return False
    words = list(shell[1:])
    while words:
        word = words.pop(0)
        if word == "-o" and words and words[0] in _SET_OPTIONS:
            words.pop(0)
        elif not _SHELL_OPTION.fullmatch(word) or word == "-":
            return False
    return True


def windows_base(df, stage) -> bool:
    """Whether the stage is built on a Windows image (by its name or platform)."""
    seen = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        platform = stage.from_.flag("platform")
        if _WINDOWS.search(stage.image) or (platform is not None and "windows" in (platform.value or "").lower()):
            return True
        stage = _parent_stage(df, stage)
    return False


def entrypoint_of(df, stage) -> str:
    """What the image's ENTRYPOINT is: "shell" (shell form: CMD is never run), "exec" (takes the
    CMD as arguments), "none", "node" (the official node image's entrypoint), or "unknown"."""
    seen = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        entrypoints = [i for i in stage.instructions if i.cmd == "ENTRYPOINT"]
        if entrypoints:
            last = entrypoints[-1]
            if last.form == "shell":
                return "shell" if last.args.strip() else "none"
            return "exec" if last.exec_args else "none"
        parent = _parent_stage(df, stage)
        if parent is None:
            return _base_entrypoint(stage.image)
        stage = parent
    return "unknown"


def _base_entrypoint(image: str) -> str:
    if is_node_image(image):
        return "node"
    name = image.split("@")[0]
    if ":" in name.split("/")[-1]:
        name = name.rsplit(":", 1)[0]
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if parts[:1] == ["library"]:
        parts = parts[1:]
    return "none" if len(parts) == 1 and parts[0] in _NO_ENTRYPOINT else "unknown"


def _parent_stage(df, stage):
    """The earlier stage a stage is built FROM, if it names one."""
    for earlier in df.stages[: stage.index]:
        if earlier.is_named(stage.image):
            return earlier
    return None


def _json(argv: list[str]) -> str:
    return json.dumps(argv, ensure_ascii=False)
