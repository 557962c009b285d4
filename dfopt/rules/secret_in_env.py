"""## What it does
Finds `ARG` and `ENV` whose name says it holds a secret (`DB_PASSWORD`, `GITHUB_TOKEN`,
`AWS_SECRET_ACCESS_KEY`, `API_KEY`, `PRIVATE_KEY`, ...).

## Why is this bad?
`ENV` values are stored in the image's configuration: anyone who can pull the image reads them
with `docker inspect`. `ARG` values are written into the image's history for every RUN that uses
them, and into the build cache. Secrets belong in build secrets (`RUN --mount=type=secret`) at
build time and in the orchestrator's secrets at run time.

## Example
```dockerfile
ARG NPM_TOKEN
RUN echo "//registry.example/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

## Use instead
```dockerfile
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
```

## Fix safety
No fix: moving a value to a build secret changes how the build is called.
The name is what is judged, so a harmless `ENV TOKEN_URL=...` is reported too; ignore it with
`# dfopt: ignore=DF406` above the line.

## References
- Docker documentation: build secrets
- hadolint DL3064
"""

from __future__ import annotations

import re

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import keyword_span

# Words in a variable name that say it holds a credential.
_SECRET_WORDS = re.compile(r"password|passwd|secret|token|api_?key|private|client_?key|access_?key|credential|"
                           r"username", re.I)
_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\s*=")


def variable_names(ins) -> list[str]:
    args = ins.args.strip()
    if ins.cmd == "ARG":
        return [w.split("=", 1)[0] for w in args.split()[:1]]
    if "=" not in args.split(None, 1)[0]:
        return args.split()[:1]  # `ENV NAME value`
    return _NAME.findall(args)


class SecretInArgOrEnv(Rule):
    code = "DF406"
    title = "ARG or ENV named like a secret"
    severity = Severity.WARNING
    hadolint = ("DL3064",)

    def check(self, ctx: CheckContext):
        for ins in ctx.dockerfile.instructions:
            ins_eff = ins.effective
            if ins_eff.cmd not in ("ARG", "ENV") or not ins_eff.args.strip():
                continue
            names = [n for n in variable_names(ins_eff) if _SECRET_WORDS.search(n)]
            if names:
                start, end = keyword_span(ins)
                yield self.finding(start, end, f"`{names[0]}` looks like a secret: {ins_eff.cmd} values stay in "
                                               "the image; use a build secret")
