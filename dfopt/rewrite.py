"""`dfopt rewrite`: read files, apply fixes, and write, diff or report. Prints only through the
`out` and `err` callables it is given."""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path
from typing import Callable

from dfopt.compose.model import is_compose_path
from dfopt.errors import DfoptError
from dfopt.fixer import FixResult, fix_file
from dfopt import catalogue
from dfopt.shell.run import not_analysed
from dfopt.syntax import parse

Printer = Callable[[str], None]  # `out` writes text as it is; `err` writes one message line


def rewrite_paths(paths: list[str], mode: str, unsafe: bool, select: list[str] | None,
                  ignore: list[str] | None, context_dir: str | None, quiet: bool, verbose: bool,
                  out: Printer, err: Printer, options: dict | None = None,
                  fix_dockerignore: bool = False) -> int:
    """Returns the exit status: 0 nothing to do or done, 1 --check found changes, 2 an error."""
    unknown = catalogue.unknown_codes((select or []) + (ignore or []) + list(options or {}))
    if unknown:
        raise DfoptError(f"unknown rule code(s): {', '.join(unknown)} (see `dfopt rules`)")
    if paths.count("-") > 1:
        raise DfoptError("standard input (-) can be given once")
    if mode == "in-place" and "-" in paths:
        raise DfoptError("--in-place cannot write to standard input; use --diff or no option")
    if fix_dockerignore and mode == "stdout":
        raise DfoptError("--fix-dockerignore needs --in-place, --diff or --check")
    rules = catalogue.select_rules(select, ignore, catalogue.CATALOGUE)
    status = 0
    for path in paths:
        try:
            result = rewrite_one(path, rules, unsafe, context_dir, options)
        except DfoptError as error:
            err(f"dfopt: {error.with_path(path)}")
            status = 2
            continue
        name = "<stdin>" if path == "-" else path
        if not quiet:
            for fix in result.applied:
                err(f"{name}:{fix.line}: {fix.code} {fix.message}")
        if verbose:
            line, counted = 1, 0  # findings come in file order: count the lines as they pass
            for finding in result.remaining:
                why = finding.no_fix_reason or ("needs --unsafe-fixes" if finding.fix else "no fix")
                line += result.text.count("\n", counted, max(counted, finding.start))
                counted = max(counted, finding.start)
                err(f"{name}:{line}: left alone: {finding.code} {finding.message} ({why})")
            for line, reason in not_analysed(parse(result.text, name)):
                err(f"{name}:{line}: not analysed: RUN ({reason})")
        if mode == "stdout":
            out(result.text)
        elif mode == "diff":
            if result.changed:
                out(unified_diff(result.original, result.text, name))
        elif mode == "check":
            if result.changed:
                err(f"{name}: would be rewritten ({len(result.applied)} fixes)")
                status = max(status, 1)
        elif mode == "in-place":
            if result.changed:
                write_atomic(Path(path), result.text)
                if not quiet:
                    err(f"{name}: rewritten ({len(result.applied)} fixes)")
        if fix_dockerignore and not is_compose_path(path):
            from dfopt.ignore import missing_dockerignore

            status = max(status, missing_dockerignore(path, result.text, context_dir, mode, out, err, quiet))
    return status


def rewrite_one(path: str, rules, unsafe: bool, context_dir: str | None, options: dict | None = None) -> FixResult:
    import sys

    from dfopt.syntax import decode, read_dockerfile

    if path == "-":
        text = decode(sys.stdin.buffer.read(), "<stdin>")
    else:
        text = read_dockerfile(path)
    from dfopt.context import for_dockerfile

    context = None if is_compose_path(path) else for_dockerfile(path, context_dir)
    return fix_file("<stdin>" if path == "-" else path, text, rules, unsafe, context, options)


def unified_diff(before: str, after: str, name: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=_diff_name("a", name), tofile=_diff_name("b", name)))


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename it over the original, keeping
    the file's mode; the original is untouched if anything fails."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".dfopt-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _diff_name(side: str, name: str) -> str:
    # git-style a/ b/ prefixes for relative paths, so `git apply` and `patch -p1` take the diff.
    return name if name.startswith(("/", "<")) else f"{side}/{name}"
