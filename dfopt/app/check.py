"""`dfopt check`: find the Dockerfiles and compose files under the given paths, run the enabled
rules on each (compose-file rules on compose files), and collect the results for a report. A file
that cannot be read or parsed becomes an error entry; the others are still checked."""

from __future__ import annotations

from typing import Iterable, Sequence

from dfopt.app.files import STDIN, discover, in_shard, is_dockerfile_name, read_source  # noqa: F401
from dfopt.app.results import CheckResult, FileError, FileResult, RuleMeta
from dfopt.app.settings import Settings
from dfopt.compose.model import is_compose_path
from dfopt.errors import DfoptError
from dfopt.findings import RuleInfo

def rule_meta(rule: type[RuleInfo], docs_url: str | None = None) -> RuleMeta:
    from dfopt.rules.docs import sections

    what = sections(rule).get("What it does")
    return RuleMeta(
        code=rule.code,
        title=rule.title,
        summary=" ".join(what.split()) if what else rule.title,
        docs=rule.docs(),
        severity=rule.severity,
        safety=rule.fix_safety.value if rule.fix_safety is not None else "none",
        aliases=rule.aliases(),
        **({"docs_url": docs_url} if docs_url else {}),
    )


def _read(path: str, stdin_text: str | None, stdin_name: str | None = None) -> tuple[str, str]:
    if path == STDIN:
        return stdin_name or "<stdin>", stdin_text or ""
    return read_source(path)


def check_file(path: str, text: str, rules: Sequence[type[RuleInfo]], settings: Settings,
               want_fixed: bool = False, build_context=None, companion=None) -> FileResult:
    from dfopt import fixer

    options = dict(settings.rule_options)
    try:
        findings = fixer.deferred(fixer.check_file(path, text, rules, build_context, options, companion))
        fixed = None
        if want_fixed:
            fixed = fixer.fix_file(path, text, rules, settings.unsafe_fixes, build_context, options, companion).text
    except DfoptError as err:
        if err.path is not None and err.path != path:  # about a file of the build context
            return FileResult(path, text, error=FileError(str(err), None))
        return FileResult(path, text, error=FileError(err.message, err.line))
    reported = (_as_reported(f, settings) for f in findings)
    return FileResult(path, text, tuple(f for f in reported if f is not None), fixed_text=fixed)


def _as_reported(finding, settings: Settings):
    """Findings as `check` reports them: each fix's message in the imperative (a hint), and the
    severity a .hadolint.yaml `override` gives the rule."""
    from dataclasses import replace

    if finding.aliases:
        from dfopt.catalogue import ignored_finding

        if ignored_finding(finding.aliases, settings.ignore):
            return None
    severity = settings.severity_overrides.get(finding.code)
    if severity is not None and severity != finding.severity:
        finding = replace(finding, severity=severity)
    if finding.fix is None or not finding.fix.message:
        return finding
    from dfopt.app.hints import imperative

    return replace(finding, fix=replace(finding.fix, message=imperative(finding.fix.message)))


def check_paths(paths: Sequence[str], settings: Settings, rules: Sequence[type[RuleInfo]] | None = None,
                want_fixed: bool = False, stdin_text: str | None = None, version: str = "",
                docs_url: str | None = None, context_dir: str | None = None,
                stdin_name: str | None = None, shard: tuple[int, int] | None = None,
                jobs: int = 0) -> CheckResult:
    """Check every Dockerfile and compose file under `paths` with the rules `settings` enables (or
    `rules`); each file gets the rules of its kind. Standard input is named `stdin_name` in the
    results, and that name says its kind. The build context is `context_dir`, else each
    Dockerfile's folder (the current one for stdin). With `shard` (K, N), only the files of
    shard K of N (see `in_shard`). `jobs` is the number of processes that check files (0: one a
    CPU core, when there are enough files to be worth it; see `worker_count`); the results are the
    same in the same order whatever it is."""
    if rules is None:
        rules = settings.rules()
    files = [path for path in discover(paths) if in_shard(path, shard)]
    read: list[tuple[str, str, str] | FileResult] = []
    for path in files:
        try:
            read.append((path, *_read(path, stdin_text, stdin_name)))
        except DfoptError as err:
            read.append(FileResult(path, "", error=FileError(err.message, err.line)))
    todo = [item for item in read if not isinstance(item, FileResult)]
    # ShellCheck's rule reads from one batch of ShellCheck processes the main process owns; the
    # other rules run in worker processes, forked before any thread starts.
    shellcheck_rules = [rule for rule in rules if rule.finding_aliases == "SC"]
    workers = worker_count(len(todo), jobs) if not want_fixed else 1
    pool = None
    if workers > 1:
        global _JOB
        _JOB = ([rule for rule in rules if rule not in shellcheck_rules], settings, context_dir)
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        if pool is None:
            batch, trees = _start_shellcheck(todo, shellcheck_rules)
            checked = (_check_one(path, name, text, rules, settings, context_dir, want_fixed)
                       for path, name, text in todo)
        else:  # the workers start on the files while this process starts ShellCheck on them
            checked = pool.imap(_check_job, todo, chunksize=max(1, min(8, len(todo) // (workers * 8))))
            batch, trees = _start_shellcheck(todo, shellcheck_rules)
        results = []
        for item in read:
            if isinstance(item, FileResult):
                results.append(item)
                continue
            result = next(checked)
            if pool is not None and shellcheck_rules and result.error is None and item[1] in trees:
                result = _with_shellcheck(result, trees[item[1]], shellcheck_rules, settings)
            results.append(result)
        if batch is not None:
            batch.close()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return CheckResult(
        files=tuple(results),
        rules={rule.code: rule_meta(rule, docs_url) for rule in rules},
        unsafe_fixes=settings.unsafe_fixes,
        tool_version=version,
    )


# Files a worker process is worth: below this many a file, forking costs more than it saves.
FILES_A_WORKER = 16
MAX_WORKERS = 8
_JOB: tuple = ()


def worker_count(files: int, jobs: int = 0) -> int:
    """How many processes check `files` files: `jobs` when given, else one a CPU core this process
    may run on (at most MAX_WORKERS) and at least FILES_A_WORKER files each. One (no worker
    processes) where processes cannot be forked cheaply and safely (anything but Linux)."""
    import os
    import sys

    if not sys.platform.startswith("linux") or files < 2:
        return 1
    if jobs > 0:
        return min(jobs, files)
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, MAX_WORKERS, files // FILES_A_WORKER))


def _check_job(item: tuple[str, str, str]) -> FileResult:
    rules, settings, context_dir = _JOB
    return _check_one(*item, rules, settings, context_dir, False)


def _check_one(path: str, name: str, text: str, rules, settings: Settings, context_dir: str | None,
               want_fixed: bool) -> FileResult:
    from dfopt.context import for_dockerfile

    try:
        context = for_dockerfile(path, context_dir)
    except DfoptError as err:  # an ignore file Docker would reject
        return FileResult(name, text, error=FileError(str(err), None))
    try:  # compose.override.yaml and its base are checked merged, as Compose runs them
        companion = None
        if path != STDIN and is_compose_path(path):
            from dfopt.compose.merge import companion_of  # here: most files checked are Dockerfiles

            companion = companion_of(path)
    except DfoptError as err:
        return FileResult(name, text, error=FileError(f"its override or base file: {err.message}", None))
    return check_file(name, text, rules, settings, want_fixed, context, companion)


def _with_shellcheck(result: FileResult, tree, rules, settings: Settings) -> FileResult:
    """A worker's result with the findings of the ShellCheck rule added, in the order one process
    would have reported them (by offset, then code)."""
    from dfopt import fixer

    try:
        found = fixer.check(tree, list(rules), result.path, None, dict(settings.rule_options))
    except DfoptError as err:
        return FileResult(result.path, result.text, error=FileError(err.message, err.line))
    reported = [f for f in (_as_reported(f, settings) for f in found) if f is not None]
    merged = sorted((*result.findings, *reported), key=lambda f: (f.start, f.code))
    return FileResult(result.path, result.text, tuple(merged), result.error, result.fixed_text)


def _start_shellcheck(todo, rules):
    """When the ShellCheck rule is on, start ShellCheck on every RUN script of these files in the
    background (few processes), so it runs while the other rules analyse them. Returns the batch
    (None when nothing runs) and the parsed Dockerfiles by name."""
    if not rules:
        return None, {}
    from dfopt.shell import shellcheck
    from dfopt.syntax import parse

    if shellcheck.binary() is None:
        return None, {}
    trees = {}

    def parsed():  # files parsed as the batch takes them: ShellCheck starts on the first ones
        for _path, name, text in todo:
            if is_compose_path(name):
                continue
            try:
                trees[name] = tree = parse(text, name)
            except DfoptError:
                continue  # reported when it is checked
            yield tree

    return shellcheck.prefetch(parsed()), trees


def exit_status(result: CheckResult, settings: Settings) -> int:
    """2 when a file could not be checked, 1 when a finding is at or above the fail level, else 0."""
    if any(file.error is not None for file in result.files):
        return 2
    if settings.never_fail:
        return 0
    threshold = settings.fail_level.rank
    return 1 if any(f.severity.rank >= threshold for _, f in result.findings()) else 0

