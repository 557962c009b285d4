"""Prove a rewrite with real builds: build both Dockerfiles, then compare what they produced.

    from dfopt.verify import verify, AppliedFix
    result = verify(original_text, rewritten_text, "path/to/context", fixes=[...])
    result.verdict, result.safe_violation

The work happens in a temporary copy of the context; images are removed unless `keep=True`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dfopt.errors import DfoptError
from dfopt.verify.compare import AppliedFix, ConfigChange, Difference, config_changes, differences
from dfopt.verify.docker import Build, Engine, Progress
from dfopt.verify.fsdiff import FsDiff, diff, raw_changes, snapshot
from dfopt.verify.workspace import Workspace, strip_syntax_directive

if TYPE_CHECKING:
    from dfopt.app.settings import Settings

__all__ = ["AppliedFix", "FileRewrite", "Side", "VerifyResult", "rewrite_for_verify", "verify"]

# How many source files to try before concluding that no source-only change reaches the build.
_SOURCE_TRIES = 3


@dataclass
class Side:
    """One of the two images: how it built and what it is."""

    label: str
    build: Build
    rebuild: Build | None = None
    size: int | None = None
    layers: int | None = None
    config: dict = field(default_factory=dict)
    tag: str | None = None


@dataclass
class VerifyResult:
    original: Side
    rewritten: Side
    fixes: list[AppliedFix]
    fs: FsDiff | None = None
    config: list[ConfigChange] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    source_change: str | None = None  # the context file edited for the rebuild timing
    target: str | None = None
    notes: list[str] = field(default_factory=list)
    kept_images: list[str] = field(default_factory=list)

    @property
    def equivalent(self) -> bool:
        return self.rewritten.build.ok and not self.differences

    @property
    def verdict(self) -> str:
        if not self.rewritten.build.ok:
            return "the rewritten Dockerfile does not build"
        if self.differences:
            return "different"
        if self.fs is not None and self.fs.caches:
            return "equivalent apart from caches"
        return "equivalent"

    @property
    def safe_violation(self) -> bool:
        """A fix marked safe changed more than caches (or broke the build): exit 1."""
        if not self.rewritten.build.ok:
            return True
        safe = {f.code for f in self.fixes if f.safe}
        any_unsafe = any(not f.safe for f in self.fixes)
        for d in self.differences:
            if set(d.fixes) & safe:
                return True
            if not d.fixes and not any_unsafe:
                return True
        return False


def verify(
    original: str,
    rewritten: str,
    context: str,
    *,
    dockerfile: str | None = None,
    fixes: list[AppliedFix] | None = None,
    target: str | None = None,
    keep: bool = False,
    progress: Progress | None = None,
    engine: Engine | None = None,
    rebuilds: bool = True,
    no_cache: bool = True,
    control: bool = False,
) -> VerifyResult:
    """Build `original` and `rewritten` against `context` and compare the images.

    `dockerfile` is the path of the original file (for a `<name>.dockerignore` beside it).
    `rebuilds=False` skips timing the rebuilds after a source change (equivalence only).
    `control=True` builds the original a second time and ignores the files that differ between
    those two builds (a build that is not reproducible: compiled extensions, timestamped caches).
    `no_cache=False` lets both cold builds share the engine's layer cache: steps the two files
    have in common then give both images the same layers, which is what equivalence compares.
    Raises DfoptError when no engine answers or the original does not build.
    """
    say = progress or (lambda _msg: None)
    engine = engine or Engine()
    fixes = list(fixes or [])
    notes = []
    texts = {}
    for label, text in (("original", original), ("rewritten", rewritten)):
        texts[label], stripped = strip_syntax_directive(text)
        if stripped and label == "original":
            notes.append("ignored the `# syntax=` directive: both builds use the engine's built-in frontend")
    run = secrets.token_hex(4)
    images: list[str] = []
    result: VerifyResult | None = None
    sides: dict[str, Side] = {}
    with Workspace(context, dockerfile) as ws:
        try:
            for label in ("original", "rewritten"):
                path = ws.write_dockerfile(label, texts[label])
                tag = f"dfopt-verify:{run}-{label}"
                say(f"{label}: cold build (no cache)")
                build = engine.build(str(ws.context(label)), path, tag=tag, target=target, no_cache=no_cache,
                                     label=label, progress=say, iidfile=str(ws.root / f"{label}.iid"))
                if build.image_id:
                    images += [tag, build.image_id]
                sides[label] = Side(label, build, tag=tag if build.ok else None)
                if not build.ok and label == "original":
                    tail = "\n".join(build.log_tail[-15:])
                    raise DfoptError(f"the original Dockerfile does not build here, so there is nothing to "
                                     f"compare against:\n{tail}", dockerfile)
            result = VerifyResult(sides["original"], sides["rewritten"], fixes, target=target, notes=notes)
            if result.rewritten.build.ok:
                unstable: frozenset[str] = frozenset()
                if control:
                    say("original: control build (no cache), to find what differs between any two builds")
                    again = engine.build(str(ws.context("original")), str(ws.dockerfiles / "original.Dockerfile"),
                                         tag=f"dfopt-verify:{run}-control", target=target, no_cache=True,
                                         label="control", progress=say, iidfile=str(ws.root / "control.iid"))
                    if again.image_id:
                        images += [f"dfopt-verify:{run}-control", again.image_id]
                    if again.ok:
                        unstable = _unstable_paths(engine, sides["original"].build.image_id, again.image_id)
                        result.notes.append(f"control build: {len(unstable)} files differ between two builds "
                                            "of the original and are ignored")
                _compare(engine, result, sides, say, unstable)
                if rebuilds:
                    _time_rebuilds(engine, ws, texts, result, sides, target, say, images)
        finally:
            kept = [s.tag for s in sides.values() if s.tag] if keep else []
            kept_ids = {s.build.image_id for s in sides.values() if s.tag} if keep else set()
            engine.remove_images([i for i in _unique(images) if i not in kept and i not in kept_ids])
            if result is not None:
                result.kept_images = kept
    return result


def _unstable_paths(engine: Engine, first: str, second: str) -> frozenset[str]:
    snaps = []
    for image in (first, second):
        with engine.export(image) as stream:
            snaps.append(snapshot(stream))
    return frozenset(c.path for c in raw_changes(snaps[0], snaps[1]))


def _compare(engine: Engine, result: VerifyResult, sides: dict[str, Side], say: Progress,
             unstable: frozenset[str] = frozenset()) -> None:
    for side in sides.values():
        info = engine.inspect(side.build.image_id)
        side.size = info.get("Size")
        side.layers = len(info.get("RootFS", {}).get("Layers") or [])
        # MAINTAINER sets the top-level Author field, not a Config one.
        side.config = dict(info.get("Config") or {}, Author=info.get("Author") or None)
    result.config = config_changes(result.original.config, result.rewritten.config)
    snaps = {}
    for label, side in sides.items():
        say(f"{label}: reading the image's filesystem")
        with engine.export(side.build.image_id) as stream:
            snaps[label] = snapshot(stream)
    result.fs = diff(snaps["original"], snaps["rewritten"], unstable=unstable)
    result.differences = differences(result.fs, result.config, result.fixes)


def _time_rebuilds(engine: Engine, ws: Workspace, texts: dict, result: VerifyResult, sides: dict,
                   target: str | None, say: Progress, images: list[str]) -> None:
    """Edit one source file in the copy, then time a cached rebuild of each Dockerfile."""
    candidates = ws.source_candidates(texts["original"], texts["rewritten"])
    if not candidates:
        result.notes.append("no source file outside the manifests to change: rebuild times not measured")
        return
    for label in ("original", "rewritten"):
        tries = candidates[:_SOURCE_TRIES] if label == "original" else [result.source_change]
        for rel in tries:
            ws.change_source(label, rel)
            result.source_change = rel
            say(f"{label}: rebuild after a source-only change to {rel}")
            build = engine.build(str(ws.context(label)), str(ws.dockerfiles / f"{label}.Dockerfile"), target=target,
                                 label=label, progress=say, iidfile=str(ws.root / f"{label}-rebuild.iid"))
            if build.image_id:
                images.append(build.image_id)
            sides[label].rebuild = build
            if not build.ok or build.ran_steps > 0:
                break
        if label == "original" and sides[label].rebuild and sides[label].rebuild.ran_steps == 0:
            result.notes.append(f"changing {result.source_change} did not rerun any step "
                                "(the file is not sent or not copied): the rebuild times are no-op rebuilds")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass
class FileRewrite:
    """What the fix engine made of a Dockerfile, in the terms verify needs."""

    original: str
    rewritten: str
    fixes: list[AppliedFix]


def rewrite_for_verify(path: str, settings: Settings, context_dir: str | None = None) -> FileRewrite:
    """Rewrite a Dockerfile exactly as `dfopt rewrite` would (same rules, context and options)."""
    from dfopt.app.rewrite import rewrite_one
    from dfopt.findings import Applicability

    result = rewrite_one(path, settings.rules(), settings, context_dir)
    fixes = [AppliedFix(a.code, f"line {a.line}: {a.message}", a.applicability == Applicability.SAFE)
             for a in result.applied]
    return FileRewrite(result.original, result.text, fixes)
