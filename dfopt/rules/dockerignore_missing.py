"""## What it does
Reports a build that copies the whole context (`COPY . .`, `ADD . /app`, a bind mount of the
context) when the context has no .dockerignore and holds heavy paths (version control,
dependency folders the Dockerfile reinstalls, build outputs it rebuilds, caches) or
secret-looking files (.env, private keys, tokens in .npmrc, .aws/, .ssh/). Small version-control
files (.gitignore, .gitattributes, .gitmodules) alone are not worth a warning.

## Why is this bad?
Everything the context holds is sent to the builder and copied into the image: node_modules
built for the host, the whole git history, and the secrets, which stay in a layer even when a
later step deletes them. Each change to any of these files also invalidates the COPY's cache.

## Example
```dockerfile
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci
```
(in a folder with node_modules/, .git/ and .env, and no .dockerignore)

## Use instead
A .dockerignore written for this context: `dfopt ignore --write`, or
`dfopt rewrite Dockerfile --in-place --fix-dockerignore`. It never hides a path that a
COPY/ADD names.

## Fix safety
No fix in the Dockerfile: the fix writes another file. The generated file leaves out only what
the build reinstalls, rebuilds or should never see; a file the application reads at run time
from a copied folder that matches a secret pattern would be left out (the command lists them).

## References
- Dockerfile reference: .dockerignore file
- Docker docs: build context
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule

_HEAVY = ("vcs", "deps", "outputs", "caches")
# Version-control files of a few bytes that the generated file also leaves out: not a reason to
# warn (the repository itself, .git/, is).
_VCS_METADATA = frozenset({".gitignore", ".gitattributes", ".gitmodules", ".hgignore", ".keep", ".gitkeep"})


class DockerignoreMissing(Rule):
    code = "DF250"
    title = "the context has no .dockerignore but holds heavy or secret paths"
    severity = Severity.WARNING
    fix_safety = None

    def check(self, ctx: CheckContext):
        context = ctx.build_context
        if context is None or context.ignore_path is not None or (context.root / ".dockerignore").exists():
            return
        whole = _first_whole_context_copy(ctx)
        if whole is None:
            return
        from dfopt.context.ignoregen import plan_dockerignore

        # This build's Dockerfile only: the finding is about what this build sends.
        plan = plan_dockerignore(context.root, dockerfiles=[], dockerfile_texts={ctx.path: ctx.dockerfile.text},
                                 context=context)
        heavy = [n for n in plan.left_out(*_HEAVY) if n.rsplit("/", 1)[-1] not in _VCS_METADATA]
        secrets = plan.secrets_kept_out
        if not heavy and not secrets:
            return
        parts = []
        if heavy:
            parts.append(_names(heavy))
        if secrets:
            parts.append(f"secret-looking {_names(secrets)}")
        start, end = whole.keyword_start, whole.arguments.source_offset(len(whole.arguments.text))
        yield self.finding(start, end, f"no .dockerignore: {whole.cmd} of the whole context sends {' and '.join(parts)}",
                           no_fix_reason="the fix writes .dockerignore: `dfopt ignore --write` or "
                                         "`dfopt rewrite --fix-dockerignore`")


def _first_whole_context_copy(ctx: CheckContext):
    from dfopt.context.sources import dockerfile_sources

    broad = {s.line for s in dockerfile_sources(ctx.dockerfile.text, ctx.path) if s.broad}
    for ins in ctx.dockerfile.instructions:
        if ins.start_line in broad and ins.cmd in ("COPY", "ADD", "RUN"):
            return ins
    return None


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
