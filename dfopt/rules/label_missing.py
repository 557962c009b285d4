"""## What it does
Finds images that lack a label the project's label schema requires: a stage that no later stage
builds on or copies from, in which neither the stage nor a stage it is built FROM sets the label.
Off until a schema is configured (`label-schema`, see Options).

## Why is this bad?
A label schema is how a project says what every image it ships carries: where its source is,
its version, its licence, who to ask. Registries, scanners and deployment tooling read these
labels; an image without them cannot be traced back to its source or release.

## Example
```dockerfile
# label-schema: {org.opencontainers.image.source: url}
FROM debian:12-slim
COPY app /app
```

## Use instead
```dockerfile
FROM debian:12-slim
LABEL org.opencontainers.image.source="https://example.com/acme/app"
COPY app /app
```

## Fix safety
No fix: what a label should say cannot be guessed.

The finding points at the stage's FROM and names every missing label. Build stages (those a later
stage is built on, copies from or mounts) are not images anyone runs and are left alone (hadolint
also reports a base stage that a labelled stage is built on); labels that come with the base
image are not known and do not count.

## Options
The schema, read by DF420-DF428, is DF420's options; a .hadolint.yaml's `label-schema:` and
`strict-labels:` give the same.

```toml
[tool.dfopt.rules.DF420]
label-schema = { "org.opencontainers.image.source" = "url", "org.opencontainers.image.licenses" = "spdx" }
strict-labels = false   # true: labels outside the schema are reported (DF421)
```

Types: `text` (any value), `url`, `spdx`, `hash` (git), `rfc3339`, `semver`, `email`.

## References
- OCI image spec: pre-defined annotation keys (`org.opencontainers.image.*`)
- hadolint DL3049
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.label_key import label_keys
from dfopt.rules.label_schema import label_schema, option_problem
from dfopt.rules.run_analysis import keyword_span
from dfopt.rules.stage_use import image_stages, lineage


class MissingLabel(Rule):
    code = "DF420"
    title = "Label required by the label schema missing"
    severity = Severity.INFO
    hadolint = ("DL3049",)

    @classmethod
    def option_problem(cls, options) -> str | None:
        return option_problem(options)

    def check(self, ctx: CheckContext):
        schema = label_schema(ctx)
        if not schema:
            return
        df = ctx.dockerfile
        for stage in image_stages(df):
            present = {key for st in lineage(df, stage) for ins in st.instructions if ins.cmd == "LABEL"
                       for key, _, _ in label_keys(ins, df.escape)}
            missing = [name for name in schema if name not in present]
            if missing:
                names = ", ".join(f"`{name}`" for name in missing)
                yield self.finding(*keyword_span(stage.from_),
                                   f"label{'s' if len(missing) > 1 else ''} {names} of the label schema missing")
