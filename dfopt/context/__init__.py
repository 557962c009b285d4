"""The build context: the files Docker would send, after the ignore file Docker would use.

A context is a folder on disk, or a listing of names (one a line, folders ending in `/`) plus the
few files present beside it; a listing may stop at some depth, so below it nothing is known and
the answer is None rather than a guess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from dfopt.context.dockerignore import IgnoreFile, IgnoreLine, normalize_path
from dfopt.errors import DfoptError

__all__ = ["BuildContext", "IgnoreFile", "IgnoreLine", "find_ignore_file"]


def find_ignore_file(root: Path, dockerfile: Path | None) -> Path | None:
    """The ignore file Docker reads: `<Dockerfile name>.dockerignore` beside the Dockerfile wins
    over `<context>/.dockerignore`."""
    if dockerfile is not None:
        beside = dockerfile.parent / f"{dockerfile.name}.dockerignore"
        if beside.is_file():
            return beside
    default = root / ".dockerignore"
    return default if default.is_file() else None


@dataclass
class BuildContext:
    root: Path
    ignore: IgnoreFile = field(default_factory=IgnoreFile)
    ignore_path: Path | None = None
    dockerfile: Path | None = None
    # Names known to exist (files and folders, slash paths relative to the root); None means
    # "ask the file system" (a real folder).
    listing: frozenset[str] | None = None
    listing_dirs: frozenset[str] = frozenset()
    # For a listing: folders whose contents were not listed (below the listing's depth).
    unlisted_dirs: frozenset[str] = frozenset()

    @classmethod
    def from_dir(cls, root: str | Path, dockerfile: str | Path | None = None,
                 ignorefile: str | Path | None = None) -> "BuildContext":
        root = Path(root)
        if not root.is_dir():
            raise DfoptError("the build context is not a folder", str(root))
        df = Path(dockerfile) if dockerfile is not None else None
        ignore_path = Path(ignorefile) if ignorefile is not None else find_ignore_file(root, df)
        ignore = IgnoreFile.read(ignore_path, _display(ignore_path)) if ignore_path else IgnoreFile()
        return cls(root, ignore, ignore_path, df)

    @classmethod
    def from_listing(cls, listing_file: str | Path, root: str | Path | None = None,
                     dockerfile: str | Path | None = None) -> "BuildContext":
        """A context described by a listing (names, folders ending in `/`) whose small files
        (manifests, .dockerignore) sit in `root` (default: the listing's folder)."""
        listing_file = Path(listing_file)
        root = Path(root) if root is not None else listing_file.parent
        try:
            lines = listing_file.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise DfoptError(f"cannot read the context listing: {err.strerror}", str(listing_file)) from None
        names: set[str] = set()
        dirs: set[str] = set()
        for line in lines:
            if not line.strip():
                continue
            name = normalize_path(line.rstrip("/"))
            if name is None:
                continue
            names.add(name)
            if line.endswith("/"):
                dirs.add(name)
            parent = name.rpartition("/")[0]
            while parent:  # a listed name implies its folders
                names.add(parent)
                dirs.add(parent)
                parent = parent.rpartition("/")[0]
        with_children = {n.rpartition("/")[0] for n in names if "/" in n}
        df = Path(dockerfile) if dockerfile is not None else None
        ignore_path = find_ignore_file(root, df)
        ignore = IgnoreFile.read(ignore_path, _display(ignore_path)) if ignore_path else IgnoreFile()
        return cls(root, ignore, ignore_path, df, frozenset(names), frozenset(dirs),
                   frozenset(dirs - with_children))

    def with_ignore_text(self, text: str) -> "BuildContext":
        """This context as it will be once `text` is written as its .dockerignore (a proposed file,
        not yet on disk): what the rules see is then what the build will send. Docker reads
        `<Dockerfile>.dockerignore` beside the Dockerfile first; when that file exists the proposal
        changes nothing and the context is returned as it is."""
        target = self.root / ".dockerignore"
        if self.ignore_path is not None and self.ignore_path != target:
            return self
        return replace(self, ignore=IgnoreFile.parse(text, _display(target)), ignore_path=target)

    @property
    def complete(self) -> bool:
        """False when some folders' contents are unknown (a listing that stops at a depth)."""
        return not self.unlisted_dirs

    def exists(self, path: str) -> bool | None:
        """Whether `path` is in the context (before ignoring); None when the listing cannot say."""
        name = normalize_path(path)
        if name is None:
            return True
        if self.listing is None:
            return (self.root / name).exists()
        if name in self.listing:
            return True
        parent = name.rpartition("/")[0]
        while parent:
            if parent in self.unlisted_dirs:
                return None
            parent = parent.rpartition("/")[0]
        return False

    def is_dir(self, path: str) -> bool:
        name = normalize_path(path)
        if name is None:
            return True
        if self.listing is None:
            return (self.root / name).is_dir()
        return name in self.listing_dirs

    def children(self, path: str) -> list[str] | None:
        """The names directly in a folder (sorted), or None when the listing does not go that deep."""
        name = normalize_path(path)
        if self.listing is None:
            folder = self.root / name if name else self.root
            return sorted(os.listdir(folder)) if folder.is_dir() else []
        if name in self.unlisted_dirs:
            return None
        prefix = f"{name}/" if name else ""
        return sorted(n[len(prefix):] for n in self.listing if n.startswith(prefix) and "/" not in n[len(prefix):])

    def ignored(self, path: str) -> bool:
        return self.ignore.matches(path)

    def sent(self, path: str) -> bool | None:
        """Whether COPY can see `path`: present and not excluded (None when unknown)."""
        present = self.exists(path)
        if present is None:
            return None
        return present and not self.ignored(path)

    def read_text(self, path: str) -> str | None:
        """The text of a context file when we have it (a listing carries only some files)."""
        name = normalize_path(path)
        if name is None or (self.listing is not None and name not in self.listing):
            return None
        try:
            return (self.root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    def names(self) -> Iterator[str]:
        """Every known name, files and folders, sorted; ignored ones included."""
        if self.listing is not None:
            yield from sorted(self.listing)
            return
        exclusions = any(line.exclusion for line in self.ignore.lines)
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel = Path(dirpath).relative_to(self.root).as_posix()
            prefix = "" if rel == "." else rel + "/"
            dirnames.sort()
            kept = []
            for d in dirnames:
                yield prefix + d
                # An excluded folder cannot hold a sent file unless a `!` line could re-include one.
                if exclusions or not self.ignored(prefix + d):
                    kept.append(d)
            dirnames[:] = kept
            for f in sorted(filenames):
                yield prefix + f

    def sent_names(self) -> Iterator[str]:
        """The names Docker would send (files and folders), in walk order."""
        for name in self.names():
            if not self.ignored(name):
                yield name


def _display(path: Path | None) -> str:
    return str(path) if path is not None else ".dockerignore"


def for_dockerfile(path: str, context_dir: str | None = None) -> BuildContext:
    """The context a command uses for a Dockerfile: --context, else the Dockerfile's folder (the
    current folder for standard input)."""
    if context_dir is None:
        context_dir = "." if path == "-" else str(Path(path).parent)
    return BuildContext.from_dir(context_dir, None if path == "-" else path)
