"""## What it does
Finds a single-stage Dockerfile on a `node` image that installs dependencies and compiles the
project (tsc, nest, next, vite, a `build` script), and rewrites it as three stages from dfopt's
Node templates: `deps` (production dependencies), `build` (all dependencies, compile) and
`runtime` (the slim variant of the same image with production `node_modules` and the build
output only).

## Why is this bad?
The image ships the compiler, devDependencies, the sources and the package manager's cache. It
is larger, slower to pull and has more to scan; a source change also reinstalls dependencies when
the sources are copied before the install.

## Example
```dockerfile
FROM node:20
WORKDIR /app
COPY . .
RUN npm install && npm run build
EXPOSE 3000
CMD ["npm", "start"]
```

## Use instead
```dockerfile
FROM node:20 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM node:20 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER 1000:1000
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/index.js"]
```
(plus an `init` stage that installs Debian's tini, copied into the runtime stage).

## Fix safety
Unsafe: the runtime image no longer has devDependencies, the sources, the compiler or the full
base image's tools; `npm start` becomes `node <entry>`; a non-root user and NODE_ENV=production
are set when the original had none; tini becomes PID 1 (ENTRYPOINT, in front of a carried
one) so that `docker stop` stops node at once; lifecycle scripts that run devDependencies are
dropped from the production install (`npm pkg delete`), ones that compile the project from both
installs, and the files a script names are copied before the installs; `ca-certificates` joins
`curl`/`wget` in the runtime packages; comments inside the stage are not carried over, except
those above a RUN of runtime packages. Anything the
rule cannot place with confidence (an unknown RUN, a variable base image, no build context)
leaves the file alone and says why. The option `runtime` (`same`, `slim`, `alpine`,
`distroless`; `[tool.dfopt.rules.DF310] runtime = "distroless"`) picks the runtime base; a
change of libc (Debian to Alpine or back) is refused.

## References
- Docker documentation: multi-stage builds
- Node.js Docker best practices (docker-node)
"""

from __future__ import annotations

from pathlib import Path

from dfopt.project import is_node_image
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule

MESSAGE = "single-stage Node build: the image ships devDependencies, the compiler and the sources"


class SplitNodeBuild(Rule):
    code = "DF310"
    title = "split a single-stage Node build into deps, build and runtime stages"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        if len(df.stages) != 1 or not is_node_image(df.stages[0].image):
            return
        # The templates and project detection load only for files that may be split.
        from dfopt.project import node_split

        from_ = node_split.is_candidate(df)
        if from_ is None:
            return
        start, end = from_.keyword_start, from_.arguments.source_offset(len(from_.args))
        context_dir = _context_dir(ctx)
        try:
            if context_dir is None:
                raise node_split.Blocked("the build context (package.json) is needed; pass --context")
            runtime = (ctx.options.get(self.code) or {}).get("runtime", "same")
            plan = node_split.plan_split(df, context_dir, runtime)
        except node_split.Blocked as blocked:
            yield self.finding(start, end, MESSAGE, no_fix_reason=str(blocked))
            return
        first = (df.global_args or df.instructions)[0].start
        note = f" ({'; '.join(plan.notes)})" if plan.notes else ""
        fix = Fix((Edit(first, len(df.text), plan.text),), Applicability.UNSAFE,
                  f"split into deps, build and runtime stages; runtime {plan.runtime_image}{note}")
        yield self.finding(start, end, MESSAGE, fix)


def _context_dir(ctx: CheckContext) -> Path | None:
    """The build context: given explicitly, else the Dockerfile's folder when it has package.json."""
    given = getattr(ctx.build_context, "root", ctx.build_context)
    if given is not None:
        return Path(given)
    folder = Path(ctx.path).parent if ctx.path not in ("-", "<stdin>") else None
    return folder if folder is not None and (folder / "package.json").is_file() else None
