"""What a build context holds, for the .dockerignore generator: every name with its size, the
languages its manifests announce, and how many files and bytes Docker would send under an ignore
file.

A context read from a listing knows names but not sizes (only the few files present beside the
listing are measured), and a listed folder whose content was not listed counts as one entry.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dfopt.context import BuildContext
from dfopt.context.dockerignore import IgnoreFile
from dfopt.errors import DfoptError


@dataclass(frozen=True)
class Entry:
    name: str  # slash path relative to the context root
    is_dir: bool
    size: int | None  # bytes of a file; None when unknown (listing) or a folder
    opaque: bool = False  # a listed folder whose content is unknown


@dataclass
class Inventory:
    """Every name of a context (ignored ones too), and its files' text on demand."""

    context: BuildContext
    entries: dict[str, Entry] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # "" is the root

    @classmethod
    def from_context(cls, context: BuildContext) -> "Inventory":
        inv = cls(context)
        if context.listing is None:
            inv._walk(context.root)
        else:
            for name in sorted(context.listing):
                is_dir = name in context.listing_dirs
                size = None
                if not is_dir:
                    try:
                        size = (context.root / name).stat().st_size
                    except OSError:
                        size = None
                inv._add(Entry(name, is_dir, size, name in context.unlisted_dirs))
        return inv

    @classmethod
    def from_dir(cls, root: str | Path) -> "Inventory":
        return cls.from_context(BuildContext.from_dir(root))

    def _walk(self, root: Path) -> None:
        stack = [(root, "")]
        while stack:
            folder, prefix = stack.pop()
            try:
                items = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for item in items:
                name = prefix + item.name
                try:
                    is_dir = item.is_dir(follow_symlinks=False)
                    size = None if is_dir else item.stat(follow_symlinks=False).st_size
                except OSError:
                    is_dir, size = False, None
                self._add(Entry(name, is_dir, size))
                if is_dir:
                    stack.append((Path(item.path), name + "/"))

    def add_planned(self, name: str) -> None:
        """A file that does not exist yet but will (written next to the .dockerignore)."""
        self._add(Entry(name, False, 0))

    def _add(self, entry: Entry) -> None:
        self.entries[entry.name] = entry
        self.children.setdefault(entry.name.rpartition("/")[0], []).append(entry.name)

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    def read_text(self, name: str) -> str | None:
        return self.context.read_text(name)

    def under(self, name: str) -> list[str]:
        """Every name below folder `name` (not `name` itself)."""
        out: list[str] = []
        stack = list(reversed(self.children.get(name, [])))
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(reversed(self.children.get(child, [])))
        return out

    def sent_totals(self, ignore: IgnoreFile | None) -> "Totals":
        """Files and bytes Docker sends under `ignore`, walking as Docker's archiver does: an
        excluded folder is skipped unless a `!` pattern starts inside it."""
        totals = Totals()
        exclusions = [line.pattern for line in ignore.lines if line.exclusion] if ignore else []
        stack = list(reversed(self.children.get("", [])))
        while stack:
            name = stack.pop()
            entry = self.entries[name]
            excluded = ignore is not None and ignore.matches(name)
            if entry.is_dir:
                if excluded and not any((p + "/").startswith(name + "/") for p in exclusions):
                    continue
                if entry.opaque and not excluded:
                    totals.add(None)
                stack.extend(reversed(self.children.get(name, [])))
            elif not excluded:
                totals.add(entry.size)
        return totals


@dataclass
class Totals:
    files: int = 0
    bytes: int = 0
    unsized: int = 0  # files (or unlisted folders) whose size is unknown

    def add(self, size: int | None) -> None:
        self.files += 1
        if size is None:
            self.unsized += 1
        else:
            self.bytes += size


# --- languages -------------------------------------------------------------------------------

_MARKERS = {
    "package.json": "node",
    "go.mod": "go",
    "Cargo.toml": "rust",
    "pom.xml": "java",
    "build.gradle": "java",
    "build.gradle.kts": "java",
    "pyproject.toml": "python",
    "setup.py": "python",
    "setup.cfg": "python",
    "Pipfile": "python",
    "Gemfile": "ruby",
    "composer.json": "php",
}
# Folders where manifests belong to someone else's code, not the project's.
_FOREIGN = {"node_modules", ".git", "vendor", ".venv", "venv", "site-packages", "bower_components", "target"}


@dataclass(frozen=True)
class Project:
    """A folder with a manifest: where the language's tools write their outputs."""

    folder: str  # "" for the context root
    language: str
    typescript: bool = False
    frameworks: frozenset[str] = frozenset()  # node frameworks with their own output folders

    def path(self, name: str) -> str:
        return f"{self.folder}/{name}" if self.folder else name


_NODE_FRAMEWORKS = {"next": ".next", "nuxt": ".nuxt", "@sveltejs/kit": ".svelte-kit",
                    "@angular/core": ".angular", "parcel": ".parcel-cache", "turbo": ".turbo"}


def detect_projects(inv: Inventory, max_depth: int = 3) -> list[Project]:
    """Projects by their manifests, at most `max_depth` folders deep, outside dependency folders."""
    found: list[Project] = []
    for name, entry in inv.entries.items():
        if entry.is_dir:
            continue
        parts = name.split("/")
        if len(parts) > max_depth + 1 or any(p in _FOREIGN for p in parts[:-1]):
            continue
        folder = "/".join(parts[:-1])
        base = parts[-1]
        language = _MARKERS.get(base)
        if language is None and (base.startswith("requirements") and base.endswith(".txt")):
            language = "python"
        if language is None and (base.endswith(".csproj") or base.endswith(".sln")):
            language = "dotnet"
        if language is None:
            continue
        if language == "node":
            found.append(_node_project(inv, folder, name))
        else:
            found.append(Project(folder, language))
    unique: dict[tuple[str, str], Project] = {}
    for project in found:
        unique.setdefault((project.folder, project.language), project)
    return sorted(unique.values(), key=lambda p: (p.folder, p.language))


def _node_project(inv: Inventory, folder: str, manifest: str) -> Project:
    tsconfig = f"{folder}/tsconfig.json" if folder else "tsconfig.json"
    frameworks: set[str] = set()
    text = inv.read_text(manifest)
    typescript = tsconfig in inv
    if text:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json can read
            data = {}
        if not isinstance(data, dict):
            raise DfoptError("not a JSON object, so npm cannot read it as a package.json",
                             str(inv.context.root / manifest), 1)
        deps: dict = {}
        for key in ("dependencies", "devDependencies"):
            if isinstance(data.get(key), dict):
                deps.update(data[key])
        typescript = typescript or "typescript" in deps
        frameworks = {out for pkg, out in _NODE_FRAMEWORKS.items() if pkg in deps}
    return Project(folder, "node", typescript, frozenset(frameworks))

