"""## What it does
Finds `gem install` of gems without a version (`bundler` rather than `bundler:2.5.6` or
`-v 2.5.6`) and `go install` / `go get` of packages without `@version`.

## Why is this bad?
Without a version, each build installs the newest release: two builds of the same Dockerfile can
differ, and a new release can break the image without any change to it.

## Example
```dockerfile
RUN gem install bundler && go install golang.org/x/tools/gopls
```

## Use instead
```dockerfile
RUN gem install bundler:2.5.6 && go install golang.org/x/tools/gopls@v0.16.1
```

## Fix safety
No fix: which version to pin is the author's choice. A `gem install` with `-v`/`--version` counts
as pinned; a local `.gem` file too. A `go install` of a local package (`.`, `./cmd/app`) or with
`@version` counts as pinned. hadolint (DL3062) also reports `go get` and `go install` of a
package path of the module being built (`go install app/server`), which has no version to pin;
dfopt reports those too, to find the same, since it cannot tell a module-local path from a remote
one without the module file.

## References
- RubyGems: gem install --version; Go: go install pkg@version
- hadolint DL3028 (gem), DL3062 (go)
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import commands_named

_GEM_VALUE_OPTIONS = frozenset({"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source",
                                "-P", "--trust-policy", "--platform", "-g", "--file"})


def _gem_loose(words) -> list:
    rest = words[1:]
    if len(rest) < 1 or rest[0].value not in ("install", "i"):
        return []
    values = [w.value or "" for w in rest[1:]]
    if any(v in ("-v", "--version") or v.startswith("--version=") for v in values):
        return []
    loose, skip = [], False
    for w in rest[1:]:
        v = w.value if w.value is not None else w.text
        if skip:
            skip = False
            continue
        if v.startswith("-"):
            skip = v in _GEM_VALUE_OPTIONS
            continue
        if ":" not in v and not v.endswith(".gem") and "$" not in v:
            loose.append(w)
    return loose


def _go_loose(words) -> list:
    rest = words[1:]
    if not rest or rest[0].value not in ("install", "get"):
        return []
    return [w for w in rest[1:] if (w.value or "") and not (w.value or "").startswith(("-", ".", "/", "$"))
            and "@" not in (w.value or "")]


class GemGoUnpinned(Rule):
    code = "DF121"
    title = "gem install / go install without versions"
    severity = Severity.WARNING
    hadolint = ("DL3028", "DL3062")

    def check(self, ctx: CheckContext):
        for tool, loose_of, how in (("gem", _gem_loose, "`gem:version`"), ("go", _go_loose, "`package@version`")):
            for command, words in commands_named(ctx.dockerfile, tool):
                loose = loose_of(words)
                if loose:
                    names = ", ".join(f"`{w.text}`" for w in loose[:4])
                    yield self.finding(command.start, command.end, f"{names} without a version: pin it ({how})")
