"""## What it does
Finds `pip install` (also `pip3`, `python -m pip`) without `--no-cache-dir` and adds it.

## Why is this bad?
pip keeps every downloaded wheel in `~/.cache/pip`; in an image that cache is dead weight, often
as large as the installed packages themselves.

## Example
```dockerfile
RUN pip install -r requirements.txt
```

## Use instead
```dockerfile
RUN pip install --no-cache-dir -r requirements.txt
```

## Why this is safe
The same packages are installed; only pip's download and wheel cache is not written, and pip
reads that cache only to skip downloads and builds. Only `pip install` is touched: `pip download`
and `pip wheel` write their output where they are told, on purpose.

## When dfopt refuses
- the cache is already off: `PIP_NO_CACHE_DIR` (ENV or ARG in the stage or a stage it is built
  FROM, on the command, in the RUN), or `no-cache-dir` written by the Dockerfile (pip.conf,
  `pip config set`): no finding;
- the cache location is chosen: `--cache-dir`, `PIP_CACHE_DIR`, or `cache-dir` written by the
  Dockerfile: the cache may be meant to be kept, no fix;
- another stage copies or mounts a `.cache` folder (or a folder holding it) from this stage or
  one built FROM it: no fix;
- the RUN mounts a cache at pip's cache folder: no finding.

## Fix safety
Safe, under the conditions above.

## References
- pip documentation: "Caching", `--no-cache-dir`
- hadolint DL3042
"""

from __future__ import annotations

import re
from functools import lru_cache

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import copied_from_stage, insert_option, line_of, runs

_PIP_NO_CACHE = re.compile(r"\bPIP_NO_CACHE_DIR\b|no[-_]cache[-_]dir\s*[= ]\s*(?:1|true|yes|on)\b", re.I)
_CHOSEN_CACHE = re.compile(r"\bPIP_CACHE_DIR\b|(?<![-_])cache[-_]dir\s*=|global\.cache-dir", re.I)
# A path that holds a user's cache folder, or is inside one: `/`, `/root`, `/home/app`, `.cache/pip`.
_HOLDS_CACHE = re.compile(r"/?(\.|root|home(/[^/]+)?)?/?|.*/\.cache(/.*)?|\$.*|.*[*?\[].*")


def _pip_cache_mount(run) -> bool:
    return any("pip" in t or t.rstrip("/") in ("/root/.cache", "/home") for t in run.cache_mounts())


def _holds_cache(path: str) -> bool:
    return bool(_HOLDS_CACHE.fullmatch(path.rstrip("/") or "/"))


def _index(stage) -> int | None:
    return None if stage is None else stage.index


@lru_cache(maxsize=256)
def _stage_chooses_cache(df, index: int | None) -> bool:
    """Whether an ENV or ARG of the stage, of a stage it is built FROM, or before the first FROM
    names pip's cache folder (wherever it stands in the stage: a conservative answer)."""
    if index is None:
        return False
    stage = df.stages[index]
    while stage is not None:  # a loop, not recursion: stages can be built FROM each other deeply
        if any(i.cmd in ("ENV", "ARG") and _CHOSEN_CACHE.search(i.args) for i in stage.instructions):
            return True
        stage = df.base_stage(stage)
    return any(_CHOSEN_CACHE.search(i.args) for i in df.global_args)


class PipWithoutNoCacheDir(Rule):
    code = "DF106"
    title = "pip install keeps its download cache"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3042",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        message = "pip install without --no-cache-dir keeps the wheel cache in the image"
        if _PIP_NO_CACHE.search(df.text):
            return
        for run in runs(df):
            for inv in run.tools("pip"):
                if inv.action != "install" or inv.has_option("--no-cache-dir"):
                    continue
                if any(e.startswith("PIP_NO_CACHE_DIR=") for e in inv.env) or _pip_cache_mount(run):
                    continue
                reason = self._refusal(df, run, inv)
                if reason:
                    yield self.finding(inv.command.start, inv.command.end, message, no_fix_reason=reason)
                    continue
                anchor = inv.action_words[-1]
                fix = Fix((insert_option(anchor, "--no-cache-dir"),), Applicability.SAFE,
                          "added `--no-cache-dir` to `pip install`")
                yield self.finding(inv.command.start, inv.command.end, message, fix)

    @staticmethod
    def _refusal(df, run, inv) -> str | None:
        if inv.has_option("--cache-dir") or any(e.startswith("PIP_CACHE_DIR=") for e in inv.env):
            return "the install names its cache folder, which may be meant to be kept"
        if _CHOSEN_CACHE.search(run.script.text) or _stage_chooses_cache(df, _index(df.stage_of(run.instruction))):
            return "the Dockerfile chooses pip's cache folder, which may be meant to be kept"
        copier = copied_from_stage(df, run.instruction, "", _holds_cache)
        if copier is not None:
            return f"line {line_of(df, copier.start)} copies or mounts a folder that holds pip's cache from this stage"
        return None
