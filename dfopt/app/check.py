"""`dfopt check`: find the Dockerfiles and compose files under the given paths, run the enabled
rules on each (compose-file rules on compose files), and collect the results for a report. A file
that cannot be read or parsed becomes an error entry; the others are still checked."""

from __future__ import annotations

from typing import Iterable, Sequence

from dfopt.app.files import STDIN, discover, in_shard, is_dockerfile_name, read_source  # noqa: F401
from dfopt.app.results import CheckResult, FileError, FileResult, RuleMeta
from dfopt.app.settings import Settings
from dfopt.compose.merge import companion_of
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
        findings = fixer.check_file(path, text, rules, build_context, options, companion)
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
                stdin_name: str | None = None, shard: tuple[int, int] | None = None) -> CheckResult:
    """Check every Dockerfile and compose file under `paths` with the rules `settings` enables (or
    `rules`); each file gets the rules of its kind. Standard input is named `stdin_name` in the
    results, and that name says its kind. The build context is `context_dir`, else each
    Dockerfile's folder (the current one for stdin). With `shard` (K, N), only the files of
    shard K of N (see `in_shard`)."""
    from dfopt.context import for_dockerfile

    if rules is None:
        rules = settings.rules()
    files = [path for path in discover(paths) if in_shard(path, shard)]
    read: list[tuple[str, str, str] | FileResult] = []
    for path in files:
        try:
            read.append((path, *_read(path, stdin_text, stdin_name)))
        except DfoptError as err:
            read.append(FileResult(path, "", error=FileError(err.message, err.line)))
    batch = _start_shellcheck(read, rules)
    results = []
    for item in read:
        if isinstance(item, FileResult):
            results.append(item)
            continue
        path, name, text = item
        try:
            context = for_dockerfile(path, context_dir)
        except DfoptError as err:  # an ignore file Docker would reject
            results.append(FileResult(name, text, error=FileError(str(err), None)))
            continue
        try:  # compose.override.yaml and its base are checked merged, as Compose runs them
            companion = companion_of(path) if path != STDIN and is_compose_path(path) else None
        except DfoptError as err:
            results.append(FileResult(name, text, error=FileError(f"its override or base file: {err.message}", None)))
            continue
        results.append(check_file(name, text, rules, settings, want_fixed, context, companion))
    if batch is not None:
        batch.close()
    return CheckResult(
        files=tuple(results),
        rules={rule.code: rule_meta(rule, docs_url) for rule in rules},
        unsafe_fixes=settings.unsafe_fixes,
        tool_version=version,
    )


def _start_shellcheck(read, rules):
    """When the ShellCheck rule is on, start ShellCheck on every RUN script of these files in the
    background (few processes), so it runs while the other rules analyse them."""
    if not any(rule.finding_aliases == "SC" for rule in rules):
        return None
    from dfopt.shell import shellcheck
    from dfopt.syntax import parse

    if shellcheck.binary() is None:
        return None
    trees = []
    for item in read:
        if isinstance(item, FileResult) or is_compose_path(item[1]):
            continue
        try:
            trees.append(parse(item[2], item[1]))
        except DfoptError:
            continue  # reported when it is checked
    return shellcheck.prefetch(trees)


def exit_status(result: CheckResult, settings: Settings) -> int:
    """2 when a file could not be checked, 1 when a finding is at or above the fail level, else 0."""
    if any(file.error is not None for file in result.files):
        return 2
    if settings.never_fail:
        return 0
    threshold = settings.fail_level.rank
    return 1 if any(f.severity.rank >= threshold for _, f in result.findings()) else 0

