"""compose.yaml and the compose.override.yaml beside it, merged the way Compose merges them, so
rules judge what actually runs: a `cap_drop: [ALL]` in the override counts for the base file's
service, and a port the override adds is the override's finding.

The merged file keeps PyYAML's nodes from both files. Each node remembers its file, so a finding
lands in the file its text is in; the file being checked is the "primary" one, and only its
findings are kept. Nodes of the other file, the service mappings both files define, and the
combined lists and mappings the merge builds are marked as not editable: a fix never edits one
file from the other's positions, nor adds a key to a service the other file also shapes.

Compose's rules (the Compose Specification's merge section): mappings merge key by key, the
override's value winning for scalars; lists of ports, capabilities, security options, DNS
entries, env files, secrets, ... are concatenated; volumes and devices are merged by container
path; `command`, `entrypoint` and a healthcheck's `test` are replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dfopt.compose.model import ComposeFile, Entry, Service, entries, parse_compose, scalar

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_OVERRIDE = re.compile(r"((?:docker-)?compose)\.override\.ya?ml")
_REPLACED = {"command", "entrypoint", "test"}
_BY_TARGET = {"volumes", "devices"}


@dataclass(frozen=True)
class Companion:
    path: str
    text: str
    is_override: bool  # True: it goes on top of the file checked; False: it is that file's base


def companion_of(path: str) -> Companion | None:
    """The file Compose merges with `path` by default: the override beside a base file, or the
    base file beside an override. None when there is none (or `path` is neither)."""
    file = Path(path)
    name = file.name
    if name in BASE_NAMES:
        stem, ext = name.rsplit(".", 1)
        candidates, is_override = [f"{stem}.override.{ext}", f"{stem}.override.{'yml' if ext == 'yaml' else 'yaml'}"], True
    elif match := _OVERRIDE.fullmatch(name):
        candidates, is_override = [f"{match.group(1)}.yaml", f"{match.group(1)}.yml"], False
    else:
        return None
    for candidate in candidates:
        other = file.parent / candidate
        if other.is_file():
            from dfopt.syntax import read_dockerfile  # the one reader: BOM, encodings, clear errors

            return Companion(str(other), read_dockerfile(str(other)), is_override)
    return None


def _walk(node: yaml.Node, seen: set[int]) -> None:
    import yaml

    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(key, seen)
            _walk(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _walk(item, seen)


def _target(node: yaml.Node) -> str | None:
    """The container path of a `volumes:`/`devices:` item, by which Compose merges them."""
    text = scalar(node)
    if text is not None:
        parts = text.split(":")
        return parts[1] if len(parts) > 1 else parts[0]
    fields = entries(node)
    return scalar(fields["target"].value) if "target" in fields else None


class _Merger:
    def __init__(self, merged: ComposeFile, base: ComposeFile, override: ComposeFile):
        self.merged = merged
        self.base, self.override = base, override

    def synthetic(self, like: yaml.Node, value) -> yaml.Node:
        node = type(like)(like.tag, value, like.start_mark, like.end_mark, flow_style=like.flow_style)
        self.merged._shared.add(id(node))
        if id(like) in self.merged.origins:
            self.merged.origins[id(node)] = self.merged.origins[id(like)]
        return node

    def value(self, key: str, base: yaml.Node, over: yaml.Node) -> yaml.Node:
        import yaml

        if key in _REPLACED or type(base) is not type(over) or isinstance(over, yaml.ScalarNode):
            return over
        if isinstance(over, yaml.SequenceNode):
            items = list(base.value)
            if key in _BY_TARGET:
                replaced = {_target(n) for n in over.value} - {None}
                items = [n for n in items if _target(n) not in replaced]
            return self.synthetic(base, items + list(over.value))
        own = entries(base)
        theirs = entries(over)
        pairs = [(e.key, e.value) for name, e in own.items() if name not in theirs]
        for name, entry in theirs.items():
            value = self.value(name, own[name].value, entry.value) if name in own else entry.value
            pairs.append((entry.key, value))
        return self.synthetic(base, pairs)

    def service(self, base: Service | None, over: Service | None, primary_is_base: bool) -> Service:
        if base is None or over is None:
            return base or over
        fields = dict(base.fields)
        for name, entry in over.fields.items():
            value = self.value(name, base.fields[name].value, entry.value) if name in base.fields else entry.value
            fields[name] = Entry(entry.key, value, False)
        own = base if primary_is_base else over
        self.merged._shared.add(id(own.node))  # both files shape it: no key is added to one of them
        # Its findings about the whole service belong to the base file, where it is defined.
        return Service(own.name, base.key, own.node, fields)


def merge(primary: ComposeFile, companion: Companion) -> ComposeFile:
    """The merged view for checking `primary`: its own text and positions, the companion's nodes
    known by file and never edited."""
    other = parse_compose(companion.text, companion.path)
    base, override = (primary, other) if companion.is_override else (other, primary)
    merged = ComposeFile(primary.path, primary.text, primary.root, dict(primary.top), [], set(primary._shared))
    other_nodes: set[int] = set()
    if other.root is not None:
        _walk(other.root, other_nodes)
    merged._shared |= other_nodes
    merged.origins = {node: other.path for node in other_nodes}
    merged.merged_with.append(other)
    merger = _Merger(merged, base, override)
    for name, entry in other.top.items():
        if name == "services":
            continue
        mine = merged.top.get(name)
        if mine is None:
            merged.top[name] = entry
        else:
            b, o = (mine, entry) if companion.is_override else (entry, mine)
            merged.top[name] = Entry(o.key, merger.value(name, b.value, o.value), False)
    if "services" in other.top and "services" not in merged.top:
        merged.top["services"] = other.top["services"]
    by_base = {s.name: s for s in base.services}
    by_over = {s.name: s for s in override.services}
    for name in [*by_base, *(n for n in by_over if n not in by_base)]:
        merged.services.append(merger.service(by_base.get(name), by_over.get(name), base is primary))
    return merged
