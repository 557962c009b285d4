"""Go modules: module path, Go version, main packages, cgo, embedded assets, the port.

Read from go.mod (`module`, `go`, `toolchain`), the package clauses and imports of the .go files
(a main package is a folder whose files say `package main`), `import "C"` and known cgo modules,
`//go:embed` lines, and listen addresses in the sources. What is guessed is recorded in `notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dfopt.errors import DfoptError
from dfopt.project.values import port as checked_port

DEFAULT_GO = "1.23"
DEFAULT_PORT = 8080
DEBIAN_RELEASE = "bookworm"
# Modules that need cgo to build (they wrap C libraries).
CGO_MODULES = ("github.com/mattn/go-sqlite3", "github.com/confluentinc/confluent-kafka-go",
               "gopkg.in/gographics/imagick", "github.com/google/gopacket/pcap", "github.com/tecbot/gorocksdb")
_SKIP = {"vendor", "testdata", ".git", "node_modules"}
_VERSION = re.compile(r"1\.\d+(\.\d+)?\Z")


@dataclass(frozen=True)
class GoProject:
    root: Path
    module: str
    go_version: str                 # "1.22" or "1.22.5": the golang image tag's version
    main_package: str               # "." or "./cmd/api"
    binary: str                     # the output name
    main_packages: tuple[str, ...]  # all of them
    cgo: bool
    cgo_reasons: tuple[str, ...]
    embeds: tuple[str, ...]         # //go:embed patterns (they are compiled into the binary)
    vendored: bool
    has_sum: bool
    port: int
    notes: tuple[str, ...] = field(default=())


def _go_files(root: Path):
    for path in sorted(root.rglob("*.go")):
        rel = path.relative_to(root)
        if set(rel.parts[:-1]) & _SKIP or any(p.startswith((".", "_")) for p in rel.parts):
            continue
        if path.name.endswith("_test.go"):
            continue
        yield rel, path.read_text(encoding="utf-8", errors="replace")


def _imports(text: str) -> list[str]:
    out = re.findall(r'^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"', text, re.M)
    for block in re.findall(r"^\s*import\s*\((.*?)\)", text, re.M | re.S):
        out += re.findall(r'"([^"]+)"', block)
    return out


def parse_go_mod(text: str) -> dict[str, str]:
    found = {}
    for key in ("module", "go", "toolchain"):
        m = re.search(rf"^{key}\s+(\S+)", text, re.M)
        if m:
            found[key] = m.group(1).strip('"')
    return found


def detect(root: Path, *, go_version: str | None = None, port: int | None = None,
           entry: str | None = None) -> GoProject:
    root = Path(root)
    notes: list[str] = []
    mod_path = root / "go.mod"
    if not mod_path.is_file():
        raise DfoptError("no go.mod here: `go mod init` first (dfopt builds Go modules)", path=str(root))
    mod_text = mod_path.read_text(errors="replace")
    mod = parse_go_mod(mod_text)
    if "module" not in mod:
        raise DfoptError("go.mod has no module line", path=str(mod_path))
    version = go_version or _version(mod, notes)
    if not _VERSION.match(version):
        raise DfoptError(f"Go version {version!r}: expected 1.22 or 1.22.5")

    mains: dict[str, list[str]] = {}
    imports: set[str] = set()
    embeds: list[str] = []
    ports: list[int] = []
    for rel, text in _go_files(root):
        m = re.search(r"^package\s+(\w+)", text, re.M)
        if not m:
            continue
        folder = rel.parent.as_posix()
        if m.group(1) == "main":
            mains.setdefault("." if folder == "." else f"./{folder}", []).append(rel.as_posix())
        file_imports = _imports(text)
        imports.update(file_imports)
        if "C" in file_imports:
            imports.add(f"C ({rel.as_posix()})")
        embeds += [f"{folder}/{p}" if folder != "." else p
                   for line in re.findall(r"^//go:embed\s+(.+)$", text, re.M) for p in line.split()]
        ports += [int(p) for p in re.findall(r'(?:Listen(?:AndServe(?:TLS)?)?|Addr:)\s*\(?\s*(?:"tcp",\s*)?"[\w.]*:(\d{2,5})"',
                                              text)]
        ports += [int(p) for p in re.findall(r'(?:"PORT"|port)[^\n]{0,60}?"(\d{4,5})"', text)]
    if not mains:
        raise DfoptError("no main package (no .go file with `package main`)", path=str(root))
    packages = tuple(sorted(mains))
    chosen = _choose(packages, entry)
    mod_required = re.findall(r"^\s*(?:require\s+)?([\w.-]+\.[\w.-]+/[^\s]+)\s+v", mod_text, re.M)
    reasons = sorted(i for i in imports if i.startswith("C ("))
    reasons += [m for m in CGO_MODULES if m in mod_required or any(i.startswith(m) for i in imports)]
    binary = Path(mod["module"]).name if chosen == "." else chosen.rsplit("/", 1)[-1]
    binary = re.sub(r"[^A-Za-z0-9._-]", "-", binary) or "app"
    if port is None:
        port = ports[0] if ports else DEFAULT_PORT
        if not ports:
            notes.append(f"no listen address found in the sources; exposing {DEFAULT_PORT}")
    return GoProject(root=root, module=mod["module"], go_version=version, main_package=chosen, binary=binary,
                     main_packages=packages, cgo=bool(reasons), cgo_reasons=tuple(reasons),
                     embeds=tuple(dict.fromkeys(embeds)), vendored=(root / "vendor" / "modules.txt").is_file(),
                     has_sum=(root / "go.sum").is_file(), port=checked_port(port), notes=tuple(notes))


def _version(mod: dict[str, str], notes: list[str]) -> str:
    """The toolchain line when present (go1.22.5 -> 1.22.5), else the `go` line (1.21.0 -> 1.21)."""
    toolchain = mod.get("toolchain", "")
    if re.fullmatch(r"go1\.\d+(\.\d+)?", toolchain):
        return toolchain[2:]
    go = mod.get("go")
    if go and _VERSION.match(go):
        major_minor = ".".join(go.split(".")[:2])
        return major_minor
    notes.append(f"go.mod names no Go version; using {DEFAULT_GO}")
    return DEFAULT_GO


def _choose(packages: tuple[str, ...], entry: str | None) -> str:
    if entry:
        wanted = entry if entry.startswith("./") or entry == "." else f"./{entry.strip('/')}"
        if wanted not in packages:
            raise DfoptError(f"--entry {entry}: not a main package here (found: {', '.join(packages)})")
        return wanted
    if len(packages) > 1:
        raise DfoptError(f"several main packages ({', '.join(packages)}): name the one to build with "
                         "--entry (a Dockerfile per binary), e.g. --entry " + packages[0])
    return packages[0]
