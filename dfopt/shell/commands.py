"""Recognisers: which program a simple command really runs, and what it asks that program to do.

`sudo -E apt-get -qq install -y curl` runs apt-get with the action `install`, the options
`-qq -y` and the operand `curl`. Wrappers (`sudo`, `env VAR=x`, `python -m pip`) are looked
through; a wrapper whose options we do not know makes the command unrecognised, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dfopt.shell.script import Command, Word

# Options that take the next word as their value, per tool (`--opt=value` needs no entry).
_VALUE_OPTIONS: dict[str, frozenset[str]] = {
    "apt-get": frozenset({"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release",
                          "--host-architecture"}),
    "apk": frozenset({"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch",
                      "--cache-dir", "--keys-dir", "--repositories-file", "--progress-fd"}),
    "dnf": frozenset({"-c", "--config", "--installroot", "--releasever", "--enablerepo",
                      "--disablerepo", "-x", "--exclude", "--repo", "--repoid", "--setopt",
                      "--repofrompath", "-d", "--debuglevel", "-e", "--errorlevel"}),
    "pip": frozenset({"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i",
                      "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
                      "--prefix", "--root", "--platform", "--python-version", "--implementation",
                      "--abi", "--trusted-host", "--cache-dir", "--src", "--upgrade-strategy",
                      "--progress-bar", "--log", "--proxy", "--retries", "--timeout",
                      "--exists-action", "--cert", "--client-cert", "--only-binary",
                      "--no-binary", "--config-settings", "-C", "--global-option",
                      "--install-option", "--python", "--report"}),
    "npm": frozenset({"--prefix", "-w", "--workspace", "--registry", "--cache", "--loglevel",
                      "--omit", "--include", "--tag", "--userconfig"}),
    "yarn": frozenset({"--cwd", "--registry", "--cache-folder", "--modules-folder",
                       "--network-timeout", "--mutex", "--global-folder"}),
    "pnpm": frozenset({"-C", "--dir", "--filter", "-F", "--store-dir", "--registry",
                       "--reporter"}),
    "apt-cache": frozenset({"-o", "-c", "-p", "-s", "--option", "--config-file", "--pkg-cache",
                            "--src-cache"}),
    "aptitude": frozenset({"-o", "-t", "-F", "-w", "-S", "--target-release", "--display-format",
                           "--width", "--sort"}),
    # zypper: global options before the action and the install/remove options after it; `-t`
    # (`--type`) is taken with its value, as after `install` (`-t pattern devel_basis`).
    "zypper": frozenset({"-c", "--config", "-R", "--root", "--reposd-dir", "--cache-dir",
                         "--raw-cache-dir", "--solv-cache-dir", "--pkg-cache-dir", "--installroot",
                         "--userdata", "-p", "--plus-repo", "--plus-content", "-r", "--repo",
                         "--from", "-t", "--type", "--download"}),
    "rm": frozenset(),
}  # fmt: skip
_VALUE_OPTIONS["apt"] = _VALUE_OPTIONS["apt-get"]
_VALUE_OPTIONS["yum"] = _VALUE_OPTIONS["microdnf"] = _VALUE_OPTIONS["dnf"]

_SUDO_VALUE_OPTIONS = frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T",
                                 "--user", "--group", "--chdir", "--host", "--prompt"})  # fmt: skip
_ENV_VALUE_OPTIONS = frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?$")
_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")

# Actions that take a second word as part of the action (`yarn cache clean`).
_TWO_WORD_ACTIONS = {
    "yarn": frozenset({"cache", "global"}),
    "npm": frozenset({"cache"}),
    "pnpm": frozenset({"store"}),
    "dnf": frozenset({"clean"}),
    "yum": frozenset({"clean"}),
    "microdnf": frozenset({"clean"}),
}
# Options that make a bare `yarn` print something instead of installing.
_YARN_NOT_INSTALL = frozenset({"-v", "--version", "-h", "--help"})
_ACTION_ALIASES = {
    "npm": {"i": "install", "add": "install", "isntall": "install", "in": "install",
            "ins": "install", "inst": "install", "insta": "install", "instal": "install",
            "isnt": "install", "isnta": "install", "isntal": "install", "clean-install": "ci",
            "install-clean": "ci", "ic": "ci"},
    "pnpm": {"i": "install"},
    "dnf": {"in": "install"},
    "yum": {"in": "install"},
    "zypper": {"in": "install", "rm": "remove", "si": "source-install", "up": "update",
               "dup": "dist-upgrade", "cc": "clean", "inr": "install-new-recommends", "ref": "refresh",
               "ar": "addrepo", "mr": "modifyrepo"},
}  # fmt: skip


@dataclass(frozen=True)
class Invocation:
    """A recognised command: `tool` run with `action`, `options` and `operands`."""

    tool: str  # "apt-get", "apt", "apt-cache", "aptitude", "apk", "dnf", "yum", "microdnf", "pip", "npm", "yarn", "pnpm", "zypper", "rm"
    command: Command
    program: Word  # the word naming the tool (`apt-get`, or `pip` in `python -m pip`)
    action: str | None  # "install", "update", "cache clean", ...; None when there is none
    action_words: tuple[Word, ...]
    options: tuple[Word, ...]  # option words; a separate value word follows its option
    operands: tuple[Word, ...]  # every other word: packages, paths, ...
    env: tuple[str, ...]  # VAR=value set for this command (prefix or through `env`)

    def has_option(self, *names: str) -> bool:
        """True when any of the options is given: long (`--yes`, `--opt=v` matches `--opt`),
        short, also inside a cluster (`-qqy` has `-y` and `-q`)."""
        for word in self.options:
            value = word.value
            if value is None or not value.startswith("-"):
                continue
            for name in names:
                if name.startswith("--"):
                    if value == name or value.startswith(name + "="):
                        return True
                elif not value.startswith("--") and _in_cluster(value, name[1], _VALUE_OPTIONS[self.tool]):
                    return True
        return False

    def option_values(self, name: str) -> tuple[str, ...]:
        """Values given to an option: `-o X=Y`, `--option=X=Y`, `-oX=Y`."""
        values: list[str] = []
        words = self.options
        for i, word in enumerate(words):
            value = word.value or ""
            if value == name and i + 1 < len(words):
                values.append(words[i + 1].value or "")
            elif name.startswith("--") and value.startswith(name + "="):
                values.append(value[len(name) + 1 :])
            elif not name.startswith("--") and value.startswith(name) and len(value) > len(name):
                values.append(value[len(name) :])
        return tuple(values)


def recognise(command: Command) -> Invocation | None:
    """The tool a command runs, looking through `sudo`, `env` and `python -m pip`."""
    words, env = unwrap(command)
    if not words or words[0].value is None:
        return None
    program = words[0]
    name = _basename(program.value)
    rest = words[1:]
    if _PYTHON.match(name):
        if len(rest) >= 2 and rest[0].value == "-m" and rest[1].value is not None and _PIP.match(rest[1].value):
            program, rest = rest[1], rest[2:]
            name = "pip"
        else:
            return None
    elif _PIP.match(name):
        name = "pip"
    if name not in _VALUE_OPTIONS:
        return None
    return _split(name, command, program, rest, tuple(env))


_SHELLS = frozenset({"sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "busybox"})
_RUNS_OTHER_CODE = frozenset({"source", ".", "eval", "xargs"})
# Front ends of apt's package lists: dfopt reads apt-get, apt, apt-cache and aptitude; the others,
# and any of them run through another program (`timeout 600 apt-get install`, `eatmydata
# apt-get install`), count as code it cannot read.
_APT_FRONTENDS = frozenset({"apt-get", "apt", "apt-cache", "aptitude", "apt-fast", "nala", "gdebi",
                            "mk-build-deps"})
_READ_FRONTENDS = frozenset({"apt-get", "apt", "apt-cache", "aptitude"})
# Folders whose programs come from packages, not from the project: run by path they are no script.
_SYSTEM_BIN = frozenset({"/bin", "/sbin", "/usr/bin", "/usr/sbin"})


def hidden_code(command: Command) -> bool:
    """Whether the command runs code this analysis cannot read: a shell script or `sh -c '...'`,
    `source`, `eval`, `xargs`, a program run by its path (`./install.sh`, `/opt/setup`; not one
    in /usr/bin and the like), a command whose name is only known at run time (`$INSTALL`), or
    an apt front end dfopt does not read or that runs through another program."""
    words, _ = unwrap(command)
    if not words:
        return False
    value = words[0].value
    if value is None:
        return True
    name = _basename(value)
    if name in _SHELLS or name in _RUNS_OTHER_CODE or name.endswith(".sh") or name in _APT_FRONTENDS - _READ_FRONTENDS:
        return True
    if "/" in value and value.rsplit("/", 1)[0] not in _SYSTEM_BIN:
        return True
    return name not in ("echo", "printf") and any(
        _basename(w.value) in _APT_FRONTENDS for w in words[1:]) and recognise(command) is None


def unwrap(command: Command) -> tuple[list[Word], list[str]]:
    """The words of the program a command runs after `sudo` and `env` wrappers, and the
    variables it is given (`VAR=x cmd`, `env VAR=x cmd`)."""
    words = list(command.words)
    env = [a.value or a.text for a in command.assignments]
    while words:
        name = _basename(words[0].value)
        if name == "sudo":
            words = _skip_options(words[1:], _SUDO_VALUE_OPTIONS)
        elif name == "env":
            words = _skip_options(words[1:], _ENV_VALUE_OPTIONS)
            while words and words[0].value is not None and _ASSIGNMENT.match(words[0].value):
                env.append(words[0].value)
                words = words[1:]
        else:
            break
    return words, env


def _in_cluster(word: str, letter: str, takes_value: frozenset[str]) -> bool:
    """Is `-letter` among the short options of a cluster like `-qqy`? Stops at an option that
    takes a value (`-oFoo=yes` is `-o` with the value `Foo=yes`)."""
    for char in word[1:]:
        if char == letter:
            return True
        if "-" + char in takes_value or not char.isalnum():
            return False
    return False


def _basename(value: str | None) -> str:
    return (value or "").rsplit("/", 1)[-1]


def _skip_options(words: list[Word], takes_value: frozenset[str]) -> list[Word]:
    while words and (words[0].value or "").startswith("-"):
        value = words[0].value
        words = words[1:]
        if value == "--":
            break
        if value in takes_value and words:
            words = words[1:]
    return words


def _split(tool: str, command: Command, program: Word, rest: list[Word], env: tuple[str, ...]) -> Invocation:
    takes_value = _VALUE_OPTIONS[tool]
    options: list[Word] = []
    operands: list[Word] = []
    action_words: list[Word] = []
    i = 0
    end_of_options = False
    while i < len(rest):
        word = rest[i]
        value = word.value or ""
        if not end_of_options and value == "--":
            end_of_options = True
            options.append(word)
        elif not end_of_options and value.startswith("-") and len(value) > 1:
            options.append(word)
            if value in takes_value and i + 1 < len(rest):
                i += 1
                options.append(rest[i])
        elif not action_words and tool != "rm":
            action_words.append(word)
            if value in _TWO_WORD_ACTIONS.get(tool, ()) and i + 1 < len(rest):
                nxt = rest[i + 1].value or ""
                if not nxt.startswith("-"):
                    i += 1
                    action_words.append(rest[i])
        else:
            operands.append(word)
        i += 1
    action = None
    if action_words:
        first = action_words[0].value or ""
        first = _ACTION_ALIASES.get(tool, {}).get(first, first)
        action = " ".join([first] + [w.value or "" for w in action_words[1:]])
    elif tool == "yarn" and not any((w.value or "") in _YARN_NOT_INSTALL for w in options):
        action = "install"  # a bare `yarn` installs; `yarn --version` does not
    return Invocation(tool, command, program, action, tuple(action_words), tuple(options), tuple(operands), env)


def invocations(commands) -> list[Invocation]:
    """Every recognised command, in order."""
    return [inv for inv in map(recognise, commands) if inv is not None]


APT_TOOLS = frozenset({"apt-get", "apt"})
RPM_TOOLS = frozenset({"dnf", "yum", "microdnf"})


def removes_path(inv: Invocation, prefix: str) -> bool:
    """`rm` of a path under `prefix` (a glob like `/var/lib/apt/lists/*` counts)."""
    if inv.tool != "rm":
        return False
    return any((w.value or "").rstrip("/").startswith(prefix.rstrip("/")) for w in inv.operands)
