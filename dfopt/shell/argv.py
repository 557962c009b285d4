"""When a shell-form command line runs the same program as an exec-form list: one simple command
of literal words, none of which a shell expands, whose program is not a shell builtin. Shared by
the exec-form rule (DF402) and by verify, which judges such a change in an image's config."""

from __future__ import annotations

from dfopt.shell.script import STATE_BUILTINS, parse_script

# Builtins of dash and bash, and shell keywords: a program of that name, when there is one, is
# not what the shell ran (dash's `echo` reads backslash escapes, /bin/echo does not).
SHELL_ONLY = STATE_BUILTINS | {
    ":", "[", "[[", "test", "echo", "printf", "kill", "pwd", "true", "false", "wait", "read",
    "command", "type", "times", "getopts", "jobs", "fg", "bg", "let", "help", "history", "bind",
    "caller", "compgen", "complete", "dirs", "disown", "logout", "mapfile", "readarray", "suspend",
    "chdir", "fc", "!", "{", "}", "if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
    "while", "until", "do", "done", "in", "function", "time", "coproc",
}
# The node image's docker-entrypoint.sh runs "$@" unchanged when $1 is a command in the image.
NODE_ENTRYPOINT_COMMANDS = frozenset({"node", "npm", "npx", "yarn", "corepack"})
NODE_ENTRYPOINT = ("docker-entrypoint.sh",)
_BIN_DIRS = frozenset({"/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin"})


def literal_argv(text: str) -> list[str] | None:
    """The argv of a command with no shell behaviour, or None."""
    argv, _ = literal_command(text)
    return argv


def literal_command(text: str) -> tuple[list[str] | None, str]:
    """(argv, "") for one simple command of literal words, else (None, why the shell matters)."""
    script = parse_script(text)
    if not script.ok:
        return None, "the shell cannot parse it"
    if script.heredoc or script.comments:
        return None, "it uses a heredoc or a comment"
    if len(script.commands) != 1 or script.operators:
        return None, "it runs more than one command"
    command = script.commands[0]
    if command.subshell or command.conditional or not command.words:
        return None, "it is not a simple command"
    if command.assignments:
        return None, "it sets variables for the command"
    if command.start != 0 or command.end != len(text.rstrip()):
        return None, "it uses a redirection or a compound command"
    words = list(command.words)
    if words[0].value == "exec" and len(words) > 1:
        if words[1].value is None or words[1].value.startswith("-"):
            return None, "`exec` has options"
        words = words[1:]
    for word in words:
        if word.value is None:
            return None, "it uses a variable or a command substitution"
        if word.glob:
            return None, "it uses a glob"
        if not {"~", "{", "}"}.isdisjoint(_unquoted_chars(word.text)):
            return None, "it uses `~` or braces, which a shell may expand"
    if words[0].value in SHELL_ONLY:
        return None, f"`{words[0].value}` is a shell builtin or keyword"
    return [w.value for w in words], ""


def _unquoted_chars(text: str) -> str:
    """The characters of a word that stand outside quotes and are not escaped."""
    out, quote, i = [], None, 0
    while i < len(text):
        c = text[i]
        if quote == "'":
            quote = None if c == "'" else quote
        elif c == "\\":
            i += 1
        elif quote == '"':
            quote = None if c == '"' else quote
        elif c in "'\"":
            quote = c
        else:
            out.append(c)
        i += 1
    return "".join(out)


def may_be_a_script(program: str) -> bool:
    """Whether the program may be the project's own script: a shell runs a file without a `#!`
    line itself (ENOEXEC), exec form fails to start it. Programs found through PATH or in the
    system's bin folders are taken as programs."""
    if program.endswith((".sh", ".bash")) or program.startswith(("./", "../")):
        return True
    return "/" in program and program.rsplit("/", 1)[0] not in _BIN_DIRS
