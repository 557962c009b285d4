"""What differs between the two images, and which fix most likely caused each difference."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from dfopt.shell.argv import NODE_ENTRYPOINT, NODE_ENTRYPOINT_COMMANDS, literal_argv, may_be_a_script
from dfopt.sizes import human_size
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
    # Set when both values run the same command, only written in another form: why they match.
    same_command: str | None = None


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
            same = _same_command(key, a, b, original.get("Entrypoint") or rewritten.get("Entrypoint"))
            out.append(ConfigChange(name, a or None, b or None, same))
    return out


def _argv(value: object) -> list[str] | None:
    """The program and arguments a Cmd/Entrypoint/healthcheck test runs, when no shell syntax
    stands between the words; `/bin/sh -c` with a plain command runs those same words."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    if value[:1] == ["CMD-SHELL"]:
        value = ["/bin/sh", "-c", *value[1:]]
    elif value[:1] == ["CMD"]:
        value = value[1:]
    if len(value) == 3 and value[:2] == ["/bin/sh", "-c"]:
        return literal_argv(value[2])  # None when the shell does something an exec-form list would not
    return value


def _same_command(key: str, a: object, b: object, entrypoint: object = None) -> str | None:
    if key == "Healthcheck" and isinstance(a, dict) and isinstance(b, dict):
        rest_a = {k: v for k, v in a.items() if k != "Test"}
        rest_b = {k: v for k, v in b.items() if k != "Test"}
        if rest_a != rest_b:
            return None
        a, b = a.get("Test"), b.get("Test")
        if _shell_test(a) == _shell_test(b) is not None:
            return "both run the same command through /bin/sh -c"
    elif key != "Cmd":
        # An ENTRYPOINT in exec form takes the CMD and `docker run`'s arguments; in shell form it
        # ignored them: never only another form.
        return None
    elif entrypoint and not _passes_cmd_on(entrypoint, _argv(b)):
        return None  # the entrypoint receives the CMD's words instead of /bin/sh -c "..."
    elif _argv(b) and may_be_a_script(_argv(b)[0]):
        return None  # a script without `#!` runs under the shell, not in exec form
    if a != b and _argv(a) is not None and _argv(a) == _argv(b):
        return "the same program and arguments, started without /bin/sh -c (it now receives signals)"
    return None


def _passes_cmd_on(entrypoint: object, argv: list[str] | None) -> bool:
    """Whether an image entrypoint runs either form of the CMD as the same program: the node
    image's docker-entrypoint.sh does for a first word that is a command it has."""
    return (isinstance(entrypoint, list) and tuple(entrypoint) == NODE_ENTRYPOINT and bool(argv)
            and argv[0] in NODE_ENTRYPOINT_COMMANDS)


def _shell_test(test: object) -> str | None:
    """A healthcheck test's shell command: CMD-SHELL s, or CMD /bin/sh -c s."""
    if isinstance(test, list) and len(test) == 2 and test[0] == "CMD-SHELL":
        return test[1]
    if isinstance(test, list) and len(test) == 4 and test[:3] == ["CMD", "/bin/sh", "-c"]:
        return test[3]
    return None


def _env(items: list[str] | None) -> dict[str, str]:
    return dict(item.partition("=")[::2] for item in items or [])


# (kind of difference, pattern over a fix's code and message, what the pattern means)
_CAUSES: tuple[tuple[str, str, str], ...] = (
    ("dpkg removed", r"no-install-recommends", "--no-install-recommends"),
    ("dpkg added", r"\bapt|install", "an apt-get install change"),
    ("dpkg changed", r"\bpin|version", "a version pin"),
    ("npm removed", r"omit[= ]dev|--production|devDependenc|multi-stage|\bstages?\b|npm prune",
     "dropping devDependencies"),
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


PACKAGE_LIST_LIMIT = 12  # more packages with the same change are summarised


def differences(fs: FsDiff | None, config: list[ConfigChange], fixes: list[AppliedFix]) -> list[Difference]:
    out: list[Difference] = []
    for c in config:
        if c.same_command:
            continue
        codes, how = attribute(f"config {c.field}", fixes)
        out.append(Difference("config", _describe(c), codes, how))
    if fs is not None:
        groups: dict[tuple[str, str], list] = {}
        for g in fs.packages:
            if not g.name.startswith("package database"):  # follows from the package changes
                groups.setdefault((g.kind, g.change), []).append(g)
        for (kind, change), members in groups.items():
            codes, how = attribute(f"{kind} {change}", fixes)
            if len(members) > PACKAGE_LIST_LIMIT:
                biggest = sorted(members, key=lambda g: -g.bytes)[:5]
                out.append(Difference("package", f"{len(members)} {kind} packages {change}, "
                                      f"{human_size(sum(g.bytes for g in members))}; the biggest: "
                                      + ", ".join(f"{g.name} ({human_size(g.bytes)})" for g in biggest), codes, how))
                continue
            for g in members:
                if g.name.endswith("records)"):
                    what = f"{g.name} {g.change}"
                else:
                    what = f"{g.kind} package {g.change}: {g.name}" + (f" ({g.detail})" if g.detail else "")
                out.append(Difference("package", f"{what}, {g.files} files, {human_size(g.bytes)}", codes, how))
        if fs.files:
            codes, how = attribute("files", fixes)
            if fs.folders:
                for g in fs.folders[:15]:
                    out.append(Difference("files", f"{g.files} files {g.change} under {g.name} ({human_size(g.bytes)})",
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
