"""## What it does
Finds a RUN that installs packages globally with npm (`npm install -g`) or with yarn
(`yarn global add`, `yarn install`) and leaves the package manager's cache behind, and appends
`npm cache clean --force` or `yarn cache clean`.

## Why is this bad?
npm keeps every downloaded tarball in `~/.npm/_cacache` and yarn in its cache folder; neither is
used by the installed packages, and both stay in the layer unless cleaned in the same RUN.

## Example
```dockerfile
RUN npm install -g pm2
RUN yarn install --frozen-lockfile
```

## Use instead
```dockerfile
RUN npm install -g pm2 && npm cache clean --force
RUN yarn install --frozen-lockfile && yarn cache clean
```

## Why this is safe
The cache holds downloaded tarballs; the installed packages are copies of them, not links into
it, for npm and for Yarn 1 (classic). The clean command is appended at the end of the RUN, after
the command that installed packages: a RUN that only runs `yarn --version` or `npm --help` gets
nothing. A global npm install (`npm install -g`) and `yarn global add` (which exists only in
Yarn 1) are safe; a project install with Yarn is safe when it is recognisably Yarn 1: it passes
`--frozen-lockfile` and the build context shows no sign of Yarn 2+.

## When dfopt refuses
- Yarn 2+ signs (no fix): in the Dockerfile `--immutable`, `corepack`, `.yarnrc.yml`,
  `yarn set version`, `yarn@2`...; in the build context a `.yarnrc.yml`, a `.yarn/releases`
  folder, or `"packageManager": "yarn@2.x"` (or later) in package.json. With Plug'n'Play the cache
  *is* where the packages live;
- a project `yarn install` without `--frozen-lockfile`, or any project Yarn install when the
  build context is unknown: the fix is unsafe (dfopt cannot tell Yarn 1 from Yarn 2+);
- a later RUN of the stage (or of a stage built FROM it) installs with `--offline` or
  `--prefer-offline`, which read this cache: no fix;
- the RUN has a cache mount, or already cleans the cache: no finding;
- the RUN ends with `exit`/`exec`, a comment, `;` or `&`: no fix.

## Fix safety
Safe for global npm installs, `yarn global add` and recognisably Yarn 1 project installs;
unsafe for other Yarn installs; none under Yarn 2+.

## References
- npm docs: `npm cache`
- Yarn 1 docs: `yarn cache clean`
- hadolint DL3060
"""

from __future__ import annotations

import re
from functools import lru_cache

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import LaterIndex, append_command, keyword_span, like, line_of, runs

_BERRY = re.compile(r"--immutable\b|\bcorepack\b|\.yarnrc\.yml|yarn set version|yarn@[2-9]")
_PACKAGE_MANAGER = re.compile(r'"packageManager"\s*:\s*"yarn@(\d+)')


def _global_npm(inv) -> bool:
    return inv.tool == "npm" and inv.action == "install" and inv.has_option("-g", "--global")


def _cleans(inv) -> bool:
    return inv.action == "cache clean" or (inv.tool == "rm" and any(
        ".npm" in (w.value or "") or "yarn" in (w.value or "") for w in inv.operands))


def berry_in_context(context) -> str | None:
    """The sign of Yarn 2+ in the build context, or None."""
    if context is None:
        return None
    if context.exists(".yarnrc.yml"):
        return "the build context has a .yarnrc.yml"
    if context.exists(".yarn/releases"):
        return "the build context has .yarn/releases"
    m = _PACKAGE_MANAGER.search(context.read_text("package.json") or "")
    if m and int(m.group(1)) >= 2:
        return f"package.json names yarn@{m.group(1)} as its packageManager"
    return None


def _yarn_berry(df, context) -> str | None:
    """The sign that Yarn 2+ runs this file's installs: in the file, else in the build context."""
    return "this file uses Yarn 2+" if _BERRY.search(df.text) else berry_in_context(context)


def _reads_cache_later(df, run) -> int | None:
    """The line of a later RUN that installs offline from this cache, or None."""
    later = _offline_installs(df).after(run.instruction)
    return None if later is None else line_of(df, later.start)


@lru_cache(maxsize=8)
def _offline_installs(df) -> LaterIndex:
    return LaterIndex(df, [r.instruction for r in runs(df) if any(
        i.has_option("--offline", "--prefer-offline") for i in r.tools("npm", "yarn"))])


class NodeCacheLeftInImage(Rule):
    code = "DF108"
    title = "npm/yarn cache left in the image after install"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3060",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for run in runs(df):
            if run.cache_mounts():
                continue
            for tool, clean in (("npm", "npm cache clean --force"), ("yarn", "yarn cache clean")):
                invs = run.tools(tool)
                if any(_cleans(i) for i in invs) or any(_cleans(i) for i in run.tools("rm")):
                    continue
                if tool == "npm":
                    installs = [i for i in invs if _global_npm(i)]
                else:
                    installs = [i for i in invs if i.action in ("install", "global add", "add")]
                if not installs:
                    continue
                yield self._finding(df, run, installs, clean, ctx.build_context)

    def _finding(self, df, run, installs, clean, context):
        start, end = keyword_span(run.instruction)
        message = f"{installs[0].tool} leaves its download cache in the image; add `{clean}`"
        # Only a yarn install asks which Yarn this is: most files have none, and the answer
        # costs a search of the file and reads of the build context.
        berry = installs[0].tool == "yarn" and _yarn_berry(df, context)
        if berry:
            return self.finding(start, end, message, no_fix_reason=(
                f"{berry}, whose cache can hold the installed packages (Plug'n'Play)"))
        offline = _reads_cache_later(df, run)
        if offline is not None:
            return self.finding(start, end, message, no_fix_reason=(
                f"the RUN on line {offline} installs offline from this cache"))
        classic = all(i.tool == "npm" or i.action == "global add"
                      or (context is not None and i.has_option("--frozen-lockfile")) for i in installs)
        command = like(installs[-1], clean)
        edit = append_command(df, run, command)
        if isinstance(edit, str):
            return self.finding(start, end, message, no_fix_reason=edit)
        safety = Applicability.SAFE if classic else Applicability.UNSAFE
        note = "" if classic else (" (unsafe: not recognisably Yarn 1; under Yarn 2+ Plug'n'Play the cache "
                                   "holds the installed packages)")
        return self.finding(start, end, message, Fix((edit,), safety, f"appended `{command}`{note}"))
