"""## What it does
Finds inline ignore comments: `# hadolint ignore=DL3008` and `# dfopt: ignore=DF101` above an
instruction. Off by default, as in hadolint; for teams that keep every exception in the
configuration file.

## Why is this bad?
An inline ignore silences a rule where nobody reviewing the configuration sees it, and it stays
after the reason for it is gone. Exceptions kept in one file (`ignore` in .dfopt.toml,
`ignored:` in .hadolint.yaml) are reviewed together and are easy to take back.

## Example
```dockerfile
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8
```

## Fix safety
No fix: dropping the comment brings the silenced findings back.

File-wide comments (`# hadolint global ignore=...`, `# dfopt: global ignore=...`) are not
reported, as in hadolint; comment lines inside a continued instruction are not ignore comments
(Docker drops them) and are not reported either.

## References
- hadolint DL1001
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.syntax.suppressions import parse_suppression
from dfopt.rules.base import CheckContext, Rule


class InlineIgnore(Rule):
    code = "DF440"
    title = "Inline ignore comment"
    severity = Severity.INFO
    default_enabled = False
    hadolint = ("DL1001",)

    def check(self, ctx: CheckContext):
        for node in ctx.dockerfile.nodes:
            if node.kind != "comment":
                continue
            parsed = parse_suppression(node.text)
            if parsed is not None and not parsed[0]:
                text = node.text.rstrip("\r\n")
                start = node.start + len(text) - len(text.lstrip())
                yield self.finding(start, node.start + len(text),
                                   "inline ignore comment: keep exceptions in the configuration file")
