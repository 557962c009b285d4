"""What differs between the two images, and which fix most likely caused each difference."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from dfopt.verify.fsdiff import FsDiff

# The image config fields that decide how a container runs.
CONFIG_FIELDS = (
    ("user", "User"), ("entrypoint", "Entrypoint"), ("cmd", "Cmd"), ("env", "Env"),
    ("exposed ports", "ExposedPorts"), ("workdir", "WorkingDir"), ("healthcheck", "Healthcheck"),
    ("labels", "Labels"), ("volumes", "Volumes"), ("stop signal", "StopSignal"), ("shell", "Shell"),
    ("author", "Author"),
)


@dataclass(frozen=True)
class AppliedFix:
    """A fix the engine applied: its rule code, what it did, and whether it is marked safe."""

    code: str
    message: str
    safe: bool


@dataclass(frozen=True)
class ConfigChange:
    field: str
    original: object
    rewritten: object


@dataclass
class Difference:
    """One thing a user should know changed, with the fixes it is attributed to."""

    kind: str  # "config" | "package" | "files" | "build"
    description: str
    fixes: list[str] = field(default_factory=list)  # codes
    how: str = ""  # why these fixes: "mentions --no-install-recommends", "the only fix applied"


def config_changes(original: dict, rewritten: dict) -> list[ConfigChange]:
    out = []
    for name, key in CONFIG_FIELDS:
        a, b = original.get(key), rewritten.get(key)
        if key == "Env":
            a, b = _env(a), _env(b)
        if (a or None) != (b or None):
            out.append(ConfigChange(name, a or None, b or None))
    return out


def _env(items: list[str] | None) -> dict[str, str]:
    return dict(item.partition("=")[::2] for item in items or [])


# (kind of difference, pattern over a fix's code and message, what the pattern means)
_CAUSES: tuple[tuple[str, str, str], ...] = (
    ("dpkg removed", r"no-install-recommends", "--no-install-recommends"),
    ("dpkg added", r"\bapt|install", "an apt-get install change"),
    ("dpkg changed", r"\bpin|version", "a version pin"),
    ("npm removed", r"omit[= ]dev|--production|devDependenc|multi-stage|npm prune", "dropping devDependencies"),
    ("npm", r"\bnpm\b|\byarn\b|\bpnpm\b|lock ?file", "an npm install change"),
    ("config user", r"\bUSER\b|non-root|\broot\b", "USER"),
    ("config cmd", r"\bCMD\b|exec form|JSON", "CMD"),
    ("config entrypoint", r"ENTRYPOINT|exec form|JSON", "ENTRYPOINT"),
    ("config env", r"\bENV\b|environment", "ENV"),
    ("config exposed ports", r"EXPOSE|\bports?\b", "EXPOSE"),
    ("config workdir", r"WORKDIR|\bcd\b", "WORKDIR"),
    ("config healthcheck", r"HEALTHCHECK", "HEALTHCHECK"),
    ("config labels", r"LABEL|MAINTAINER", "LABEL"),
    ("config author", r"MAINTAINER|authors", "MAINTAINER"),
    ("config shell", r"\bSHELL\b|pipefail", "SHELL"),
    ("files", r"\bCOPY\b|\bADD\b|dockerignore|multi-stage|stage", "COPY/ADD or stages"),
)


def attribute(kind: str, fixes: list[AppliedFix]) -> tuple[list[str], str]:
    """The fixes whose code or message points at this kind of difference."""
    for prefix, pattern, meaning in _CAUSES:
        if kind.startswith(prefix):
            rx = re.compile(pattern, re.I)
            hits = [f.code for f in fixes if rx.search(f"{f.code} {f.message}")]
            if hits:
                return _unique(hits), f"it is about {meaning}"
    if len({f.code for f in fixes}) == 1:
        return [fixes[0].code], "the only fix applied"
    return [], ""


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def differences(fs: FsDiff | None, config: list[ConfigChange], fixes: list[AppliedFix]) -> list[Difference]:
    out: list[Difference] = []
    for c in config:
        codes, how = attribute(f"config {c.field}", fixes)
        out.append(Difference("config", _describe(c), codes, how))
    if fs is not None:
        for g in fs.packages:
            if g.name.startswith("package database"):
                continue  # follows from the package changes listed with it
            what = f"{g.kind} package {g.change}: {g.name}"
            if g.detail:
                what += f" ({g.detail})"
            what += f", {g.files} files, {_size(g.bytes)}"
            codes, how = attribute(f"{g.kind} {g.change}", fixes)
            out.append(Difference("package", what, codes, how))
        if fs.files:
            codes, how = attribute("files", fixes)
            if fs.folders:
                for g in fs.folders[:15]:
                    out.append(Difference("files", f"{g.files} files {g.change} under {g.name} ({_size(g.bytes)})",
                                          codes, how))
                if len(fs.folders) > 15:
                    rest = fs.folders[15:]
                    out.append(Difference("files", f"{sum(g.files for g in rest)} more files in "
                                                   f"{len(rest)} other folders", codes, how))
            else:
                for c in fs.files:
                    out.append(Difference("files", f"{c.path}: {c.what if c.what != 'content' else 'content changed'}",
                                          codes, how))
    return out


def _describe(c: ConfigChange) -> str:
    a, b = c.original, c.rewritten
    if isinstance(a, dict) or isinstance(b, dict):
        a, b = a or {}, b or {}
        parts = []
        for key in sorted(a.keys() | b.keys()):
            if key not in b:
                parts.append(f"removed {_item(key, a[key])}")
            elif key not in a:
                parts.append(f"added {_item(key, b[key])}")
            elif a[key] != b[key]:
                parts.append(f"{_item(key, a[key])} -> {_item(key, b[key])}")
        return f"{c.field}: " + "; ".join(parts)
    return f"{c.field}: {_show(a)} -> {_show(b)}"


def _item(key: str, value: object) -> str:
    return key if value in ({}, None, "") else f"{key}={value}"


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return json.dumps(value)
    return repr(value) if isinstance(value, str) else str(value)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} B"
