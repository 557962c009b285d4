"""`dfopt rewrite`: read files, apply fixes, and write, diff or report. Prints only through the
`out` and `err` callables it is given."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import os

from dfopt.app.files import STDIN, discover, in_shard, read_source, unified_diff, write_atomic
from dfopt.app.settings import Settings
from dfopt.compose.model import is_compose_path
from dfopt.errors import DfoptError
from dfopt.fixer import FixResult, fix_file

Printer = Callable[[str], None]  # `out` writes text as it is; `err` writes one message line


def rewrite_paths(paths: list[str], mode: str, settings: Settings, context_dir: str | None, quiet: bool,
                  verbose: bool, out: Printer, err: Printer, fix_dockerignore: bool = False,
                  shard: tuple[int, int] | None = None) -> int:
    """Returns the exit status: 0 nothing to do or done, 1 --check or --diff found changes, 2 an error.
    Folders are searched for Dockerfiles and compose files, as `check` does."""
    rules = settings.rules()
    if mode == "stdout" and any(path != STDIN and os.path.isdir(path) for path in paths):
        raise DfoptError("a folder needs --in-place, --diff or --check (printing many files as one makes no sense)")
    paths = [path for path in discover(paths) if in_shard(path, shard)]
    if paths.count(STDIN) > 1:
        raise DfoptError("standard input (-) can be given once")
    if mode == "in-place" and STDIN in paths:
        raise DfoptError("--in-place cannot write to standard input; use --diff or no option")
    if fix_dockerignore and mode == "stdout":
        raise DfoptError("--fix-dockerignore needs --in-place, --diff or --check")
    status = 0
    for path in paths:
        try:
            result = rewrite_one(path, rules, settings, context_dir)
        except DfoptError as error:
            err(f"dfopt: {error.with_path(path)}")
            status = 2
            continue
        name = "<stdin>" if path == STDIN else path
        if not quiet:
            for fix in result.applied:
                err(f"{name}:{fix.line}: {fix.code} {fix.message}")
        if verbose:
            _left_alone(name, result, err)
        if mode == "stdout":
            out(result.text)
        elif mode == "diff":
            if result.changed:
                out(unified_diff(result.original, result.text, name))
                status = max(status, 1)
        elif mode == "check":
            if result.changed:
                err(f"{name}: would be rewritten ({len(result.applied)} fixes)")
                status = max(status, 1)
        elif mode == "in-place":
            if result.changed:
                try:
                    write_atomic(Path(path), result.text, expected=result.original)
                except DfoptError as error:
                    err(f"dfopt: {error}")
                    status = 2
                    continue
                if not quiet:
                    err(f"{name}: rewritten ({len(result.applied)} fixes)")
        if fix_dockerignore and not is_compose_path(path):
            from dfopt.app.ignore import missing_dockerignore

            status = max(status, missing_dockerignore(path, result.text, context_dir, mode, out, err, quiet))
    return status


def _left_alone(name: str, result: FixResult, err: Printer) -> None:
    from dfopt.shell.run import not_analysed
    from dfopt.syntax import parse

    for finding in result.remaining:
        why = finding.no_fix_reason or ("needs --unsafe-fixes" if finding.fix else "no fix")
        err(f"{name}:{result.original_line(finding.start)}: left alone: {finding.code} "
            f"{finding.message} ({why})")
    if not is_compose_path(name):
        final = parse(result.text, name)
        for line, reason in not_analysed(final):
            err(f"{name}:{result.original_line(final.line_start(line))}: not analysed: RUN ({reason})")


def rewrite_one(path: str, rules, settings: Settings, context_dir: str | None) -> FixResult:
    """One file (or standard input) as `dfopt rewrite` leaves it: `rules` (from `settings.rules()`)
    with the settings' rule options and unsafe-fixes choice."""
    name, text = read_source(path)
    from dfopt.context import for_dockerfile

    context = None if is_compose_path(path) else for_dockerfile(path, context_dir)
    companion = None
    if is_compose_path(path) and path != STDIN:
        from dfopt.compose.merge import companion_of

        companion = companion_of(path)  # fixes judged on the merged view, as Compose runs it
    return fix_file(name, text, rules, settings.unsafe_fixes, context, dict(settings.rule_options), companion)
