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

## Fix safety
Safe: the same packages are installed; only the download cache is not written. Left alone when
`PIP_NO_CACHE_DIR` is set (ENV or ARG in the stage or a stage it is built FROM, or on the command)
or when the RUN mounts a cache at pip's cache folder.

## References
- pip documentation: "Caching", `--no-cache-dir`
- hadolint DL3042
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import in_stage_chain, option_findings

_PIP_NO_CACHE = re.compile(r"\bPIP_NO_CACHE_DIR\b")


def _pip_cache_mount(run) -> bool:
    return any("pip" in t or t.rstrip("/") in ("/root/.cache", "/home") for t in run.cache_mounts())


def _sets_no_cache(ins) -> bool:
    return ins.cmd in ("ENV", "ARG") and bool(_PIP_NO_CACHE.search(ins.args))


class PipWithoutNoCacheDir(Rule):
    code = "DF106"
    title = "pip install keeps its download cache"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3042",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile

        def wants(run, inv) -> bool:
            if inv.tool != "pip" or inv.action != "install" or inv.has_option("--no-cache-dir"):
                return False
            if any(e.startswith("PIP_NO_CACHE_DIR=") for e in inv.env) or _pip_cache_mount(run):
                return False
            if _PIP_NO_CACHE.search(run.script.text):
                return False
            return not in_stage_chain(df, run.instruction, _sets_no_cache)

        yield from option_findings(self, df, wants, "--no-cache-dir",
                                   "pip install without --no-cache-dir keeps the wheel cache in the image",
                                   Applicability.SAFE)
