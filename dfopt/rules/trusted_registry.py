"""## What it does
Finds images pulled from a registry the project does not trust: a `FROM` image, a `COPY --from`
image or a `RUN --mount=...,from=` image whose registry is not in the `trusted-registries`
option. Off until registries are configured (a .hadolint.yaml's `trustedRegistries` sets them).

## Why is this bad?
Base images run as part of every build and end up in every image. A project that pulls only
from registries it controls or mirrors knows what it ships; an image from anywhere else (a typo
of a registry host, a personal namespace on a public registry) escapes its scanning and its
supply-chain policy.

## Example
```dockerfile
# trusted-registries = ["registry.example.com"]
FROM node:20-slim
COPY --from=other.example.org/tools:1.2 /bin/tool /usr/local/bin/
```

## Use instead
```dockerfile
FROM registry.example.com/library/node:20-slim
COPY --from=registry.example.com/tools:1.2 /bin/tool /usr/local/bin/
```

## Fix safety
No fix: whether the trusted registry mirrors the image is not known.

The registry of a reference is its first part when that part has a `.` or a `:`, or is
`localhost` (Docker's rule; hadolint does not count `localhost`). An image written without one
comes from Docker's default registry: it is trusted when `default-registry` (the name your list
gives that registry; dfopt names no registry itself) is in the list. `scratch`, earlier stages
(by name or index; hadolint reports `--from=0`) and mounts without `from=` are not pulled.
Registry names compare without regard to case. `*` trusts every registry, `*.example.com` any
host ending in `.example.com`, `registry.*` any starting with `registry.`. An image from a build
variable is read with the variable's default from a global `ARG`; without one, its registry is
known only at build time and it is reported.

## Options
```toml
[tool.dfopt.rules.DF320]
trusted-registries = ["registry.example.com", "*.mirror.example.com"]
default-registry = "the name your list uses for Docker's default registry"
```

## References
- Docker documentation: image references and registries
- hadolint DL3026
"""

from __future__ import annotations

import re

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.stage_use import stage_references
from dfopt.rules.untagged_image import image_reference

TRUSTED = "trusted-registries"
DEFAULT = "default-registry"
_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def registry_of(image: str) -> str | None:
    """The registry host a reference names, or None when it names none (Docker's default)."""
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first.lower()
    return None


def trusted(registry: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        pattern = pattern.lower()
        if pattern == "*" or pattern == registry:
            return True
        if pattern.startswith("*") and registry.endswith(pattern[1:]):
            return True
        if pattern.endswith("*") and registry.startswith(pattern[:-1]):
            return True
    return False


def _defaults(df) -> dict[str, str]:
    out = {}
    for ins in df.global_args:
        name, eq, value = ins.args.strip().partition("=")
        if eq and name.strip():
            out[name.strip()] = value.strip().strip("\"'")
    return out


class UntrustedRegistry(Rule):
    code = "DF320"
    title = "Image from a registry not in the trusted list"
    severity = Severity.ERROR
    hadolint = ("DL3026",)

    @classmethod
    def option_problem(cls, options) -> str | None:
        listed = options.get(TRUSTED, [])
        if not isinstance(listed, list) or not all(isinstance(r, str) for r in listed):
            return f"`{TRUSTED}` must be a list of registry names"
        if not isinstance(options.get(DEFAULT, ""), str):
            return f"`{DEFAULT}` must be a registry name"
        return None

    def check(self, ctx: CheckContext):
        options = ctx.options.get(self.code) or {}
        patterns = options.get(TRUSTED) or []
        if not patterns or self.option_problem(options):
            return
        default = str(options.get(DEFAULT) or "").lower()
        df = ctx.dockerfile
        defaults = _defaults(df)
        for stage in df.stages:
            image, start, end = image_reference(df, stage)
            problem = self._problem(df, image, stage.index, patterns, default, defaults)
            if problem:
                yield self.finding(start, end, problem)
            for ins in stage.instructions[1:]:
                for ref, start, end in stage_references(ins):
                    problem = self._problem(df, ref, stage.index, patterns, default, defaults)
                    if problem:
                        yield self.finding(start, end, problem)

    def _problem(self, df, image: str, stages_before: int, patterns, default: str, defaults) -> str | None:
        """Why `image` is not trusted, or None; it may name one of the first `stages_before` stages."""
        written = image
        if "$" in image:
            image = _VARIABLE.sub(lambda m: defaults.get(m.group(1) or m.group(2), m.group(0)), image)
            if "$" in image:
                return f"`{written}`: the image comes from a build variable; its registry is known only at build time"
        if not image or image.lower() == "scratch":
            return None
        found = df.find_stage(image)
        if found is not None and found.index < stages_before:
            return None
        registry = registry_of(image)
        if registry is None:
            if default and trusted(default, patterns):
                return None
            hint = "" if default else f" (set `{DEFAULT}` to the name your list gives it)"
            return f"`{written}` names no registry: it comes from Docker's default registry, not trusted{hint}"
        if trusted(registry, patterns):
            return None
        return f"`{written}` comes from `{registry}`, which is not a trusted registry"
