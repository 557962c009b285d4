"""`dfopt ignore`: generate or merge a context's .dockerignore, and print, diff, check or write it;
`dfopt check-ignore`: which paths the context's ignore file leaves out. Prints only through the
`out` and `err` callables it is given."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from dfopt.app.files import unified_diff, write_atomic
from dfopt.context.ignoregen import IgnorePlan, plan_dockerignore
from dfopt.context.scan import Totals
from dfopt.errors import DfoptError
from dfopt.sizes import human_size

Printer = Callable[[str], None]


def ignore_command(context_dir: str, dockerfiles: list[str], mode: str, out: Printer, err: Printer,
                   quiet: bool = False) -> int:
    """mode: "stdout", "diff", "check" or "write". Returns the exit status (1: --check found the
    file missing or out of date)."""
    root = Path(context_dir)
    if not root.is_dir():
        raise DfoptError("the build context is not a folder", context_dir)
    for path in dockerfiles:
        if not Path(path).is_file():
            raise DfoptError("no such Dockerfile", path)
    plan = plan_dockerignore(root, dockerfiles or None)
    return apply_plan(plan, mode, out, err, quiet)


def context_root(path: str, context_dir: str | None) -> Path:
    """The build context of a Dockerfile as `rewrite` takes it: --context, else its folder."""
    return Path(context_dir) if context_dir else Path(".") if path == "-" else Path(path).parent


def propose_dockerignore(path: str, text: str, context_dir: str | None) -> IgnorePlan | None:
    """`rewrite --fix-dockerignore`: the .dockerignore the context gets when it has none (None
    when it has one), keeping what Dockerfile `text` and the context's other Dockerfiles copy."""
    root = context_root(path, context_dir)
    if (root / ".dockerignore").exists():
        return None
    name = "Dockerfile" if path == "-" else path
    return plan_dockerignore(root, dockerfile_texts={name: text})


def apply_plan(plan: IgnorePlan, mode: str, out: Printer, err: Printer, quiet: bool = False) -> int:
    shown = str(plan.path)
    for warning in plan.warnings:
        err(f"warning: {warning}")
    if not quiet:
        for line in summary(plan):
            err(line)
    if mode == "stdout":
        out(plan.text)
        return 0
    if mode == "diff":
        if plan.changed:
            out(unified_diff(plan.existing or "", plan.text, shown))
        return 0
    if mode == "check":
        if plan.existing is None:
            err(f"{shown}: missing")
            return 1
        if plan.changed:
            err(f"{shown}: would be updated")
            return 1
        return 0
    if mode == "write":
        if not plan.changed:
            return 0
        # Never through a symbolic link out of the build context: the file written there would
        # not be the context's .dockerignore, and could be anything.
        write_atomic(plan.path, plan.text, expected=plan.existing, within=plan.path.parent)
        if not quiet:
            err(f"{shown}: {'written' if plan.existing is None else 'updated'}")
        return 0
    raise ValueError(mode)


def check_ignore_paths(context_dir: str, dockerfile: str | None, ignorefile: str | None, paths: Iterable[str],
                       verbose: bool = False, non_matching: bool = False) -> Iterator[tuple[str, bool]]:
    """(line to print, excluded?) for each path `dfopt check-ignore` prints, in input order."""
    from dfopt.context import BuildContext
    from dfopt.context.checkignore import check_ignore, format_line

    context = BuildContext.from_dir(context_dir, dockerfile, ignorefile)
    for path, line, excluded in check_ignore(context.ignore, paths, Path(context_dir), verbose, non_matching):
        yield format_line(path, line, verbose), excluded


def summary(plan: IgnorePlan) -> list[str]:
    lines = [f"context sent to the builder: {_totals(plan.before)} "
             f"{'now' if plan.existing is not None else 'without a .dockerignore'}, "
             f"{_totals(plan.after)} with this one"]
    if plan.projects:
        found = [f"{p.language}{' (TypeScript)' if p.typescript else ''} in {p.folder or '.'}" for p in plan.projects]
        lines.append(f"projects: {', '.join(found)}")
    if plan.secrets_kept_out:
        lines.append(f"secret-looking files kept out: {', '.join(plan.secrets_kept_out)}")
    lines.extend(f"note: {note}" for note in plan.notes)
    return lines


def _totals(t: Totals) -> str:
    text = f"{t.files:,} files, {human_size(t.bytes, 'bytes')}"
    if t.unsized:
        text += f" (+{t.unsized:,} of unknown size)"
    return text

