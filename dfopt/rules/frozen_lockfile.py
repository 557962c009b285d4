"""## What it does
Finds `npm install`, `yarn install`, `pnpm install` and `bun install` run on a project whose lock
file was copied into the image, and asks for the install that keeps to the lock file: `npm ci`,
`yarn --frozen-lockfile` (Yarn 1) or `--immutable` (Yarn 2+), `--frozen-lockfile` for pnpm and bun.

## Why is this bad?
These installs may resolve versions anew and rewrite the lock file when it does not match
package.json, so the image can hold dependencies nobody reviewed, and two builds of one commit can
differ.

## Example
```dockerfile
COPY package.json package-lock.json ./
RUN npm install
```

## Use instead
```dockerfile
COPY package.json package-lock.json ./
RUN npm ci
```

## Fix safety
Unsafe: the build now fails when the lock file is out of date instead of updating it, and
`npm ci` deletes an existing node_modules before installing. An install after a `cd` in its RUN
is left alone: it reads the lock file of another folder than the stage's WORKDIR.

## References
- npm docs: npm ci
- Yarn docs: --frozen-lockfile, --immutable; pnpm and bun docs: --frozen-lockfile
"""

from __future__ import annotations

import fnmatch
import posixpath

from dfopt.context.projects import LOCK_FILES, yarn_berry
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.dependency_first import WHOLE_CONTEXT, copy_sources, find_install, resolve

_FROZEN = {"--frozen-lockfile", "--pure-lockfile", "--immutable", "--no-frozen-lockfile", "--no-immutable",
           "--frozen-lockfile=false", "--lockfile-only", "--no-lockfile", "--no-package-lock", "--package-lock=false"}


class FrozenLockfileInstall(Rule):
    code = "DF202"
    title = "install from the lock file (npm ci, --frozen-lockfile, --immutable)"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE

    def check(self, ctx: CheckContext):
        if ctx.build_context is None:
            return
        for stage in ctx.dockerfile.stages:
            workdir, copies = "/", []
            for ins in stage.instructions:
                if ins.cmd == "WORKDIR":
                    workdir = resolve(workdir, ins.args.strip().strip("\"'"))
                copied = copy_sources(ins)
                if copied:
                    copies.append((copied[0], resolve(workdir, copied[1])))
                if ins.cmd == "RUN" and ins.form == "shell":
                    yield from self.check_run(ctx, ins, workdir, copies)

    def check_run(self, ctx: CheckContext, ins, workdir: str, copies):
        found = find_install(ctx.dockerfile, ins)
        if found is None or found[0].ecosystem not in LOCK_FILES:
            return
        install, commands, _ = found
        if commands[install.index].words[:1] != install.words[:1]:  # behind sudo/env: left alone
            return
        if any(w in _FROZEN for w in install.words) or install.words[1:2] == ["ci"]:
            return
        if any(c.words[:1] == ["cd"] for c in commands[:install.index]):
            return  # the install runs in another folder than the stage's WORKDIR, with its own lock file or none
        lock = self.copied_lock(ctx.build_context, install.ecosystem, workdir, copies)
        if lock is None:
            return
        command = commands[install.index]
        spans = command.spans or ()
        words = command.words
        if install.ecosystem == "npm":
            sub = next(i for i, w in enumerate(words) if i > 0 and not w.startswith("-"))
            at, replacement, new = spans[sub], "ci", "npm ci"
            edit = Edit(*ins.arguments.source_span(at.index, at.index_end), replacement)
        else:
            flag = "--immutable" if install.ecosystem == "yarn" and yarn_berry(ctx.build_context) else "--frozen-lockfile"
            end = ins.arguments.source_offset(spans[-1].index_end)
            edit, new = Edit(end, end, f" {flag}"), f"{' '.join(words)} {flag}"
        start, end = ins.arguments.source_span(command.start, command.end)
        fix = Fix((edit,), Applicability.UNSAFE, f"used `{new}`: it installs exactly what {lock} pins")
        yield self.finding(start, end, f"`{' '.join(words)}` may update {lock} instead of installing from it; "
                                       f"use `{new}`", fix)

    @staticmethod
    def copied_lock(context, ecosystem: str, workdir: str, copies) -> str | None:
        """The lock file the install sees: in the context, not ignored, and copied to its folder."""
        for sources, dest in reversed(copies):
            folder = "" if workdir == dest else None
            if folder is None and workdir.startswith(dest.rstrip("/") + "/"):
                folder = workdir[len(dest.rstrip("/")) + 1:] + "/"
            if folder is None:
                continue
            for name in LOCK_FILES[ecosystem]:
                for source in sources:
                    if source in WHOLE_CONTEXT:
                        path = folder + name
                    elif not folder and fnmatch.fnmatchcase(name, source.rstrip("/").rsplit("/", 1)[-1]):
                        path = posixpath.join(posixpath.dirname(source.removeprefix("./")), name)
                    else:
                        continue
                    if context.sent(path):
                        return path
        return None
