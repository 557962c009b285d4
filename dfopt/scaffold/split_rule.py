"""## What it does
Finds a single-stage Dockerfile on a `node` image that installs dependencies and compiles the
project (tsc, nest, next, vite, a `build` script), and rewrites it as three stages from dfopt's
Node templates: `deps` (production dependencies), `build` (all dependencies, compile) and
`runtime` (the slim variant of the same image with production `node_modules` and the build
output only).

On the official `python` and `golang` images the rule splits in two stages from dfopt's
Python and Go templates (the ones `dfopt new python|go` uses): `build` makes a virtual
environment in /opt/venv (pip, uv, Poetry or Pipenv, dependencies first, lock files honoured,
dev groups left out) or compiles the binary with the module and build caches mounted; `runtime`
gets the venv and the app on the slim image, or the binary alone on `scratch` (Debian slim when
the sources need cgo).

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

For Python and Go the same discipline holds: system packages are sorted into build tools (the
build stage) and libraries (kept in the runtime, with those known packages load at run time,
libpq5 for psycopg2); `uv run`/`poetry run` in CMD become the command itself; the split is
refused, with the reason, for a RUN it cannot place, a shell-form CMD, an ENTRYPOINT, `go build`
flags the template does not reproduce (`-ldflags -X`, `-tags`, a GOARCH), CGO_ENABLED=0 over
sources that need cgo, or a HEALTHCHECK on an image without a shell. `runtime` for Go:
`same` (scratch, or Debian slim with cgo), `scratch`, `distroless`, `slim`.

## References
- Docker documentation: multi-stage builds
- Node.js Docker best practices (docker-node)
"""

from __future__ import annotations

from pathlib import Path

from dfopt.project import is_node_image, is_official_image
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
        if len(df.stages) != 1:
            return
        if not is_node_image(df.stages[0].image):
            if any(is_official_image(df.stages[0].image, name) for name in ("python", "golang")):
                from dfopt.scaffold.python_go_split import check_python_go

                yield from check_python_go(self, ctx, _context_dir)
            return
        # The templates and project detection load only for files that may be split.
        from dfopt.scaffold import node_split
        from dfopt.scaffold.split import Blocked

        from_ = node_split.is_candidate(df)
        if from_ is None:
            return
        start, end = from_.keyword_start, from_.arguments.source_offset(len(from_.args))
        context_dir = _context_dir(ctx)
        try:
            if context_dir is None:
                raise Blocked("the build context (package.json) is needed; pass --context")
            runtime = (ctx.options.get(self.code) or {}).get("runtime", "same")
            plan = node_split.plan_split(df, context_dir, runtime)
        except Blocked as blocked:
            yield self.finding(start, end, MESSAGE, no_fix_reason=str(blocked))
            return
        first = (df.global_args or df.instructions)[0].start
        note = f" ({'; '.join(plan.notes)})" if plan.notes else ""
        fix = Fix((Edit(first, len(df.text), plan.text),), Applicability.UNSAFE,
                  f"split into deps, build and runtime stages; runtime {plan.runtime_image}{note}")
        yield self.finding(start, end, MESSAGE, fix)


def _context_dir(ctx: CheckContext, markers: tuple[str, ...] = ("package.json",)) -> Path | None:
    """The build context: given explicitly, else the Dockerfile's folder when it has a manifest."""
    given = getattr(ctx.build_context, "root", ctx.build_context)
    if given is not None:
        return Path(given)
    folder = Path(ctx.path).parent if ctx.path not in ("-", "<stdin>") else None
    return folder if folder is not None and any((folder / m).is_file() for m in markers) else None
