"""Imports run one way through the package: no module imports a module of a higher layer, and no
modules or packages import each other in a loop (docs/architecture.md draws the layers).

Every import counts, also those inside functions (lazy ones are still dependencies) and those only
for type checking."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dfopt"

# Bottom first. A module belongs to the entry with the longest matching name (`dfopt` itself, the
# package's __init__, only to itself); modules of one layer may import each other, without loops.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("dfopt", "dfopt.errors", "dfopt.sizes", "dfopt.syntax", "dfopt.shell", "dfopt.context", "dfopt.findings"),
    ("dfopt.rules", "dfopt.compose", "dfopt.project"),
    ("dfopt.catalogue", "dfopt.fixer", "dfopt.scaffold"),
    ("dfopt.app", "dfopt.verify"),
    ("dfopt.cli", "dfopt.__main__", "dfopt.report"),
)


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, package: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports (a package's __init__ when that is what it names)."""
    name = module_name(path, package)
    own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = own_package.split(".")[: len(own_package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from dfopt.scaffold import templates` imports the module dfopt.scaffold.templates.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    files = sorted(package.rglob("*.py"))
    modules = {module_name(f, package) for f in files}
    return {module_name(f, package): imports_of(f, package, modules) for f in files}


@functools.lru_cache(maxsize=None)
def dfopt_graph() -> dict[str, frozenset[str]]:
    """The package's own import graph, read once for the tests below."""
    return {module: frozenset(targets) for module, targets in import_graph().items()}


def layer_of(module: str) -> int:
    best, level = "", None
    for index, names in enumerate(LAYERS):
        for name in names:
            inside = module == name or (name != "dfopt" and module.startswith(name + "."))
            if inside and len(name) > len(best):
                best, level = name, index
    if level is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return level


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
                  for module, targets in graph.items() for target in targets if layer_of(target) > layer_of(module))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same imports between the top-level parts (dfopt.rules, dfopt.compose, dfopt.cli, ...):
    two packages whose modules import each other are a loop even when no two modules are."""
    def part(module: str) -> str:
        return ".".join(module.split(".")[:2])

    out: dict[str, set[str]] = {}
    for module, targets in graph.items():
        out.setdefault(part(module), set()).update(part(t) for t in targets if part(t) != part(module))
    return out


def test_every_module_has_a_layer():
    for module in dfopt_graph():
        layer_of(module)


def test_no_module_imports_a_higher_layer():
    assert upward_imports(dfopt_graph()) == []


def test_no_import_loops_between_modules():
    assert cycles(dfopt_graph()) == []


def test_no_import_loops_between_packages():
    # The package `dfopt` itself is only its __init__ (the version); every part may read it.
    graph = {k: v - {"dfopt"} for k, v in package_graph(dfopt_graph()).items()}
    assert cycles(graph) == []


def private_imports(package: Path = PACKAGE) -> list[str]:
    """`from dfopt.x import _name`, or `x._name` on an imported module: a module leaning on what
    another keeps to itself."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        here = module_name(path, package)
        modules: dict[str, str] = {}  # local name -> module, for `from dfopt.scaffold import node_split as x`
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dfopt"):
                found += [f"{here} imports {node.module}.{alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
                for alias in node.names:
                    target = package.parent.joinpath(*f"{node.module}.{alias.name}".split("."))
                    if target.with_suffix(".py").is_file() or (target / "__init__.py").is_file():
                        modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{here} uses {modules[node.value.id]}.{node.attr}")
    return found


def test_no_module_imports_a_private_name_of_another():
    assert private_imports() == []


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "dfopt"

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return root

    return write


def test_an_import_from_rules_up_to_the_fixer_is_caught(tree):
    root = tree({"__init__.py": "", "fixer.py": "", "rules/__init__.py": "",
                 "rules/base.py": "def f():\n    from dfopt.fixer import apply_edits\n"})
    assert upward_imports(import_graph(root)) == ["dfopt.rules.base (layer 1) imports dfopt.fixer (layer 2)"]


def test_a_relative_import_up_to_the_cli_is_caught(tree):
    root = tree({"__init__.py": "", "cli.py": "", "report/__init__.py": "", "app/__init__.py": "",
                 "app/check.py": "from ..cli import main\n", "report/text.py": "from dfopt import cli\n"})
    assert upward_imports(import_graph(root)) == ["dfopt.app.check (layer 3) imports dfopt.cli (layer 4)"]


def test_a_loop_between_modules_of_one_layer_is_caught(tree):
    root = tree({"__init__.py": "", "scaffold/__init__.py": "",
                 "scaffold/node.py": "from dfopt.scaffold import python_go\n",
                 "scaffold/python_go.py": "from dfopt.scaffold.node import render\n"})
    assert cycles(import_graph(root)) == [["dfopt.scaffold.node", "dfopt.scaffold.python_go"]]


def test_a_loop_between_packages_is_caught_when_no_two_modules_form_one(tree):
    root = tree({"__init__.py": "", "rules/__init__.py": "", "compose/__init__.py": "",
                 "rules/registry.py": "from dfopt.compose.rules import ALL\n",
                 "compose/rules.py": "from dfopt.rules.base import Rule\n", "rules/base.py": ""})
    graph = import_graph(root)
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == [["dfopt.compose", "dfopt.rules"]]


def test_a_module_outside_the_layers_is_named(tree):
    root = tree({"__init__.py": "", "plugins.py": ""})
    with pytest.raises(AssertionError, match="dfopt.plugins is in no layer"):
        for module in import_graph(root):
            layer_of(module)


def test_a_private_name_imported_from_another_module_is_caught(tree):
    root = tree({"__init__.py": "", "fixer.py": "_SUPPRESS_RE = 1\n",
                 "app/check.py": "from dfopt.fixer import _SUPPRESS_RE, apply_edits\n"})
    assert private_imports(root) == ["dfopt.app.check imports dfopt.fixer._SUPPRESS_RE"]


def test_a_private_name_used_through_an_imported_module_is_caught(tree):
    root = tree({"__init__.py": "", "scaffold/__init__.py": "", "scaffold/node_split.py": "def _segments(): pass\n",
                 "scaffold/python_go_split.py": "from dfopt.scaffold import node_split as common\n"
                                                "common._segments()\ncommon.public()\n"})
    assert private_imports(root) == ["dfopt.scaffold.python_go_split uses dfopt.scaffold.node_split._segments"]
