"""`dfopt rewrite`: read files, apply fixes, and write, diff or report. Prints only through the
`out` and `err` callables it is given."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import os

from dfopt.app.files import STDIN, discover, in_shard, read_source, unified_diff, write_atomic
from dfopt.app.ignore import apply_plan, context_root, propose_dockerignore
from dfopt.app.settings import Settings
from dfopt.compose.model import is_compose_path
from dfopt.context.ignoregen import IgnorePlan
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
    proposed: dict[Path, str] = {}  # --diff/--check: a context's .dockerignore as shown, not written
    for path in paths:
        plan = None
        try:
            if fix_dockerignore and not is_compose_path(path):
                result, plan = _rewrite_with_dockerignore(path, rules, settings, context_dir, proposed,
                                                          remember=mode != "in-place")
            else:
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
            if plan is not None:
                apply_plan(plan, "diff", out, err, quiet)
                status = max(status, 1 if plan.changed else 0)
        elif mode == "check":
            if result.changed:
                err(f"{name}: would be rewritten ({len(result.applied)} fixes)")
                status = max(status, 1)
            if plan is not None:
                status = max(status, apply_plan(plan, "check", out, err, quiet))
        elif mode == "in-place":
            status = max(status, _write(path, name, result, plan, quiet, out, err))
    return status


def _write(path: str, name: str, result: FixResult, plan: IgnorePlan | None, quiet: bool, out: Printer,
           err: Printer) -> int:
    """The .dockerignore first (the rewrite was judged with it), then the Dockerfile; when the
    Dockerfile cannot be written, the .dockerignore just created is removed again."""
    written = None
    try:
        if plan is not None and plan.changed:
            apply_plan(plan, "write", out, err, quiet)
            written = plan
        if result.changed:
            write_atomic(Path(path), result.text, expected=result.original)
    except DfoptError as error:
        err(f"dfopt: {error}")
        if written is not None:
            _undo(written, err)
        return 2
    if result.changed and not quiet:
        err(f"{name}: rewritten ({len(result.applied)} fixes)")
    return 0


def _undo(plan: IgnorePlan, err: Printer) -> None:
    try:
        if plan.existing is None and plan.path.read_text(encoding="utf-8") == plan.text:
            plan.path.unlink()
            err(f"{plan.path}: removed again (the Dockerfile was not written)")
    except OSError:
        err(f"dfopt: {plan.path}: written, but the Dockerfile was not; remove it or rerun")


def _rewrite_with_dockerignore(path: str, rules, settings: Settings, context_dir: str | None,
                               proposed: dict[Path, str], remember: bool) -> tuple[FixResult, IgnorePlan | None]:
    """`rewrite --fix-dockerignore`: when the context has no .dockerignore, the file it gets is
    decided first and the rules see the context as it will be with it. The file keeps what the
    rewritten Dockerfile copies, so the two are decided together until they agree."""
    source = read_source(path)
    root = context_root(path, context_dir).resolve()
    if root in proposed:  # shown for an earlier Dockerfile of this context in this run
        return rewrite_one(path, rules, settings, context_dir, proposed[root], source), None
    plan = propose_dockerignore(path, source[1], context_dir)
    if plan is None:
        return rewrite_one(path, rules, settings, context_dir, source=source), None
    for _ in range(_SETTLE):
        result = rewrite_one(path, rules, settings, context_dir, plan.text, source)
        again = propose_dockerignore(path, result.text, context_dir)
        if again is None or again.text == plan.text:
            if remember:
                proposed[root] = plan.text
            return result, plan
        plan = again
    raise DfoptError("the .dockerignore and the rewrite do not settle on one another; "
                     "write the .dockerignore first (`dfopt ignore --write`), then rewrite")


_SETTLE = 3


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


def rewrite_one(path: str, rules, settings: Settings, context_dir: str | None, ignore_text: str | None = None,
                source: tuple[str, str] | None = None) -> FixResult:
    """One file (or standard input) as `dfopt rewrite` leaves it: `rules` (from `settings.rules()`)
    with the settings' rule options and unsafe-fixes choice. `ignore_text`: a .dockerignore about
    to be written, which the rules then take as the context's; `source`: (name, text) already read."""
    name, text = source or read_source(path)
    from dfopt.context import for_dockerfile

    # Rules whose findings are another tool's (ShellCheck) never fix anything: the fix loop,
    # which re-checks the text after every pass, does not run them.
    rules = [rule for rule in rules if not rule.finding_aliases]

    context = None if is_compose_path(path) else for_dockerfile(path, context_dir)
    if context is not None and ignore_text is not None:
        context = context.with_ignore_text(ignore_text)
    companion = None
    if is_compose_path(path) and path != STDIN:
        from dfopt.compose.merge import companion_of

        companion = companion_of(path)  # fixes judged on the merged view, as Compose runs it
    return fix_file(name, text, rules, settings.unsafe_fixes, context, dict(settings.rule_options), companion)
