"""A compose file as PyYAML's composed nodes, with the str offsets of every key and value.

Rules read services, ports, volumes and environment through this module and never construct
Python values: a finding points at the node it is about, and a fix replaces text between the
node's offsets, so the rest of the file stays byte for byte. Values that come through a `<<`
merge key or an alias are shared with other places in the file; `editable()` says no to them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dfopt.errors import DfoptError
from dfopt.findings import Finding, Fix, Severity

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml

MERGE_TAG = "tag:yaml.org,2002:merge"
COMPOSE_FILE_NAMES = re.compile(r"(docker-)?compose([.-][\w.-]+)?\.ya?ml")


def is_compose_path(path: str) -> bool:
    """compose.yaml, compose.yml, docker-compose.yaml, docker-compose.override.yml, ..."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return bool(COMPOSE_FILE_NAMES.fullmatch(name))


@dataclass(frozen=True)
class Entry:
    key: yaml.ScalarNode
    value: yaml.Node
    inherited: bool  # reached through a `<<` merge key, so its text belongs to another place


def scalar(node: yaml.Node | None) -> str | None:
    """The text of a non-null scalar, else None."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return node.value
    return None


def entries(node: yaml.Node | None) -> dict[str, Entry]:
    """A mapping's entries by key, `<<` merges resolved as YAML says (own keys win, then the
    first merged mapping that has the key)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    own: dict[str, Entry] = {}
    merged: dict[str, Entry] = {}
    for key, value in node.value:
        if key.tag == MERGE_TAG:
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in sources:
                for name, entry in entries(source).items():
                    merged.setdefault(name, Entry(entry.key, entry.value, True))
        elif isinstance(key, yaml.ScalarNode):
            own[key.value] = Entry(key, value, False)
    return {**merged, **own}


def items(node: yaml.Node | None) -> list[yaml.Node]:
    import yaml

    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def content_end(node: yaml.Node) -> int:
    """Where the node's own text ends. PyYAML ends a block collection at the next token, past
    trailing blank and comment lines; this stops at its last value instead."""
    import yaml

    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return content_end(last[1] if isinstance(last, tuple) else last)
    return node.end_mark.index


@dataclass
class Service:
    name: str
    key: yaml.ScalarNode
    node: yaml.MappingNode
    fields: dict[str, Entry]

    def get(self, name: str) -> yaml.Node | None:
        entry = self.fields.get(name)
        return entry.value if entry else None

    def text(self, name: str) -> str | None:
        return scalar(self.get(name))

    @property
    def image(self) -> str | None:
        return self.text("image")


@dataclass
class ComposeFile:
    path: str
    text: str
    root: yaml.Node | None
    top: dict[str, Entry] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)
    _shared: set[int] = field(default_factory=set, repr=False)
    # Nodes of another file merged into this view (compose.override.yaml), by id: their file.
    origins: dict[int, str] = field(default_factory=dict, repr=False)
    merged_with: list[ComposeFile] = field(default_factory=list, repr=False)  # keeps their nodes alive

    def editable(self, *nodes: yaml.Node | Entry) -> bool:
        """True when editing these nodes changes only this one place in the file."""
        for node in nodes:
            if isinstance(node, Entry):
                if node.inherited:
                    return False
                node = node.value
            if id(node) in self._shared:
                return False
        return True

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Offset just past the newline of the line holding `offset` (or the end of the text)."""
        newline = self.text.find("\n", offset)
        return len(self.text) if newline < 0 else newline + 1

    def entry_lines(self, entry: Entry) -> tuple[int, int] | None:
        """The whole lines of a block mapping entry (`key:` and its value, comments on its last
        line included), or None when the entry shares a line with other content."""
        start = self.line_start(entry.key.start_mark.index)
        if self.text[start : entry.key.start_mark.index].strip():
            return None
        end = content_end(entry.value)
        rest = self.text[end : self.line_end(end)]
        if rest.strip() and not rest.lstrip().startswith("#"):
            return None
        return start, self.line_end(end)

    def finding(
        self,
        code: str,
        message: str,
        severity: Severity,
        node: yaml.Node,
        fix: Fix | None = None,
        no_fix_reason: str | None = None,
    ) -> Finding:
        return Finding(
            code=code,
            message=message,
            severity=severity,
            start=node.start_mark.index,
            end=content_end(node),
            fix=fix,
            no_fix_reason=None if fix else no_fix_reason,
            path=self.origins.get(id(node), self.path),
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _count_uses(node: yaml.Node, uses: Counter) -> None:
    uses[id(node)] += 1
    if uses[id(node)] == 1:  # an alias's children were counted where its anchor is
        for child in _children(node):
            _count_uses(child, uses)


def _mark_shared(node: yaml.Node, uses: Counter, shared: set[int], inside: bool = False) -> None:
    """Everything under a node written once and used more than once (anchor and aliases)."""
    inside = inside or uses[id(node)] > 1
    if inside:
        if id(node) in shared:
            return
        shared.add(id(node))
    for child in _children(node):
        _mark_shared(child, uses, shared, inside)


def parse_compose(text: str, path: str = "compose.yaml") -> ComposeFile:
    """Compose the YAML (no Python objects are built, so no tag runs code) and index services."""
    try:
        return _parse_compose(text, path)
    except RecursionError:
        # PyYAML composes nested collections recursively, and so do the walks below: a document
        # nested hundreds of levels deep is refused, not half read.
        raise DfoptError("not a compose file: its YAML is nested too deeply to read", path) from None


def _parse_compose(text: str, path: str) -> ComposeFile:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise DfoptError(f"not valid YAML: {err.problem or err.context}", path, line) from None
    except yaml.YAMLError as err:
        raise DfoptError(f"not valid YAML: {err}", path) from None
    compose = ComposeFile(path, text, root)
    if root is None:
        return compose
    if not isinstance(root, yaml.MappingNode):
        raise DfoptError("not a compose file: the top level must be a mapping", path, root.start_mark.line + 1)
    uses: Counter = Counter()
    _count_uses(root, uses)
    _mark_shared(root, uses, compose._shared)
    compose.top = entries(root)
    services = compose.top.get("services")
    for name, entry in entries(services.value if services else None).items():
        if isinstance(entry.value, yaml.MappingNode):
            compose.services.append(Service(name, entry.key, entry.value, entries(entry.value)))
    return compose

