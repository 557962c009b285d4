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
from dfopt.templates import UnsafeValue, port as checked_port, safe_path, safe_token

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
            return "pnpm prune --prod"
        return self.install(production=True) + ("" if self.berry else " --ignore-scripts --prefer-offline")

    def setup(self) -> str | None:
        """The RUN that makes this package manager (at this version) available in a node image."""
        if self.name == "pnpm":
            return f"RUN --mount=type=cache,target=/root/.npm npm install -g pnpm@{self.version or 9}"
        if self.name == "npm" and self.version:
            return f"RUN --mount=type=cache,target=/root/.npm npm install -g npm@{self.version}"
        if self.berry and not self.yarn_path:
            return "RUN corepack enable"
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
    return data if isinstance(data, dict) else {}


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


def detect_node_version(root: Path, pkg: dict, notes: list[str], base_version: str | None = None) -> str:
    for name in (".nvmrc", ".node-version"):
        text = _head(root / name, 200)
        if text.strip():
            version = _version_file(text)
            if version:
                return version
            notes.append(f"{name}: {text.strip()[:40]!r} is not a Node version; ignored")
    engines = pkg.get("engines")
    spec = _str(engines.get("node")) if isinstance(engines, dict) else None
    if spec and not re.fullmatch(r"[\sv\d.xX*^~<>=|-]{1,200}", spec):
        notes.append(f"engines.node {spec!r} is not a version range; ignored")
    elif spec:
        if base_version and _engines_allow(spec, int(base_version.split(".")[0])):
            return base_version
        major = next((m for m in _CANDIDATE_MAJORS if _engines_allow(spec, m)), None)
        if major is not None:
            return str(major)
        notes.append(f"engines.node {spec!r} allows no Node line dfopt knows; ignored")
    return base_version or str(DEFAULT_NODE_MAJOR)


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


def _tsconfig(root: Path, notes: list[str]) -> dict:
    config = read_json(root / "tsconfig.json", notes, jsonc=True)
    options = dict(config.get("compilerOptions") or {}) if isinstance(config.get("compilerOptions"), dict) else {}
    parent = _str(config.get("extends"))
    if parent and parent.startswith("."):
        base = read_json((root / parent).with_suffix(".json") if not parent.endswith(".json") else root / parent,
                          notes, jsonc=True)
        inherited = base.get("compilerOptions") if isinstance(base.get("compilerOptions"), dict) else {}
        options = {**inherited, **options}
    return options


def _output_dir(root: Path, tool: str | None, script: str, tsconfig: dict) -> str | None:
    if tool == "next":
        return ".next"
    if tool == "tsc":
        return _option(script, "--outDir") or _str(tsconfig.get("outDir")) or (None if tsconfig.get("outFile") else ".")
    if tool == "esbuild":
        outfile = _option(script, "--outfile")
        return _option(script, "--outdir") or (str(Path(outfile).parent) if outfile else None)
    if tool == "swc":
        return _option(script, "-d", "--out-dir")
    if tool in ("tsup", "rollup", "webpack", "parcel"):
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
        version = node_version.lstrip("v")
    else:
        version = detect_node_version(root, pkg, notes, base_version)

    scripts = package_scripts(pkg)
    all_deps = _deps(pkg, "dependencies", "devDependencies")
    typescript = "typescript" in all_deps or (root / "tsconfig.json").is_file()
    tsconfig = _tsconfig(root, notes) if (root / "tsconfig.json").is_file() else {}
    framework = next((fw for package, fw in FRAMEWORK_PACKAGES if package in all_deps), None)

    build_script = scripts.get("build")
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
        notes=tuple(notes))


def _command(root, pkg, scripts, tool, framework, tsconfig, out_dir, next_standalone, typescript, entry,
             notes) -> tuple[str, ...]:
    if entry:
        return ("node", safe_path(relative(entry)))
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
    stem = re.sub(r"\.(c|m)?js$", "", target.split("/", 1)[-1] if "/" in target else target)
    names = [target, f"src/{stem}.ts", f"{stem}.ts", "src/main.ts", "src/index.ts", "src/server.ts"]
    return [n for n in dict.fromkeys(names) if n and (root / n).is_file()]
