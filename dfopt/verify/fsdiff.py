"""Two images' filesystems: snapshot a tar stream, diff, and sort the differences into groups.

Groups, from least to most interesting: paths every container gets from the runtime (ignored),
files that differ between any two builds (logs; ignored but counted), package-manager caches,
whole packages (dpkg, npm) with the files they own, and the remaining files.
"""

from __future__ import annotations

import hashlib
import re
import tarfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Iterable

# Created by the engine for every container (`docker create`), not part of the image.
_RUNTIME = ("/.dockerenv", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/dev", "/proc", "/sys")

# Written by package managers on every run with timestamps or run-specific content: two builds of
# the same Dockerfile differ here, so these never count as a difference the rewrite made.
_VOLATILE = (
    "/var/log/*",
    "/var/cache/ldconfig/aux-cache",
    "/var/lib/dpkg/*-old",
    "/var/cache/debconf/*-old",
    "/root/.npm/_logs",
    "/home/*/.npm/_logs",
    # pnpm stamps its state and node_modules/.modules.yaml with the time of the install.
    "/root/.local/state/pnpm",
    "/home/*/.local/state/pnpm",
    "/**/node_modules/.modules.yaml",
)

# Package-manager caches: safe to drop, never needed at run time.
CACHE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("apt package lists", ("/var/lib/apt/lists",)),
    ("apt archive cache", ("/var/cache/apt",)),
    ("npm cache", ("/root/.npm", "/home/*/.npm")),
    ("pip cache", ("/root/.cache/pip", "/home/*/.cache/pip")),
    ("yarn cache", ("/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/home/*/.cache/yarn",
                    "/root/.yarn/berry/cache", "/home/*/.yarn/berry/cache")),
    ("pnpm store", ("/root/.local/share/pnpm/store", "/home/*/.local/share/pnpm/store",
                    "/root/.cache/pnpm", "/home/*/.cache/pnpm", "/root/.pnpm-store", "/.pnpm-store")),
    ("apk cache", ("/var/cache/apk", "/etc/apk/cache")),
    ("dnf/yum cache", ("/var/cache/dnf", "/var/cache/yum")),
    ("go build cache", ("/root/.cache/go-build", "/home/*/.cache/go-build")),
    # Yarn 1 keeps V8's compiled code of itself here; every yarn run (`yarn cache clean` too) adds to it.
    ("V8 compile cache", ("/tmp/v8-compile-cache-*", "/tmp/v8-compile-cache")),
)

# dpkg/apt bookkeeping that changes whenever the set of installed packages does.
_PACKAGE_DB = ("/var/lib/dpkg/*", "/var/lib/apt/extended_states", "/var/cache/debconf/*",
               "/etc/ld.so.cache", "/usr/lib/*/gconv/gconv-modules.cache", "/etc/alternatives/*",
               "/var/lib/ucf/*", "/var/lib/systemd/deb-systemd-helper-enabled/*",
               "/etc/ssl/certs/*", "/usr/share/info/dir", "/usr/share/info/dir.old")


def _matcher(patterns: Iterable[str]) -> re.Pattern:
    """A path matches when it is a pattern or lies under one; `*` does not cross `/`, `**` does."""
    parts = []
    for p in patterns:
        rx = re.escape(p).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
        parts.append(f"(?:{rx})(?:/.*)?")
    return re.compile(r"\A(?:" + "|".join(parts) + r")\Z", re.S)


_DPKG_STATUS = "/var/lib/dpkg/status"
_APT_MARKS = "/var/lib/apt/extended_states"  # which packages apt installed only as dependencies
_RUNTIME_RX = _matcher(_RUNTIME)
_VOLATILE_RX = _matcher(_VOLATILE)
_PACKAGE_DB_RX = _matcher(_PACKAGE_DB)
_CACHE_RX = [(name, _matcher(pats)) for name, pats in CACHE_GROUPS]


@dataclass(frozen=True)
class Entry:
    kind: str  # "file" | "dir" | "symlink" | "other"
    digest: str  # sha256 of a file's content, a link's target, "" otherwise
    size: int
    mode: int
    owner: str  # "uid:gid"


@dataclass
class Snapshot:
    entries: dict[str, Entry] = field(default_factory=dict)
    dpkg: dict[str, str] = field(default_factory=dict)  # package -> version
    dpkg_owner: dict[str, str] = field(default_factory=dict)  # path -> package
    apt_marks: dict[str, str] = field(default_factory=dict)  # package:arch -> Auto-Installed

    def npm_packages(self) -> set[str]:
        return {root for path in self.entries if (root := npm_package_root(path))}


def _norm(name: str) -> str:
    name = name.removeprefix("./").rstrip("/")
    return "/" + name if name else "/"


def snapshot(stream: IO[bytes]) -> Snapshot:
    """Read a filesystem tar (as `docker export` writes it) without unpacking it."""
    snap = Snapshot()
    lists: dict[str, bytes] = {}
    status = b""
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            path = _norm(member.name)
            if _RUNTIME_RX.match(path):
                continue
            owner = f"{member.uid}:{member.gid}"
            mode = member.mode & 0o7777
            if member.isdir():
                entry = Entry("dir", "", 0, mode, owner)
            elif member.issym():
                entry = Entry("symlink", member.linkname, 0, mode, owner)
            elif member.islnk():
                target = snap.entries.get(_norm(member.linkname))
                entry = Entry("file", target.digest if target else "", target.size if target else 0, mode, owner)
            elif member.isfile():
                digest = hashlib.sha256()
                keep = path in (_DPKG_STATUS, _APT_MARKS) or (
                    path.startswith("/var/lib/dpkg/info/") and path.endswith(".list"))
                data = bytearray()
                f = tar.extractfile(member)
                assert f is not None
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
                    if keep:
                        data += chunk
                if path == _DPKG_STATUS:
                    status = bytes(data)
                elif path == _APT_MARKS:
                    snap.apt_marks = _parse_apt_marks(data.decode("utf-8", "replace"))
                elif keep:
                    lists[path] = bytes(data)
                entry = Entry("file", digest.hexdigest(), member.size, mode, owner)
            else:
                entry = Entry("other", "", 0, mode, owner)
            snap.entries[path] = entry
    snap.dpkg = _parse_dpkg_status(status.decode("utf-8", "replace"))
    for list_path, data in lists.items():
        package = list_path.rsplit("/", 1)[1].removesuffix(".list").split(":")[0]
        for line in data.decode("utf-8", "replace").splitlines():
            if line and line != "/.":
                snap.dpkg_owner.setdefault(line, package)
    return snap


def _parse_apt_marks(text: str) -> dict[str, str]:
    marks = {}
    for block in text.split("\n\n"):
        fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", block, re.M))
        if "Package" in fields:
            marks[f"{fields['Package']}:{fields.get('Architecture', '')}"] = fields.get("Auto-Installed", "0")
    return marks


def _parse_dpkg_status(text: str) -> dict[str, str]:
    packages = {}
    for block in text.split("\n\n"):
        fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", block, re.M))
        if "Package" in fields and "installed" in fields.get("Status", "").split():
            packages[fields["Package"]] = fields.get("Version", "")
    return packages


def npm_package_root(path: str) -> str | None:
    """`/app/node_modules/@types/node/index.d.ts` -> `/app/node_modules/@types/node`; pnpm's
    `/app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/index.js` -> `/app/node_modules/.pnpm/ms@2.1.3`."""
    head, sep, rest = path.partition("/node_modules/")
    if not sep or not rest:
        return None
    parts = rest.split("/")
    if parts[0] == ".pnpm" and len(parts) > 1 and "@" in parts[1]:
        return f"{head}/node_modules/.pnpm/{parts[1]}"
    if parts[0].startswith("."):
        return None
    n = 2 if parts[0].startswith("@") else 1
    if len(parts) < n:
        return None
    return f"{head}/node_modules/" + "/".join(parts[:n])


def npm_bookkeeping(path: str) -> str | None:
    """The node_modules folder whose links and records (.bin/, .package-lock.json, pnpm's
    hoisted links) this path is, or None."""
    head, sep, rest = path.partition("/node_modules/")
    if not sep or npm_package_root(path) is not None:
        return None
    if rest.startswith(".") or (rest.startswith("@") and "/" not in rest):  # or a bare @scope folder
        return f"{head}/node_modules"
    return None


@dataclass(frozen=True)
class Change:
    path: str
    what: str  # "removed" | "added" | "content" | "type" | "mode" | "owner"
    size: int


@dataclass
class Group:
    """Several changes that share a cause: a cache, a package, or a folder."""

    name: str
    kind: str  # "cache" | "dpkg" | "npm" | "folder"
    change: str  # "removed" | "added" | "changed"
    files: int = 0
    bytes: int = 0
    detail: str = ""  # e.g. versions "1.2 -> 1.3"

    def add(self, c: Change) -> None:
        self.files += 1
        self.bytes += c.size


@dataclass
class FsDiff:
    caches: list[Group] = field(default_factory=list)
    packages: list[Group] = field(default_factory=list)
    files: list[Change] = field(default_factory=list)  # not explained by a cache or a package
    folders: list[Group] = field(default_factory=list)  # `files` summarised, when there are many
    volatile: int = 0  # differences in logs and the like, ignored


def raw_changes(a: Snapshot, b: Snapshot) -> list[Change]:
    changes = []
    for path in sorted(a.entries.keys() | b.entries.keys()):
        x, y = a.entries.get(path), b.entries.get(path)
        if y is None:
            changes.append(Change(path, "removed", x.size))
        elif x is None:
            changes.append(Change(path, "added", y.size))
        elif x.kind != y.kind:
            changes.append(Change(path, "type", y.size))
        elif x.digest != y.digest:
            changes.append(Change(path, "content", y.size))
        elif x.kind != "symlink" and x.mode != y.mode:
            changes.append(Change(path, "mode", y.size))
        elif x.owner != y.owner:
            changes.append(Change(path, "owner", y.size))
    return changes


def diff(a: Snapshot, b: Snapshot, *, list_limit: int = 25, unstable: frozenset[str] = frozenset()) -> FsDiff:
    """`unstable`: paths that differed between two builds of the original (a control build)."""
    out = FsDiff()
    caches: dict[tuple[str, str], Group] = {}
    packages: dict[tuple[str, str], Group] = {}
    dpkg_gone = {p: f"{v}" for p, v in a.dpkg.items() if p not in b.dpkg}
    dpkg_new = {p: f"{v}" for p, v in b.dpkg.items() if p not in a.dpkg}
    dpkg_moved = {p: f"{a.dpkg[p]} -> {b.dpkg[p]}" for p in a.dpkg.keys() & b.dpkg.keys()
                  if a.dpkg[p] != b.dpkg[p]}
    for p, v in dpkg_gone.items():
        packages[("dpkg", p)] = Group(p, "dpkg", "removed", detail=v)
    for p, v in dpkg_new.items():
        packages[("dpkg", p)] = Group(p, "dpkg", "added", detail=v)
    for p, v in dpkg_moved.items():
        packages[("dpkg", p)] = Group(p, "dpkg", "changed", detail=v)
    npm_a, npm_b = a.npm_packages(), b.npm_packages()
    dpkg_changed = bool(packages)
    bookkeeping = Group("package database (dpkg/apt records)", "dpkg", "changed")
    explained: set[str] = set()  # caches and volatile paths
    for c in raw_changes(a, b):
        same_marks = c.path == _APT_MARKS and c.what == "content" and a.apt_marks == b.apt_marks
        if _VOLATILE_RX.match(c.path) or same_marks or c.path in unstable:  # marks: same records, another order
            out.volatile += 1
            explained.add(c.path)
            continue
        cache = next((name for name, rx in _CACHE_RX if rx.match(c.path)), None)
        if cache:
            explained.add(c.path)
            side = {"removed": "removed", "added": "added"}.get(c.what, "changed")
            caches.setdefault((cache, side), Group(cache, "cache", side)).add(c)
            continue
        owner = (a.dpkg_owner.get(c.path) if c.what == "removed" else None) or b.dpkg_owner.get(c.path) \
            or a.dpkg_owner.get(c.path)
        if owner and ("dpkg", owner) in packages:
            packages[("dpkg", owner)].add(c)
            continue
        if dpkg_changed and _PACKAGE_DB_RX.match(c.path):
            bookkeeping.add(c)
            continue
        guess = _named_after(c.path, packages)
        if guess:
            packages[("dpkg", guess)].add(c)
            continue
        root = npm_package_root(c.path)
        store = npm_bookkeeping(c.path)
        if root == c.path and _pnpm_link(a, b, c.path):
            # pnpm's top-level link to .pnpm/<name@version>: the package is listed there
            root, store = None, c.path.rsplit("/node_modules/", 1)[0] + "/node_modules"
        if store:
            name = f"{store} (links and install records)"
            packages.setdefault(("npm", name), Group(name, "npm", "changed")).add(c)
            continue
        if root:
            if root in npm_a and root not in npm_b:
                change = "removed"
            elif root in npm_b and root not in npm_a:
                change = "added"
            else:
                change = "changed"
            packages.setdefault(("npm", root), Group(root, "npm", change)).add(c)
            continue
        out.files.append(c)
    kept = []
    for c in out.files:
        if _only_held_caches(c, a, b, explained):
            caches.setdefault(("folders that only held caches", c.what),
                              Group("folders that only held caches", "cache", c.what)).add(c)
        else:
            kept.append(c)
    out.files = kept
    out.caches = sorted(caches.values(), key=lambda g: -g.bytes)
    out.packages = sorted(packages.values(), key=lambda g: (g.kind, g.change, g.name))
    if bookkeeping.files:
        out.packages.append(bookkeeping)
    if len(out.files) > list_limit:
        out.folders = summarise(out.files)
    return out


def _only_held_caches(c: Change, a: Snapshot, b: Snapshot, explained: set[str]) -> bool:
    """A folder removed (or added) with nothing in it but caches and other such folders, like
    /root/.cache once pip's cache is gone."""
    snap = {"removed": a, "added": b}.get(c.what)
    if snap is None or snap.entries[c.path].kind != "dir":
        return False
    prefix = c.path + "/"
    inside = [p for p in snap.entries if p.startswith(prefix)]
    return any(p in explained for p in inside) and all(
        p in explained or snap.entries[p].kind == "dir" for p in inside)


def _pnpm_link(a: Snapshot, b: Snapshot, path: str) -> bool:
    entry = a.entries.get(path) or b.entries.get(path)
    return entry is not None and entry.kind == "symlink" and ".pnpm/" in entry.digest


def _named_after(path: str, packages: dict[tuple[str, str], Group]) -> str | None:
    """A file a package's scripts generate (`/etc/ca-certificates.conf`) is not in its file list."""
    name = path.rsplit("/", 1)[-1]
    for kind, package in packages:
        if kind == "dpkg" and len(package) > 3 and name.startswith(package):
            return package
    return None


def summarise(changes: list[Change], depth: int = 3) -> list[Group]:
    """Group changes by their top folders (`/usr/share/doc`), biggest first."""
    groups: dict[tuple[str, str], Group] = defaultdict(lambda: Group("", "folder", ""))
    for c in changes:
        parts = c.path.strip("/").split("/")
        folder = "/" + "/".join(parts[: min(depth, len(parts) - 1)])
        side = c.what if c.what in ("removed", "added") else "changed"
        g = groups[(folder, side)]
        g.name, g.change = folder, side
        g.add(c)
    return sorted(groups.values(), key=lambda g: (-g.files, g.name))
