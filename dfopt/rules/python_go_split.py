"""DF310 for Python and Go: the single-stage file split by dfopt/project/python_go_split.py.

Called by the DF310 rule (dfopt/rules/node_split.py) for files on the official python or golang
image; its docs cover all three languages.
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix
from dfopt.rules.base import CheckContext

MESSAGES = {
    "python": "single-stage Python build: the image ships the build tools, the installers and their caches",
    "go": "single-stage Go build: the image ships the Go toolchain and the sources beside a binary",
}
MANIFESTS = {"python": ("requirements.txt", "pyproject.toml", "Pipfile"), "go": ("go.mod",)}


def check_python_go(rule, ctx: CheckContext):
    from dfopt.project import python_go_split as split
    from dfopt.rules.node_split import _context_dir

    df = ctx.dockerfile
    lang = split.language(df)
    if lang is None:
        return
    from_ = df.stages[0].from_
    start, end = from_.keyword_start, from_.arguments.source_offset(len(from_.args))
    context_dir = _context_dir(ctx, MANIFESTS[lang])
    try:
        if context_dir is None:
            raise split.Blocked(f"the build context ({' or '.join(MANIFESTS[lang])}) is needed; pass --context")
        runtime = (ctx.options.get(rule.code) or {}).get("runtime", "same")
        plan = split.plan_split(df, context_dir, runtime)
    except split.Blocked as blocked:
        yield rule.finding(start, end, MESSAGES[lang], no_fix_reason=str(blocked))
        return
    first = (df.global_args or df.instructions)[0].start
    note = f" ({'; '.join(plan.notes)})" if plan.notes else ""
    fix = Fix((Edit(first, len(df.text), plan.text),), Applicability.UNSAFE,
              f"split into build and runtime stages; runtime {plan.runtime_image}{note}")
    yield rule.finding(start, end, MESSAGES[lang], fix)
