"""The tree as plain data, for `dfopt parse --format json`: joining the nodes' `text` gives the file."""

from __future__ import annotations

from dfopt.syntax.document import Dockerfile
from dfopt.syntax.nodes import Instruction

FORMAT_VERSION = 1


def to_data(dockerfile: Dockerfile) -> dict:
    return {
        "version": FORMAT_VERSION,
        "escape": dockerfile.escape,
        "nodes": [_node(n) for n in dockerfile.nodes],
    }


def _node(node) -> dict:
    data = {"kind": node.kind, "text": node.text, "start_line": node.start_line,
            "end_line": node.end_line, "start": node.start, "end": node.end}
    if node.kind == "directive":
        data.update(name=node.name, value=node.value)
    if isinstance(node, Instruction):
        data.update(_instruction(node))
        data["inner_lines"] = [{"kind": x.kind, "line": x.line} for x in node.inner_lines]
    return data


def _instruction(ins: Instruction) -> dict:
    data = {
        "keyword": ins.keyword,
        "cmd": ins.cmd,
        "flags": [{"name": f.name, "value": f.value, "text": f.text} for f in ins.flags],
        "form": ins.form,
        "arguments": ins.args,
    }
    if ins.exec_args is not None:
        data["exec_args"] = list(ins.exec_args)
    if ins.heredocs:
        data["heredocs"] = [
            {"name": h.name, "chomp": h.chomp, "expand": h.expand, "fd": h.fd, "content": h.content,
             "start_line": h.start_line, "end_line": h.end_line}
            for h in ins.heredocs
        ]
    if ins.sub is not None:
        data["sub"] = _instruction(ins.sub)
    return data


def show(text: str, name: str, fmt: str = "text") -> str:
    """`dfopt parse`: the tree of `text` as JSON (every node with its exact text and lines) or as
    one line a node."""
    import json

    from dfopt.syntax.parser import parse

    tree = parse(text, name)
    if fmt == "json":
        return json.dumps(to_data(tree), ensure_ascii=False, indent=2) + "\n"
    lines = []
    for node in tree.nodes:
        span = f"{node.start_line}" if node.start_line == node.end_line else f"{node.start_line}-{node.end_line}"
        label = node.kind if node.kind != "instruction" else f"instruction {node.cmd}"
        if node.kind == "instruction" and node.form:
            label += f" ({node.form} form)"
        lines.append(f"{span:>9}  {label}\n")
    return "".join(lines)
