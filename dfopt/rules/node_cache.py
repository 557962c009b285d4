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

## Fix safety
Safe for global installs and for Yarn 1 (`--frozen-lockfile`, `yarn global add`): installed
packages are copies, not links into the cache. For a project `yarn install` that is not
recognisably Yarn 1 the fix is unsafe: with Yarn 2+ Plug'n'Play the cache *is* where the
packages live. With Yarn 2+ signs in the file (`--immutable`, `corepack`, `.yarnrc.yml`,
`yarn set version`) no fix is offered. A RUN with a cache mount is left alone.

## References
- npm docs: `npm cache`
- Yarn 1 docs: `yarn cache clean`
- hadolint DL3060
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import append_command, keyword_span, like, runs

_BERRY = re.compile(r"--immutable\b|\bcorepack\b|\.yarnrc\.yml|yarn set version|yarn@[2-9]")


def _global_npm(inv) -> bool:
    return inv.tool == "npm" and inv.action == "install" and inv.has_option("-g", "--global")


def _cleans(inv) -> bool:
    return inv.action == "cache clean" or (inv.tool == "rm" and any(
        ".npm" in (w.value or "") or "yarn" in (w.value or "") for w in inv.operands))


class NodeCacheLeftInImage(Rule):
    code = "DF108"
    title = "npm/yarn cache left in the image after install"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3060",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        berry = bool(_BERRY.search(df.text))
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
                yield self._finding(df, run, installs, clean, berry)

    def _finding(self, df, run, installs, clean, berry):
        start, end = keyword_span(run.instruction)
        message = f"{installs[0].tool} leaves its download cache in the image; add `{clean}`"
        classic = all(i.tool == "npm" or i.action == "global add" or i.has_option("--frozen-lockfile")
                      for i in installs)
        if berry and not classic:
            return self.finding(start, end, message, no_fix_reason=(
                "this file uses Yarn 2+, whose cache can hold the installed packages"))
        command = like(installs[-1], clean)
        edit = append_command(df, run, command)
        if isinstance(edit, str):
            return self.finding(start, end, message, no_fix_reason=edit)
        safety = Applicability.SAFE if classic else Applicability.UNSAFE
        return self.finding(start, end, message, Fix((edit,), safety, f"appended `{command}`"))
