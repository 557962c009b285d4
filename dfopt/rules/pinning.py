"""What the version-pinning rules (DF111-DF116) share: each finds the install commands of one
package manager, on the shared RUN analysis, whose package operands carry no version."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable

from dfopt.rules.run_analysis import runs
from dfopt.shell.commands import Invocation, unwrap
from dfopt.shell.script import Command, Word


def unpinned_findings(rule, df, installs: Callable[[Invocation], bool], packages: Callable[[Invocation], Iterable[Word]],
                      pinned: Callable[[str], bool], how: str):
    """One finding per install command with unpinned packages, naming them."""
    for run in runs(df):
        for inv in run.invocations:
            if not installs(inv):
                continue
            loose = [w for w in packages(inv) if not pinned(w.value if w.value is not None else w.text)]
            if loose:
                names = ", ".join(f"`{w.text}`" for w in loose[:4]) + (", ..." if len(loose) > 4 else "")
                yield rule.finding(inv.command.start, inv.command.end,
                                   f"{names} without a version: pin it ({how})")


def program_words(command: Command) -> list[Word]:
    """The words of the program a command runs, `sudo` and `env` looked through."""
    return unwrap(command)[0]


def commands_named(df, name: str) -> list[tuple[Command, list[Word]]]:
    """(command, its words after wrappers) for every command of the analysed RUNs running `name`."""
    return _commands_by_program(df).get(name, [])


@lru_cache(maxsize=8)
def _commands_by_program(df) -> dict[str, list[tuple[Command, list[Word]]]]:
    # Built once a file: several rules each ask for the commands of one program.
    by_program: dict[str, list[tuple[Command, list[Word]]]] = {}
    for run in runs(df):
        for command in run.script.commands:
            words = program_words(command)
            if words and words[0].value is not None:
                by_program.setdefault(words[0].value.rsplit("/", 1)[-1], []).append((command, words))
    return by_program
