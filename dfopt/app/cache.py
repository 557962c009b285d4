"""`dfopt cache`: which instruction is the first to miss BuildKit's layer cache when some files of
the build context change, and how many instructions rerun, before and after `dfopt rewrite`.

The model (BuildKit's, for what a change of context files can reach):
- COPY/ADD from the context misses when a changed file is among what it copies (after the ignore
  file); COPY --from=<stage> misses when that stage reruns anything.
- RUN misses when its parent missed (its key is its text), or when a `--mount=type=bind` source it
  reads changed (the context, or a stage that reruns).
- An instruction whose text changed misses (when the Dockerfile itself changed, with --git), and so
  does the first use of a build argument whose value changes (every RUN after its ARG uses it).
- A stage built FROM another stage reruns entirely when that stage reruns anything.
Everything after the first miss in a stage reruns.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from dfopt.app.settings import Settings
from dfopt.catalogue import DOCKERFILE_RULES
from dfopt.context import BuildContext
from dfopt.context.gomatch import clean
from dfopt.errors import DfoptError
from dfopt.syntax import Dockerfile, Instruction, Stage


@dataclass(frozen=True)
class StageCache:
    index: int
    name: str | None
    first_miss: Instruction | None  # None: every step is cached
    reason: str
    rerun: int  # instructions that run again (FROM excluded)
    total: int  # instructions in the stage (FROM excluded)
    runs_rerun: int = 0  # of which RUN instructions: the expensive ones
    runs_total: int = 0

    @property
    def label(self) -> str:
        return f"stage {self.index}" + (f" ({self.name})" if self.name else "")


def changed_from_git(context_dir: str | Path, rev: str) -> list[str]:
    """`git diff --name-only REV`, relative to the context (files outside it are dropped)."""
    try:
        done = subprocess.run(["git", "-C", str(context_dir), "diff", "--name-only", "--relative", rev, "--"],
                              capture_output=True, text=True, check=False)
    except OSError as err:
        raise DfoptError(f"cannot run git: {err.strerror}") from None
    if done.returncode != 0:
        raise DfoptError(f"git diff --name-only {rev} failed: {done.stderr.strip() or done.returncode}")
    return [line for line in done.stdout.splitlines() if line]


def old_text_from_git(dockerfile: str | Path, rev: str) -> str | None:
    """The Dockerfile as it was at REV (None when it did not exist or git cannot say)."""
    path = Path(dockerfile)
    done = subprocess.run(["git", "-C", str(path.parent), "show", f"{rev}:./{path.name}"],
                          capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def explain(df: Dockerfile, context: BuildContext, changed: list[str], build_args: list[str] = (),
            old: Dockerfile | None = None) -> list[StageCache]:
    changed = [p for p in (_normal(c) for c in changed) if p and not context.ignored(p)]
    results: list[StageCache] = []
    for stage in df.stages:
        results.append(_stage(df, stage, context, changed, set(build_args), old, results))
    return results


def _stage(df: Dockerfile, stage: Stage, context: BuildContext, changed: list[str], args: set[str],
           old: Dockerfile | None, done: list[StageCache]) -> StageCache:
    body = stage.instructions[1:]
    parent = df.find_stage(stage.image)
    declared: set[str] = set()
    old_body = _old_stage(old, stage.index)

    runs = sum(ins.cmd == "RUN" for ins in body)

    def result(position: int, reason: str, ins: Instruction | None = None) -> StageCache:
        rest = body[position:]
        return StageCache(stage.index, stage.name, ins or body[position], reason, len(rest), len(body),
                          sum(i.cmd == "RUN" for i in rest), runs)

    if parent is not None and parent.index < len(done) and done[parent.index].first_miss is not None:
        return result(0, f"built FROM {done[parent.index].label}, which reruns", stage.from_)
    if old is not None and (old_body is None or _text(stage.from_) != _text(old_body[0])):
        return result(0, "the FROM line changed", stage.from_)
    for position, ins in enumerate(body):
        if old_body is not None and (position + 1 >= len(old_body) or _text(ins) != _text(old_body[position + 1])):
            return result(position, "the instruction changed")
        if ins.cmd == "ARG":
            declared |= {w.split("=", 1)[0] for w in ins.args.split()} & args
        used = {a for a in declared if ins.cmd == "RUN" or re.search(rf"\$\{{?{re.escape(a)}\b", ins.args)}
        if used and ins.cmd != "ARG":
            return result(position, f"build argument {sorted(used)[0]} changes")
        reason = _misses(df, ins, context, changed, done)
        if reason:
            return result(position, reason)
    return StageCache(stage.index, stage.name, None, "cached", 0, len(body), 0, runs)


def _misses(df: Dockerfile, ins: Instruction, context: BuildContext, changed: list[str],
            done: list[StageCache]) -> str | None:
    if ins.cmd in ("COPY", "ADD") and not ins.heredocs:
        source = ins.flag("from")
        if source is not None:
            return _stage_reruns(df, source.value or "", done)
        words = list(ins.exec_args) if ins.form == "exec" and ins.exec_args else ins.args.split()
        hit = _first_hit(words[:-1], changed)
        return f"{hit} changed" if hit else None
    if ins.cmd == "RUN":
        for flag in ins.flags:
            if flag.name != "mount" or not flag.value:
                continue
            options = dict(part.split("=", 1) if "=" in part else (part, "") for part in flag.value.split(","))
            if options.get("type", "bind") != "bind":
                continue
            if "from" in options:
                reason = _stage_reruns(df, options["from"], done)
                if reason:
                    return f"bind mount: {reason}"
                continue
            hit = _first_hit([options.get("source", options.get("src", "."))], changed)
            if hit:
                return f"bind-mounted {hit} changed"
    return None


def _stage_reruns(df: Dockerfile, ref: str, done: list[StageCache]) -> str | None:
    stage = df.find_stage(ref)
    if stage is not None and stage.index < len(done) and done[stage.index].first_miss is not None:
        return f"{done[stage.index].label} reruns"
    return None


def _first_hit(sources: list[str], changed: list[str]) -> str | None:
    for source in sources:
        if "://" in source:
            continue
        pattern = _normal(source)
        for path in changed:
            if pattern is None or _covers(pattern, path):
                return path
    return None


def _covers(pattern: str, path: str) -> bool:
    """A COPY source (file, folder or wildcard, matched a path segment at a time) includes path."""
    parts, segments = pattern.split("/"), path.split("/")
    if len(segments) < len(parts):
        return False
    return all(fnmatch.fnmatchcase(seg, part) for seg, part in zip(segments, parts))


def _normal(path: str) -> str | None:
    normal = clean(posixpath.join("/", path)).lstrip("/")
    return normal or None


def _text(ins: Instruction) -> tuple[str, str, tuple[str, ...]]:
    return ins.cmd, ins.args, tuple(f.text for f in ins.flags)


def _old_stage(old: Dockerfile | None, index: int) -> tuple[Instruction, ...] | None:
    if old is None or index >= len(old.stages):
        return None
    return old.stages[index].instructions


@dataclass(frozen=True)
class CacheReport:
    path: str
    changed: list[str]
    before: list[StageCache]
    after: list[StageCache]
    rewritten: bool  # the rewrite changed the file


def cache_command(path: str, settings: Settings, changed: list[str] = (), git_rev: str | None = None,
                  build_args: list[str] = (), context_dir: str | None = None) -> CacheReport:
    """`dfopt cache`: the changed files are given, or taken from `git diff REV` (and then the
    Dockerfile's own edits since REV count too)."""
    from dfopt.app.files import STDIN, read_source
    from dfopt.context import for_dockerfile

    if bool(changed) == bool(git_rev):
        raise DfoptError("give the changed files with --changed PATH (repeatable) or --git REV")
    name, text = read_source(path)
    context = for_dockerfile(path, context_dir)
    old_text = None
    if git_rev:
        changed = changed_from_git(context.root, git_rev)
        if path != STDIN:
            old_text = old_text_from_git(path, git_rev)
    return cache_report(name, text, context, list(changed), settings, list(build_args), old_text)


def cache_report(path: str, text: str, context: BuildContext, changed: list[str], settings: Settings,
                 build_args: list[str] = (), old_text: str | None = None) -> CacheReport:
    """The cache explanation of a Dockerfile as it is, and as `dfopt rewrite` leaves it with the
    same settings (rules, rule options, unsafe fixes or not)."""
    from dfopt.fixer import fix_text
    from dfopt.syntax import parse

    rules = [r for r in settings.rules() if r in DOCKERFILE_RULES]

    def rewritten(source: str) -> str:
        return fix_text(source, rules, path, unsafe=settings.unsafe_fixes, build_context=context,
                        options=dict(settings.rule_options)).text

    new_df = parse(text, path)
    old_df = parse(old_text, path) if old_text is not None else None
    after_text = rewritten(text)
    after_old = parse(rewritten(old_text), path) if old_text is not None else None
    return CacheReport(path, changed,
                       explain(new_df, context, changed, build_args, old_df),
                       explain(parse(after_text, path), context, changed, build_args, after_old),
                       after_text != text)


def render_text(report: CacheReport) -> str:
    lines = [f"{report.path}: {len(report.changed)} changed file(s): {', '.join(report.changed[:5])}"
             + (" ..." if len(report.changed) > 5 else "")]
    if not report.rewritten:
        lines.append("  (dfopt rewrite leaves this file as it is: before and after are the same)")
    for before, after in zip(report.before, report.after):
        lines.append(f"  {before.label}")
        for label, item in (("before", before), ("after", after)):
            if item.first_miss is None:
                lines.append(f"    {label:6}  all {item.total} instructions cached")
                continue
            ins = item.first_miss
            shown = f"{ins.keyword} {ins.args}"
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            lines.append(f"    {label:6}  line {ins.start_line}: {shown}  misses ({item.reason}); "
                         f"{item.rerun} of {item.total} rerun ({item.runs_rerun} of {item.runs_total} RUN)")
    return "\n".join(lines) + "\n"


def render_json(report: CacheReport) -> str:
    import json

    def stage(item: StageCache) -> dict:
        miss = item.first_miss
        return {"stage": item.index, "name": item.name, "rerun": item.rerun, "total": item.total,
                "runs_rerun": item.runs_rerun, "runs_total": item.runs_total,
                "reason": item.reason,
                "first_miss": None if miss is None else {"line": miss.start_line, "instruction": miss.cmd,
                                                         "text": f"{miss.keyword} {miss.args}"}}

    return json.dumps({"path": report.path, "changed": report.changed, "rewritten": report.rewritten,
                       "before": [stage(s) for s in report.before],
                       "after": [stage(s) for s in report.after]}, indent=2) + "\n"
