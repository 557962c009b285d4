"""Node.js and TypeScript projects: package manager, Node version, build, entry point, port.

Sources, strongest first: explicit options, then files that state intent (`packageManager`,
lock files, `.nvmrc`, `.node-version`, `engines`), then the existing Dockerfile's FROM, then
framework conventions. What is guessed or ignored is recorded in `notes`.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

from dfopt.errors import DfoptError
from dfopt.project.values import UnsafeValue, abs_path, port as checked_port, safe_path, safe_token

DEFAULT_NODE_MAJOR = 22          # the oldest Node line still in active or maintenance LTS with corepack
DEFAULT_PORT = 3000              # Express, NestJS and Next.js examples all listen here
DEBIAN_RELEASE = "bookworm"      # Debian 12: node images, distroless debian12

# Where Google's distroless images come from is the user's to say: dfopt names no registry.
DISTROLESS_ENV = "DFOPT_DISTROLESS_REPOSITORY"


def distroless_image(node_major: str | int, debian_number: str | int) -> str:
    """The distroless Node image for a Node major and Debian release, from the repository in
    $DFOPT_DISTROLESS_REPOSITORY (the path that serves the distroless images, registry included)."""
    import os

    repository = os.environ.get(DISTROLESS_ENV, "").strip().rstrip("/")
    if not repository:
        raise DfoptError(f"a distroless runtime needs the repository that serves the distroless images: "
                         f"set {DISTROLESS_ENV} (registry and path, as in the distroless project's README)")
    if any(c.isspace() or c in "\"'$`" for c in repository):
        raise DfoptError(f"{DISTROLESS_ENV} must be an image repository name, not {repository!r}")
    return f"{repository}/nodejs{node_major}-debian{debian_number}:nonroot"
LTS_CODENAMES = {"argon": 4, "boron": 6, "carbon": 8, "dubnium": 10, "erbium": 12, "fermium": 14,
                 "gallium": 16, "hydrogen": 18, "iron": 20, "jod": 22, "krypton": 24}

LOCK_FILES = (
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
    ("pnpm-lock.yaml", "pnpm"),
    ("yarn.lock", "yarn"),
)
# Packages that compile C/C++ at install time (node-gyp); prebuilt-binary packages are left out.
NATIVE_PACKAGES = frozenset({
    "argon2", "bcrypt", "better-sqlite3", "canvas", "cpu-features", "farmhash", "isolated-vm",
    "kerberos", "leveldown", "libxmljs", "libxmljs2", "node-expat", "node-gyp", "node-pty",
    "node-sass", "re2", "sqlite3", "usb", "zeromq", "microtime", "bufferutil", "utf-8-validate",
})
# Folders an app commonly reads at run time, next to the build output.
RUNTIME_DIRS = ("public", "views", "static", "templates", "assets", "locales", "prisma", "migrations")
BUILD_TOOLS = ("next", "nest", "vite", "tsup", "esbuild", "swc", "webpack", "rollup", "parcel", "tsc")
FRAMEWORK_PACKAGES = (("next", "next"), ("@nestjs/core", "nest"), ("fastify", "fastify"),
                      ("koa", "koa"), ("@hapi/hapi", "hapi"), ("express", "express"))


@dataclass(frozen=True)
class PackageManager:
    name: str                  # npm | yarn | pnpm
    version: str | None        # as precise as known: "9.12.0", "9" or None
    lockfile: str | None
    berry: bool = False        # Yarn 2+
    yarn_path: str | None = None   # .yarnrc.yml `yarnPath` (a checked-in Yarn release)

    @property
    def cache_mount(self) -> str:
        """The BuildKit cache mount for the package manager's download cache."""
        if self.name == "npm":
            return "type=cache,target=/root/.npm"
        if self.name == "pnpm":
            return "type=cache,target=/pnpm/store"
        # Yarn's cache breaks when the deps and build stages fill it at once: one at a time.
        target = "/root/.yarn/berry/cache" if self.berry else "/usr/local/share/.cache/yarn"
        return f"type=cache,target={target},sharing=locked"

    def install(self, production: bool) -> str:
        """The frozen-lockfile install command (without a lock file npm can only `install`)."""
        if self.name == "npm":
            base = "npm ci" if self.lockfile else "npm install"
            return base + (" --omit=dev" if production else "") + " --no-audit --no-fund"
        if self.name == "pnpm":
            return "pnpm install --frozen-lockfile --store-dir=/pnpm/store" + (" --prod" if production else "")
        if self.berry:
            return "yarn workspaces focus --all --production" if production else "yarn install --immutable"
        return "yarn install --frozen-lockfile" + (" --production" if production else "")

    def prune(self) -> str:
        """Drop devDependencies from an installed node_modules."""
        if self.name == "npm":
            return "npm prune --omit=dev --no-audit --no-fund"
        if self.name == "pnpm":
            # Without the install's store pnpm asks to purge node_modules, exits 0 and prunes nothing.
            return "pnpm prune --prod --config.store-dir=/pnpm/store"
        return self.install(production=True) + ("" if self.berry else " --ignore-scripts --prefer-offline")

    def setup(self) -> str | None:
        """The RUN that makes this package manager (at this version) available in a node image."""
        if self.name == "pnpm":
            return f"RUN --mount=type=cache,target=/root/.npm npm install -g pnpm@{self.version or 9}"
        if self.name == "npm" and self.version:
            return f"RUN --mount=type=cache,target=/root/.npm npm install -g npm@{self.version}"
        if self.berry and not self.yarn_path:
            # Yarn's own npm package, not corepack: corepack downloads Yarn from its own host rather
            # than the npm registry the build is set up for, and Node 25+ images no longer ship it.
            # --force replaces the image's Yarn 1 links.
            return (f"RUN --mount=type=cache,target=/root/.npm npm install -g --force "
                    f"@yarnpkg/cli-dist@{self.version or 4}")
        return None

    def run(self, script: str) -> str:
        return f"npm run {script}" if self.name == "npm" else f"{self.name} run {script}"

    def exec(self, tool: str) -> str:
        return {"npm": f"npx --no-install {tool}", "pnpm": f"pnpm exec {tool}"}.get(self.name, f"yarn {tool}")


@dataclass(frozen=True)
class NodeProject:
    root: Path
    name: str | None
    package_manager: PackageManager
    node_version: str                     # "20", "20.11" or "20.11.1"
    typescript: bool
    build_tool: str | None                # tsc, vite, next, nest, esbuild, swc, ...
    build_command: str | None             # a fixed command line, never the script's own text
    output_dir: str | None
    command: tuple[str, ...]              # the runtime command, starting with "node"
    port: int
    framework: str | None = None
    next_standalone: bool = False
    native_modules: tuple[str, ...] = ()
    manifests: tuple[str, ...] = ()       # what the install step needs from the context
    has_public_dir: bool = False
    runtime_dirs: tuple[str, ...] = ()    # folders beside the output that the app may read
    node_version_source: str = "default"  # what decided node_version (shown to the user)
    install_files: tuple[str, ...] = ()   # project paths the install's lifecycle scripts read
    dev_scripts: tuple[str, ...] = ()     # lifecycle scripts that need devDependencies (dropped in deps)
    build_scripts: tuple[str, ...] = ()   # lifecycle scripts that build (dropped before every install)
    notes: tuple[str, ...] = field(default=())

    @property
    def node_major(self) -> int:
        return int(self.node_version.split(".")[0])


# --------------------------------------------------------------------------- reading files

def read_json(path: Path, notes: list[str], *, jsonc: bool = False) -> dict:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    if jsonc:
        text = _strip_jsonc(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        notes.append(f"{path.name}: not valid JSON ({err.msg} at line {err.lineno}); ignored")
        return {}
    except RecursionError:
        notes.append(f"{path.name}: nested too deeply to read; ignored")
        return {}
    if not isinstance(data, dict):
        notes.append(f"{path.name}: not a JSON object; ignored")
        return {}
    return data


def _strip_jsonc(text: str) -> str:
    """tsconfig.json allows comments and trailing commas; strings are kept as they are."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else n
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _checked(kind, value: str | None, what: str, notes: list[str]) -> str | None:
    """Validate a project value for the Dockerfile; an unsafe one is dropped with a note."""
    if value is None:
        return None
    try:
        return kind(value)
    except UnsafeValue:
        notes.append(f"{what} {value!r} cannot be written into a Dockerfile safely; ignored")
        return None


def relative(path: str) -> str:
    """`./dist/` -> `dist`; what COPY and the runtime command expect."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/".join(parts)


# --------------------------------------------------------------------------- package manager

def detect_package_manager(root: Path, pkg: dict, notes: list[str]) -> PackageManager:
    locks = [(name, pm) for name, pm in LOCK_FILES if (root / name).is_file()]
    declared = _str(pkg.get("packageManager"))
    name = version = None
    if declared:
        m = re.fullmatch(r"(npm|yarn|pnpm)@(\d+\.\d+\.\d+[0-9A-Za-z.+-]*?)(?:\+[0-9a-z]+\.[0-9a-f]+)?", declared)
        if m:
            name, version = m.group(1), m.group(2)
        else:
            notes.append(f"packageManager {declared!r} is not `npm|yarn|pnpm@x.y.z`; ignored")
    lock_pms = {pm for _, pm in locks}
    if name is None:
        if len(lock_pms) > 1:
            notes.append(f"several lock files ({', '.join(n for n, _ in locks)}); using {locks[0][0]}")
        name = locks[0][1] if locks else "npm"
    elif lock_pms and name not in lock_pms:
        notes.append(f"packageManager says {name} but the lock file is {locks[0][0]}")
    lockfile = next((n for n, pm in locks if pm == name), None)
    if lockfile is None:
        notes.append(f"no lock file for {name}: the install is not frozen (commit a lock file)")
    berry = False
    yarn_path = None
    if name == "yarn":
        berry = (version is not None and not version.startswith("1.")) or (root / ".yarnrc.yml").is_file() or (
            lockfile is not None and "__metadata:" in _head(root / lockfile))
        if berry:
            m = re.search(r"^yarnPath:\s*[\"']?([^\"'\s#]+)", _head(root / ".yarnrc.yml"), re.M)
            yarn_path = _checked(safe_path, relative(m.group(1)) if m else None, ".yarnrc.yml yarnPath", notes)
            if re.search(r"^nodeLinker:\s*[\"']?(pnp|pnpm)", _head(root / ".yarnrc.yml"), re.M) or (
                    not re.search(r"^nodeLinker:", _head(root / ".yarnrc.yml"), re.M)):
                raise DfoptError("Yarn Plug'n'Play is not supported yet: set `nodeLinker: node-modules` "
                                 "in .yarnrc.yml", path=str(root / ".yarnrc.yml"))
    if version is None and name == "pnpm" and lockfile:
        m = re.search(r"^lockfileVersion:\s*'?(\d+)", _head(root / lockfile), re.M)
        version = {"9": "9", "6": "8", "5": "7"}.get(m.group(1) if m else "", "9")
    version = _checked(safe_token, version, "package manager version", notes)
    return PackageManager(name, version, lockfile, berry, yarn_path)


def _head(path: Path, size: int = 65536) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            return f.read(size)
    except OSError:
        return ""


# --------------------------------------------------------------------------- Node version

_VERSION = re.compile(r"v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\Z")


def _version_file(text: str) -> str | None:
    text = text.strip().lower()
    if text.startswith("lts/"):
        major = LTS_CODENAMES.get(text[4:])
        return str(major) if major else None
    m = _VERSION.match(text)
    return ".".join(g for g in m.groups() if g is not None) if m else None


def _engines_allow(spec: str, major: int) -> bool:
    """Whether a semver range allows some release of `major` (reasoning at the major level)."""
    for alternative in spec.split("||"):
        hyphen = re.fullmatch(r"\s*v?(\d+)\S*\s+-\s+v?(\d+)\S*\s*", alternative)
        if hyphen:
            if int(hyphen.group(1)) <= major <= int(hyphen.group(2)):
                return True
            continue
        comparators = re.findall(r"(>=|<=|>|<|\^|~|=)?\s*v?(\d+|x|\*)((?:\.(?:\d+|x|\*))*)", alternative)
        if not comparators:
            if alternative.strip() in ("", "*", "x", "latest"):
                return True
            continue
        if all(_comparator_allows(op, num, rest, major) for op, num, rest in comparators):
            return True
    return False


def _comparator_allows(op: str, num: str, rest: str, major: int) -> bool:
    if num in ("x", "*"):
        return True
    n = int(num)
    below_allows_n = bool(re.search(r"[1-9]", rest))     # `<20.5` still allows 20.x
    return {">=": major >= n, ">": major >= n, "<=": major <= n,
            "<": major < n or (major == n and below_allows_n)}.get(op, major == n)


# Node lines to try for an `engines` range: the default first, then other LTS lines.
_CANDIDATE_MAJORS = (DEFAULT_NODE_MAJOR, 24, 20, 18, 26, 16, 23, 25, 21, 19)


def dockerfile_node_version(root: Path) -> str | None:
    """The Node version of the first `node` image an existing Dockerfile in `root` builds FROM."""
    from dfopt.project import is_node_image

    for line in _head(root / "Dockerfile").splitlines():
        m = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)", line, re.I)
        if m and is_node_image(m.group(1)):
            tag = m.group(1).split("@")[0].rpartition(":")[2] if ":" in m.group(1).split("/")[-1] else ""
            v = re.match(r"v?(\d+(?:\.\d+){0,2})(?:-|\Z)", tag)
            if v:
                return v.group(1)
    return None


def detect_node_version(root: Path, pkg: dict, notes: list[str],
                        base_version: str | None = None) -> tuple[str, str]:
    """The Node version and what decided it. Trust, strongest first: the Dockerfile the project
    builds with (`base_version`), `.nvmrc` / `.node-version`, `engines.node`, `@types/node`'s
    major (the API the code is written against), then the default LTS line."""
    if base_version:
        return base_version, "the existing Dockerfile's FROM"
    for name in (".nvmrc", ".node-version"):
        text = _head(root / name, 200)
        if text.strip():
            version = _version_file(text)
            if version:
                return version, name
            notes.append(f"{name}: {text.strip()[:40]!r} is not a Node version; ignored")
    engines = pkg.get("engines")
    spec = _str(engines.get("node")) if isinstance(engines, dict) else None
    types = _str(_deps(pkg, "dependencies", "devDependencies").get("@types/node"))
    types_major = re.match(r"\s*[\^~=v]*(\d+)", types) if types else None
    if spec and not re.fullmatch(r"[\sv\d.xX*^~<>=|-]{1,200}", spec):
        notes.append(f"engines.node {spec!r} is not a version range; ignored")
    elif spec:
        if types_major and _engines_allow(spec, int(types_major.group(1))):
            return types_major.group(1), "engines.node, at @types/node's major"
        major = next((m for m in _CANDIDATE_MAJORS if _engines_allow(spec, m)), None)
        if major is not None:
            return str(major), "engines.node"
        notes.append(f"engines.node {spec!r} allows no Node line dfopt knows; ignored")
    if types_major and int(types_major.group(1)) >= 16:
        return types_major.group(1), "@types/node"
    return str(DEFAULT_NODE_MAJOR), "dfopt's default LTS line, as nothing pins it"


# --------------------------------------------------------------------------- build and entry

def _deps(pkg: dict, *sections: str) -> dict:
    merged: dict = {}
    for s in sections:
        if isinstance(pkg.get(s), dict):
            merged.update(pkg[s])
    return merged


def package_scripts(pkg: dict) -> dict[str, str]:
    scripts = pkg.get("scripts")
    return {k: v for k, v in scripts.items() if isinstance(v, str)} if isinstance(scripts, dict) else {}


def _words(script: str) -> list[str]:
    try:
        return shlex.split(script)
    except ValueError:
        return script.split()


def _classify_build(script: str | None) -> str | None:
    if not script:
        return None
    words = {w.rsplit("/", 1)[-1] for w in _words(script)}
    for tool in BUILD_TOOLS:
        if tool in words or (tool == "swc" and "@swc/cli" in words):
            return tool
    return "script"


def _option(script: str, *names: str) -> str | None:
    words = _words(script)
    for i, w in enumerate(words):
        for name in names:
            if w == name and i + 1 < len(words):
                return words[i + 1]
            if w.startswith(name + "="):
                return w.split("=", 1)[1]
    return None


def _tsconfig(root: Path, notes: list[str], name: str = "tsconfig.json") -> dict:
    """compilerOptions of the tsconfig `name`, following relative `extends` (a string or a list,
    later entries winning); outDir and rootDir are made relative to `root`, as tsc resolves them
    against the file that sets them."""
    options: dict = {}
    seen: set[Path] = set()

    def load(path: Path) -> None:
        path = path.resolve()
        if path in seen or len(seen) > 10 or not path.is_file():
            return
        seen.add(path)
        config = read_json(path, notes, jsonc=True)
        parents = config.get("extends")
        for parent in ([parents] if isinstance(parents, str) else parents if isinstance(parents, list) else []):
            if isinstance(parent, str) and parent.startswith("."):
                target = path.parent / parent
                load(target if target.suffix == ".json" else target.with_name(target.name + ".json"))
        own = config.get("compilerOptions")
        for key, value in (own.items() if isinstance(own, dict) else ()):
            if key in ("outDir", "rootDir") and isinstance(value, str):
                try:
                    value = relative(str((path.parent / value).resolve().relative_to(root.resolve()))) or "."
                except ValueError:
                    continue        # outside the project: not something a COPY can name
            options[key] = value

    target = root / name
    load(target / "tsconfig.json" if target.is_dir() else target)
    return options


def build_config(root: Path, tool: str | None, script: str) -> str:
    """The tsconfig the build reads: `tsc -p FILE`, `nest build -p FILE`, nest's tsconfig.build.json."""
    named = _option(script, "-p", "--project") if tool in ("tsc", "nest") else None
    if named:
        return relative(named)
    if tool == "nest":
        cli = read_json(root / "nest-cli.json", [])
        options = cli.get("compilerOptions") if isinstance(cli.get("compilerOptions"), dict) else {}
        path = _str(options.get("tsConfigPath")) or "tsconfig.build.json"
        return relative(path) if (root / relative(path)).is_file() else "tsconfig.json"
    return "tsconfig.json"


def expand_scripts(script: str, scripts: dict[str, str], depth: int = 0) -> str:
    """A script with the scripts it runs (`npm run x`, `yarn x`, `pnpm x`) spliced in, so that
    `"build": "npm run build:ts"` is read as what build:ts does."""
    if depth > 4:
        return script

    def splice(m: re.Match) -> str:
        name = m.group(2)
        return expand_scripts(scripts[name], scripts, depth + 1) if name in scripts else m.group(0)

    return re.sub(r"\b(npm run|pnpm run|yarn run|pnpm|yarn)\s+([\w:.-]+)", splice, script)


def _config_value(root: Path, stem: str, key: str) -> str | None:
    """`key: 'value'` in a JavaScript/TypeScript/JSON config file `stem.*` (a text match)."""
    for ext in ("ts", "mts", "cts", "js", "mjs", "cjs", "json"):
        text = _head(root / f"{stem}.{ext}")
        m = re.search(rf"[\"']?\b{key}[\"']?\s*:\s*[\"']([^\"']+)[\"']", text)
        if m:
            return m.group(1)
    return None


def _output_dir(root: Path, tool: str | None, script: str, tsconfig: dict) -> str | None:
    if tool == "next":
        return ".next"
    if tool == "tsc":
        return _option(script, "--outDir") or _str(tsconfig.get("outDir")) or (None if tsconfig.get("outFile") else ".")
    if tool == "esbuild":
        outfile = _option(script, "--outfile")
        return _option(script, "--outdir") or (str(Path(outfile).parent) if outfile else None)
    if tool == "tsup":
        return _option(script, "-d", "--out-dir") or _config_value(root, "tsup.config", "outDir") or "dist"
    if tool == "script":
        # `node build.mjs` calling esbuild's API: its outfile / outdir.
        for word in _words(script):
            if re.search(r"\.(c|m)?[jt]s$", word) and (root / relative(word)).is_file():
                text = _head(root / relative(word))
                m = re.search(r"\boutdir\s*:\s*[\"']([^\"']+)", text) or re.search(r"\boutfile\s*:\s*[\"']([^\"']+)/[^/\"']+[\"']", text)
                if m:
                    return m.group(1)
    if tool == "swc":
        return _option(script, "-d", "--out-dir")
    if tool in ("rollup", "webpack", "parcel"):
        return _option(script, "-d", "--out-dir", "--output-path", "--dist-dir") or "dist"
    if tool == "vite":
        config = next((_head(root / f"vite.config.{ext}") for ext in ("ts", "mts", "js", "mjs")
                       if (root / f"vite.config.{ext}").is_file()), "")
        m = re.search(r"outDir\s*:\s*[\"']([^\"']+)[\"']", config)
        return _option(script, "--outDir") or (m.group(1) if m else "dist")
    if tool == "nest":
        return _str(tsconfig.get("outDir")) or "dist"
    return _str(tsconfig.get("outDir")) or ("dist" if (root / "dist").is_dir() else None)


def _compiled(path: str, tsconfig: dict, out_dir: str | None) -> str:
    """Where tsc puts the JavaScript for a .ts source file."""
    path = relative(path)
    if not re.search(r"\.(c|m)?tsx?$", path):
        return path
    root_dir = relative(_str(tsconfig.get("rootDir")) or "src")
    if out_dir and root_dir and path.startswith(root_dir + "/"):
        path = path[len(root_dir) + 1:]
    js = re.sub(r"\.(c|m)?tsx?$", lambda m: f".{m.group(1) or ''}js", path)
    return relative(f"{out_dir}/{js}") if out_dir else js


_RUNNERS = {"node", "ts-node", "tsx", "ts-node-dev", "nodemon", "node-dev"}


def entry_from_start(script: str | None) -> str | None:
    """`node --enable-source-maps dist/main.js` -> dist/main.js; env assignments are skipped."""
    if not script:
        return None
    words = _words(script.split("&&")[-1])
    while words and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", words[0]):
        words.pop(0)
    if not words or words[0].rsplit("/", 1)[-1] not in _RUNNERS:
        return None
    for w in words[1:]:
        if not w.startswith("-"):
            return w
    return None


def _port_from(text: str) -> int | None:
    m = (re.search(r"\bPORT=(\d{2,5})\b", text)
         or re.search(r"(?:^|\s)(?:-p|--port)[\s=](\d{2,5})\b", text)
         or re.search(r"\bPORT\b[^\n;]{0,40}?(?:\|\||\?\?|:)\s*['\"]?(\d{2,5})\b", text)
         or re.search(r"\.listen\(\s*(\d{2,5})\b", text))
    return int(m.group(1)) if m and 0 < int(m.group(1)) < 65536 else None


def _native_modules(root: Path, pkg: dict) -> tuple[str, ...]:
    found = sorted(n for n in _deps(pkg, "dependencies", "optionalDependencies") if n in NATIVE_PACKAGES)
    if (root / "binding.gyp").is_file() or pkg.get("gypfile") is True:
        found.append("(binding.gyp)")
    return tuple(found)


# --------------------------------------------------------------------------- lock file

def lock_file_missing(root: Path, pm: PackageManager, pkg: dict) -> list[str]:
    """Dependencies package.json names that the lock file does not list: a frozen install fails."""
    if not pm.lockfile:
        return []
    text = _head(root / pm.lockfile, 4_000_000)
    wanted = sorted(_deps(pkg, "dependencies", "devDependencies", "optionalDependencies"))
    if pm.name == "npm":
        try:
            lock = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return []
        packages = lock.get("packages") if isinstance(lock, dict) else None
        if isinstance(packages, dict) and isinstance(packages.get(""), dict):
            root_entry = packages[""]
            listed = set(_deps(root_entry, "dependencies", "devDependencies", "optionalDependencies"))
        elif isinstance(lock, dict) and isinstance(lock.get("dependencies"), dict):
            listed = set(lock["dependencies"])
        else:
            return []
        return [name for name in wanted if name not in listed]
    if pm.name == "pnpm":
        # lockfile v6/v9: importers: { .: { dependencies: { name: ... } } }; v5: top-level sections.
        m = re.search(r"^importers:\n(?:\s*\n)*  '?\.'?:\n((?:    .*\n|\s*\n)*)", text, re.M)
        block = m.group(1) if m else text
        listed = set(re.findall(r"^ {4,6}'?((?:@[^/\s']+/)?[^\s:']+)'?:\s*$|^ {4,6}'?((?:@[^/\s']+/)?[^\s:']+)'?: ['\d^~]", block, re.M))
        names = {a or b for a, b in listed}
        return [name for name in wanted if name not in names]
    # yarn.lock (v1 and berry): entries start with `name@range` at the beginning of a line.
    names = {m.group(1) for m in re.finditer(r'^"?((?:@[^/\s"@]+/)?[^\s"@,]+)@', text, re.M)}
    return [name for name in wanted if name not in names]


# --------------------------------------------------------------------------- lifecycle scripts

# What `npm ci` / `yarn install` / `pnpm install` run for the project itself, in this order.
LIFECYCLE_SCRIPTS = ("preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare")
_SHELL_PROGRAMS = {"node", "sh", "bash"}
_ALWAYS_THERE = {"npm", "yarn", "pnpm", "corepack", "echo", "true", "exit", "test", "[", "cp", "mkdir", "rm",
                 "mv", "ln", "touch", "printf", "cd", "chmod"} | _SHELL_PROGRAMS
# Commands of devDependencies whose package has another name.
_DEV_BINS = {"tsc": "typescript", "husky": "husky", "lefthook": "lefthook", "simple-git-hooks": "simple-git-hooks",
             "is-ci": "is-ci", "patch-package": "patch-package", "ts-node": "ts-node", "tsx": "tsx",
             "nest": "@nestjs/cli", "next": "next", "tsup": "tsup", "esbuild": "esbuild"}


@dataclass(frozen=True)
class InstallScripts:
    files: tuple[str, ...] = ()        # project paths the scripts read: copied before the install
    dev_only: tuple[str, ...] = ()     # scripts that need devDependencies: dropped before a production install
    builds: tuple[str, ...] = ()       # scripts that compile the project: dropped before every install (the
                                       # build stage runs the build once the sources are there)


def install_scripts(root: Path, pkg: dict, notes: list[str]) -> InstallScripts:
    """Decide, for each lifecycle script the install runs, what the install stages must do so it
    works: copy the files it names, or drop it from the production install when it runs a
    devDependency (git hooks, compilers), which is not there without devDependencies."""
    scripts = package_scripts(pkg)
    prod = _deps(pkg, "dependencies", "optionalDependencies")
    dev = _deps(pkg, "devDependencies")
    files: list[str] = []
    dev_only: list[str] = []
    builds: list[str] = []
    for name in LIFECYCLE_SCRIPTS:
        body = scripts.get(name)
        if not body or not body.strip():
            continue
        expanded = expand_scripts(body, scripts)
        needs_dev, unknown, reads = False, False, []
        for command in re.split(r"&&|\|\||;|\|", expanded):
            words = _words(command)
            while words and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", words[0]):
                words.pop(0)
            if words[:1] in (["npx"], ["pnpx"]) or words[:2] in (["pnpm", "exec"], ["yarn", "exec"]):
                words = [w for w in words[1:] if w != "exec" and not w.startswith("-")]
            if not words:
                continue
            program = words[0].rsplit("/", 1)[-1]
            package = _DEV_BINS.get(program, program)
            if program not in _ALWAYS_THERE and package not in prod and program not in prod:
                is_dev = package in dev or program in dev or program in _DEV_BINS
                needs_dev, unknown = needs_dev or is_dev, unknown or not is_dev
            for word in words[1:]:
                path = relative(word)
                if path and not word.startswith("-") and safe_path_ok(path) and (root / path).exists():
                    reads.append(path.split("/")[0])
            if program == "patch-package" and (root / "patches").is_dir():
                reads.append("patches")
        if _classify_build(expanded) not in (None, "script"):
            builds.append(name)
            notes.append(f"the `{name}` script ({body[:60]!r}) builds the project: dropped before the installs "
                         "(npm pkg delete); the build stage builds once the sources are copied")
        elif needs_dev:
            dev_only.append(name)
            notes.append(f"the `{name}` script ({body[:60]!r}) runs a devDependency: kept in the install of "
                         "all dependencies, dropped from a production install (npm pkg delete) where there is one")
        elif reads:
            new = [r for r in dict.fromkeys(reads) if r not in files]
            files.extend(new)
            notes.append(f"the `{name}` script ({body[:60]!r}) reads {', '.join(dict.fromkeys(reads))}: "
                         "copied before the install")
        elif unknown:
            notes.append(f"the `{name}` script ({body[:60]!r}) runs during the install with only the "
                         "manifests present; check that it needs nothing else")
    return InstallScripts(tuple(files), tuple(dev_only), tuple(builds))


def safe_path_ok(path: str) -> bool:
    try:
        safe_path(path)
    except UnsafeValue:
        return False
    return True


# --------------------------------------------------------------------------- the whole project

def detect(root: Path, *, node_version: str | None = None, package_manager: str | None = None,
           port: int | None = None, entry: str | None = None, base_version: str | None = None,
           base_port: int | None = None) -> NodeProject:
    """Read the Node project in `root`. Options override what the files say."""
    root = Path(root)
    if not (root / "package.json").is_file():
        raise DfoptError("no package.json here: not a Node project", path=str(root))
    notes: list[str] = []
    pkg = read_json(root / "package.json", notes)
    name = _str(pkg.get("name"))
    name = name if name and re.fullmatch(r"(@[a-z0-9][\w.-]*/)?[a-z0-9][\w.-]{0,213}", name) else None

    pm = detect_package_manager(root, pkg, notes)
    if package_manager:
        pm_name, _, pm_version = package_manager.partition("@")
        if pm_name not in ("npm", "yarn", "pnpm"):
            raise DfoptError(f"--package-manager {package_manager!r}: expected npm, yarn or pnpm[@version]")
        if pm_name != pm.name:
            lock = next((n for n, p in LOCK_FILES if p == pm_name and (root / n).is_file()), None)
            pm = PackageManager(pm_name, None, lock, pm_name == "yarn" and (root / ".yarnrc.yml").is_file())
        if pm_version:
            pm = replace(pm, version=safe_token(pm_version))

    if node_version:
        if not _VERSION.match(node_version):
            raise DfoptError(f"--node-version {node_version!r}: expected a version such as 20 or 20.11.1")
        version, version_source = node_version.lstrip("v"), "--node-version"
    else:
        version, version_source = detect_node_version(root, pkg, notes, base_version)
        version = _checked(safe_token, version, "Node version", notes) or str(DEFAULT_NODE_MAJOR)

    scripts = package_scripts(pkg)
    all_deps = _deps(pkg, "dependencies", "devDependencies")
    typescript = "typescript" in all_deps or (root / "tsconfig.json").is_file()
    framework = next((fw for package, fw in FRAMEWORK_PACKAGES if package in all_deps), None)

    build_script = expand_scripts(scripts["build"], scripts) if "build" in scripts else None
    tool = _classify_build(build_script)
    if build_script:
        build_command = pm.run("build")
    elif typescript and framework != "next":
        tool, build_script = "tsc", ""
        build_command = pm.exec("tsc")
        notes.append("no `build` script: compiling with tsc")
    else:
        build_command = None
    if tool == "script" and framework in ("next", "nest"):
        tool = framework
    config_name = build_config(root, tool, build_script or "")
    tsconfig = _tsconfig(root, notes, config_name) if (root / config_name).exists() else {}
    if config_name != "tsconfig.json" and tsconfig:
        notes.append(f"the build compiles with {config_name}: its outDir decides what the runtime copies")
    out_dir = _output_dir(root, tool, build_script or "", tsconfig) if build_command else None
    out_dir = _checked(safe_path, relative(out_dir) if out_dir else None, "output folder", notes) if out_dir else None
    if build_command and out_dir is None and tool != "next":
        notes.append("could not tell where the build writes its output; the runtime stage copies the whole build")

    next_standalone = False
    if tool == "next":
        config = "".join(_head(root / f"next.config.{e}") for e in ("js", "mjs", "cjs", "ts"))
        next_standalone = bool(re.search(r"output\s*:\s*[\"']standalone[\"']", config))

    command = _command(root, pkg, scripts, tool, framework, tsconfig, out_dir, next_standalone, typescript,
                       entry, notes)

    detected_port = port or base_port
    if detected_port is None:
        sources = [scripts.get("start", "")] + [_head(root / p, 20000) for p in _entry_sources(root, command)]
        detected_port = next((p for p in map(_port_from, sources) if p), None)
        if detected_port is None:
            detected_port = DEFAULT_PORT
            notes.append(f"no port found in the start script or the entry source; using {DEFAULT_PORT}")
    checked_port(detected_port)

    lifecycle = install_scripts(root, pkg, notes)
    missing = lock_file_missing(root, pm, pkg)
    if missing:
        notes.append(f"{pm.lockfile} does not list {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''} "
                     f"from package.json: the frozen install will fail; run `{pm.name} install` and commit "
                     "the lock file")
    manifests = ["package.json"] + [f for f in (pm.lockfile,) if f]
    for extra in (".npmrc", ".yarnrc.yml", "pnpm-workspace.yaml"):
        if (root / extra).is_file():
            manifests.append(extra)
    if pm.yarn_path:
        manifests.append(pm.yarn_path)
    return NodeProject(
        root=root, name=name, package_manager=pm, node_version=version, typescript=typescript,
        build_tool=tool if build_command else None, build_command=build_command, output_dir=out_dir,
        command=command, port=detected_port, framework=framework, next_standalone=next_standalone,
        native_modules=_native_modules(root, pkg), manifests=tuple(manifests),
        has_public_dir=(root / "public").is_dir(),
        runtime_dirs=tuple(d for d in RUNTIME_DIRS if (root / d).is_dir() and d != out_dir and framework != "next"),
        node_version_source=version_source, install_files=lifecycle.files, dev_scripts=lifecycle.dev_only,
        build_scripts=lifecycle.builds,
        notes=tuple(notes))


def _command(root, pkg, scripts, tool, framework, tsconfig, out_dir, next_standalone, typescript, entry,
             notes) -> tuple[str, ...]:
    if entry:
        return ("node", abs_path(entry) if entry.startswith("/") else safe_path(relative(entry)))
    if tool == "next" or framework == "next":
        if next_standalone:
            return ("node", "server.js")
        return ("node", "node_modules/next/dist/bin/next", "start")
    start = scripts.get("start", "")
    if re.search(r"\bnest\s+start\b", start) or (framework == "nest" and not entry_from_start(start)):
        return ("node", relative(f"{out_dir or 'dist'}/main.js"))
    candidates = [entry_from_start(start), _str(pkg.get("main"))]
    for candidate in candidates:
        if candidate is None:
            continue
        if candidate.startswith("/"):
            # `node /app/dist/index.js` names a place in the image: it stays absolute.
            checked = _checked(abs_path, candidate, "entry point", notes)
            if checked:
                return ("node", checked)
            continue
        path = _compiled(candidate, tsconfig, out_dir) if typescript else relative(candidate)
        if not re.search(r"\.(c|m)?js$", path) and (root / path).is_dir():
            path = relative(f"{path}/index.js")
        checked = _checked(safe_path, path, "entry point", notes)
        if checked:
            return ("node", checked)
    for source in ("src/main.ts", "src/server.ts", "src/index.ts", "src/app.ts", "server.js", "index.js",
                   "app.js", "src/server.js", "src/index.js"):
        if (root / source).is_file():
            path = _compiled(source, tsconfig, out_dir) if source.endswith(".ts") else source
            if source.endswith(".js") and out_dir and tool not in (None, "script", "tsc"):
                continue
            notes.append(f"no start script or main: running {path}")
            return ("node", path)
    raise DfoptError("cannot tell how the app starts (no `start` script, `main` or src/index.ts); "
                     "pass --entry", path=str(root / "package.json"))


def _entry_sources(root: Path, command: tuple[str, ...]) -> list[str]:
    """Source files worth reading for a port number: the entry and its TypeScript original."""
    target = command[1] if len(command) > 1 else ""
    if target.startswith("/"):
        target = relative(target.split("/", 2)[-1])   # /app/dist/x.js: the WORKDIR's dist/x.js
    stem = re.sub(r"\.(c|m)?js$", "", target.split("/", 1)[-1] if "/" in target else target)
    names = [target, f"src/{stem}.ts", f"{stem}.ts", "src/main.ts", "src/index.ts", "src/server.ts"]
    return [n for n in dict.fromkeys(names) if n and (root / n).is_file()]
