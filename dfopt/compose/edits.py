"""Text edits that add to a compose file: a key at the end of a service, an item at the end of a
list. Each returns None where the edit could not keep every other byte as it is, or could change
more than the one place it means to (flow style, text shared through anchors, content sharing the
last line); rules then offer no fix and say why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfopt.compose.fields import Port
from dfopt.compose.model import ComposeFile, Service, entries, scalar
from dfopt.findings import Applicability, Edit, Fix

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml


def _newline(compose: ComposeFile) -> str:
    return "\r\n" if "\r\n" in compose.text else "\n"


def _insert_after_line_of(compose: ComposeFile, end: int, lines: list[str], indent: str) -> Edit | None:
    """Lines inserted after the line where a node ends at `end`, when nothing but a comment
    follows the node on that line."""
    rest = compose.text[end : compose.line_end(end)]
    if rest.strip() and not rest.lstrip().startswith("#"):
        return None
    at = compose.line_end(end)
    newline = _newline(compose)
    prefix = "" if compose.text.endswith("\n", 0, at) else newline  # the last line had no newline
    return Edit(at, at, prefix + "".join(f"{indent}{line}{newline}" for line in lines))


def add_to_service(compose: ComposeFile, service: Service, lines: list[str]) -> Edit | None:
    """`lines` (YAML, indented relative to the service's keys) after the service's last key."""
    import yaml

    node = service.node
    if node.flow_style or not node.value or not compose.editable(node, service.key):
        return None
    last_key, last_value = node.value[-1]
    if last_key.tag == "tag:yaml.org,2002:merge" or not compose.editable(last_value):
        return None  # an alias's marks point at its anchor, elsewhere in the file
    if isinstance(last_value, yaml.CollectionNode) and last_value.flow_style is False and not last_value.value:
        return None
    end = _own_end(compose, last_value)
    if end is None:
        return None
    indent = " " * node.value[0][0].start_mark.column
    if compose.text[compose.line_start(node.value[0][0].start_mark.index) : node.value[0][0].start_mark.index].strip():
        return None  # the first key shares its line (`web: {` or `- name:`): no column to follow
    return _insert_after_line_of(compose, end, lines, indent)


def _own_end(compose: ComposeFile, node: yaml.Node) -> int | None:
    """Where a value's text ends, or None when its last descendant is an alias (whose marks point
    at the anchor, elsewhere) or a block scalar (which ends past its trailing newlines)."""
    import yaml

    while True:
        if not compose.editable(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            return None if node.style in ("|", ">") else node.end_mark.index
        if node.flow_style or not node.value:
            return node.end_mark.index if node.flow_style else None
        last = node.value[-1]
        if isinstance(last, tuple):
            if last[0].tag == "tag:yaml.org,2002:merge":
                return None
            last = last[1]
        node = last


def add_to_sequence(compose: ComposeFile, sequence: yaml.Node, item: str) -> Edit | None:
    """`item` (plain YAML text) appended to a block or flow sequence."""
    import yaml

    if not isinstance(sequence, yaml.SequenceNode) or not compose.editable(sequence):
        return None
    if sequence.flow_style:
        close = sequence.end_mark.index - 1
        if compose.text[close] != "]":
            return None
        if not sequence.value:
            return Edit(close, close, item)
        last = _own_end(compose, sequence.value[-1])
        return Edit(last, last, f", {item}") if last is not None else None
    if not sequence.value:
        return None
    first = sequence.value[0].start_mark.index
    line_start = compose.line_start(first)
    dash = compose.text[line_start:first]
    if dash.strip() != "-":
        return None  # nested or unusual layout: leave it to the author
    indent = dash[: dash.index("-")]
    gap = dash[dash.index("-") + 1 :]
    end = _own_end(compose, sequence.value[-1])
    return _insert_after_line_of(compose, end, [f"-{gap}{item}"], indent) if end is not None else None


def env_name(service: Service) -> str:
    """A service name as the prefix of its .env variables: `api-gw` -> `API_GW`."""
    return "".join(c if c.isalnum() else "_" for c in service.name.upper())


def _long_syntax_loopback(compose: ComposeFile, port: Port) -> Fix | None:
    """Set `host_ip: 127.0.0.1` in a block mapping: replace a wildcard value, or add the key on a
    line of its own after the last one, indented like the others."""
    import yaml

    fields = entries(port.node)
    message = f"bound port {port.target} to 127.0.0.1"
    if "host_ip" in fields:
        value = fields["host_ip"].value
        if not isinstance(value, yaml.ScalarNode):
            return None
        edit = Edit(value.start_mark.index, value.end_mark.index, "127.0.0.1")
        return Fix((edit,), Applicability.UNSAFE, message)
    if port.node.flow_style or not fields:
        return None
    last = compose.entry_lines(list(fields.values())[-1])
    if last is None:
        return None
    end = last[1]
    newline = "\r\n" if compose.text.endswith("\r\n", 0, end) else "\n"
    prefix = "" if compose.text.endswith("\n", 0, end) else newline  # the last line had no newline
    indent = " " * port.node.value[0][0].start_mark.column
    return Fix((Edit(end, end, f"{prefix}{indent}host_ip: 127.0.0.1{newline}"),), Applicability.UNSAFE, message)


def bind_to_loopback(compose: ComposeFile, port: Port) -> Fix | None:
    if not compose.editable(port.node):
        return None
    if not port.short:
        return _long_syntax_loopback(compose, port)
    text = scalar(port.node)
    if port.host_ip is None:
        new = f"127.0.0.1:{text}" if port.published else f"127.0.0.1::{text}"
    else:
        ip = f"[{port.host_ip}]" if text.startswith("[") else port.host_ip
        new = "127.0.0.1" + text[len(ip) :]
    start, end = port.node.start_mark.index, port.node.end_mark.index
    if port.node.style in ("'", '"'):
        start, end = start + 1, end - 1
        if compose.text[start:end] != text:
            return None  # escapes inside the quotes: the text is not the value
        replacement = new
    else:
        replacement = f'"{new}"'
    return Fix((Edit(start, end, replacement),), Applicability.UNSAFE, f"bound port {text} to 127.0.0.1")
