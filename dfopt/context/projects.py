"""What a dependency install reads from the build context, per ecosystem, and what makes it read
more than its manifests (so that installing from the manifests alone would change the result).

`dependency_files(context, ecosystem, folder, words)` answers with the files and folders to copy
before the install, or the reason that is not sound. Facts come only from files present in the
context; when a fact cannot be known (a listing that stops above a workspace folder), the answer
is a refusal that says so.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field

from dfopt.context import BuildContext

# Files an install reads, beside its manifest, when they are present: (files, folders).
ECOSYSTEM_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "npm": (("package.json", "package-lock.json", "npm-shrinkwrap.json", ".npmrc"), ()),
    "yarn": (("package.json", "yarn.lock", ".yarnrc.yml", ".yarnrc", ".npmrc", ".yarnclean", ".pnp.cjs",
              ".pnp.loader.mjs"), (".yarn/releases", ".yarn/patches", ".yarn/plugins", ".yarn/cache")),
    "pnpm": (("package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc", ".pnpmfile.cjs", ".pnpmfile.mjs"),
             ("patches",)),
    "bun": (("package.json", "bun.lockb", "bun.lock", "bunfig.toml", ".npmrc", ".env"), ("patches",)),
    "pip": ((), ()),  # the requirement files named on the command line, and what they include
    "poetry": (("pyproject.toml", "poetry.lock", "poetry.toml"), ()),
    "uv": (("pyproject.toml", "uv.lock", ".python-version", "uv.toml"), ()),
    "pipenv": (("Pipfile", "Pipfile.lock", ".env"), ()),  # pipenv loads .env into the install's environment
    "go": (("go.mod", "go.sum"), ()),
    "ruby": (("Gemfile", "Gemfile.lock", ".bundle/config"), ("vendor/cache",)),  # bundler installs from vendor/cache
    "composer": (("composer.json", "composer.lock", "auth.json"), ()),
    "cargo": (("Cargo.toml", "Cargo.lock"), ()),
    "maven": (("pom.xml",), ()),
    "gradle": (("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradle.properties"),
               ("gradle",)),
}
MANIFEST = {"npm": "package.json", "yarn": "package.json", "pnpm": "package.json", "bun": "package.json",
            "poetry": "pyproject.toml", "uv": "pyproject.toml", "pipenv": "Pipfile", "go": "go.mod",
            "ruby": "Gemfile", "composer": "composer.json", "cargo": "Cargo.toml", "maven": "pom.xml",
            "gradle": "build.gradle"}
LOCK_FILES = {"npm": ("package-lock.json", "npm-shrinkwrap.json"), "yarn": ("yarn.lock",),
              "pnpm": ("pnpm-lock.yaml",), "bun": ("bun.lockb", "bun.lock")}

# npm, yarn and pnpm run these root scripts during an install (npm also `prepare` and friends).
LIFECYCLE_SCRIPTS = ("preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare",
                     "postprepare", "dependencies")
# Script commands that read no project file, so they run the same with the manifests alone.
_HARMLESS_SCRIPT = re.compile(r"^\s*(echo\b[^;&|`$()<>]*|true|exit 0|npx --yes only-allow \w+|npx only-allow \w+|"
                              r"only-allow \w+)\s*$")
# A dependency that comes from the project itself: a protocol that names a path, or a bare path
# (npm takes `./x`, `../x`, `/x` and `~/x` as `file:`).
_LOCAL_SPEC = re.compile(r"^(file:|link:|portal:|\.{1,2}(/|$)|/|~/)")
# Dependencies whose own install scripts read or write the project beyond its manifests (INIT_CWD):
# Prisma generates its client from the schema, the git-hook installers read .git, msw copies its
# worker into the project, nx and puppeteer read their configuration files.
PROJECT_READING_PACKAGES = ("prisma", "@prisma/client", "husky", "msw", "nx", "puppeteer", "simple-git-hooks",
                            "yorkie", "lefthook", "pre-commit", "ghooks")


@dataclass
class NodePackage:
    """The facts of a package.json that decide what an install needs."""

    path: str
    scripts: dict[str, str] = field(default_factory=dict)
    workspaces: list[str] = field(default_factory=list)
    package_manager: str | None = None
    engines: dict[str, str] = field(default_factory=dict)
    main: str | None = None
    local_dependencies: list[tuple[str, str]] = field(default_factory=list)  # file:, link:, portal:, paths
    dependencies: list[str] = field(default_factory=list)  # every dependency's name
    patch_files: list[str] = field(default_factory=list)  # patch files named by patch: and patchedDependencies

    @classmethod
    def from_text(cls, text: str, path: str = "package.json") -> "NodePackage | None":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json can read
            return None
        if not isinstance(data, dict):
            return None
        workspaces = data.get("workspaces") or []
        if isinstance(workspaces, dict):
            workspaces = workspaces.get("packages") or []
        if not isinstance(workspaces, list):
            workspaces = []
        local, names, patches = [], [], []
        pnpm = data.get("pnpm") if isinstance(data.get("pnpm"), dict) else {}
        for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
            if isinstance(data.get(section), dict):
                names += list(data[section])
        sections = [data.get(k) for k in ("dependencies", "devDependencies", "optionalDependencies",
                                          "peerDependencies", "resolutions", "overrides")]
        sections.append(pnpm.get("overrides"))
        for deps in sections:  # npm's overrides nest: a package name maps to a spec or to more overrides
            for name, spec in _spec_items(deps):
                if spec.startswith("patch:") and "#" in spec:
                    patches.append(spec.rsplit("#", 1)[1].split("::")[0])
                elif _LOCAL_SPEC.match(spec.split("@", 1)[1] if spec.startswith("npm:") and "@" in spec else spec):
                    local.append((name, spec))
        for patched in (data.get("patchedDependencies"), pnpm.get("patchedDependencies")):
            if isinstance(patched, dict):
                patches += [v for v in patched.values() if isinstance(v, str)]
        scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
        engines = data.get("engines") if isinstance(data.get("engines"), dict) else {}
        return cls(path, {k: v for k, v in scripts.items() if isinstance(v, str)},
                   [w for w in workspaces if isinstance(w, str)],
                   data.get("packageManager") if isinstance(data.get("packageManager"), str) else None,
                   {k: v for k, v in engines.items() if isinstance(v, str)},
                   data.get("main") if isinstance(data.get("main"), str) else None, local, names, patches)

    def install_scripts(self) -> dict[str, str]:
        """The lifecycle scripts an install runs that may read files beyond the manifests."""
        return {name: body for name, body in self.scripts.items()
                if name in LIFECYCLE_SCRIPTS and not all(_HARMLESS_SCRIPT.match(part)
                                                         for part in re.split(r"&&|;|\|\|", body))}


def _spec_items(deps) -> list[tuple[str, str]]:
    if not isinstance(deps, dict):
        return []
    items = []
    # A stack, not recursion: overrides can nest as deep as the JSON parser allows.
    stack = list(reversed(deps.items()))
    while stack:
        name, spec = stack.pop()
        if isinstance(spec, str):
            items.append((name, spec))
        elif isinstance(spec, dict):
            stack += [(f"{name} > {inner}", value) for inner, value in reversed(spec.items())]
    return items


def node_package(context: BuildContext, folder: str = "") -> NodePackage | None:
    path = _join(folder, "package.json")
    text = context.read_text(path)
    return NodePackage.from_text(text, path) if text is not None else None


def yarn_berry(context: BuildContext, folder: str = "") -> bool:
    """Yarn 2+ (berry): a .yarnrc.yml, or packageManager naming yarn 2 or later."""
    if context.sent(_join(folder, ".yarnrc.yml")):
        return True
    package = node_package(context, folder)
    manager = package.package_manager if package else None
    return bool(manager and re.match(r"yarn@([2-9]|\d\d)", manager))


@dataclass
class DependencyFiles:
    """What to copy before an install (paths relative to the context), or why that is unsound."""

    ecosystem: str
    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    refusal: str | None = None
    # True when the install needs nothing the context lacks, but the context holds no manifest.
    missing_manifest: bool = False
    # Paths in the project the install creates or rewrites (node_modules, .venv, vendor, a lock
    # file it may update): a later whole copy would lay the context's copies over them.
    outputs: list[str] = field(default_factory=list)
    # Why the install may rewrite a file the whole copy then puts back (a lock file it updates).
    rewrites: str | None = None


def dependency_files(context: BuildContext, ecosystem: str, folder: str = "",
                     words: list[str] | None = None) -> DependencyFiles:
    """The manifests and lock files an install of `ecosystem` run in `folder` reads."""
    words = words or []
    result = DependencyFiles(ecosystem)
    names, folders = ECOSYSTEM_FILES[ecosystem]
    if ecosystem == "pip":
        return _pip(context, folder, words, result)
    manifest = MANIFEST[ecosystem]
    if ecosystem == "gradle":
        manifest = next((n for n in ("build.gradle", "build.gradle.kts") if context.sent(_join(folder, n))), manifest)
    if not context.sent(_join(folder, manifest)):
        result.missing_manifest = True
        result.refusal = f"{_join(folder, manifest)} is not in the build context"
        return result
    result.files = [_join(folder, n) for n in names if context.sent(_join(folder, n))]
    result.folders = [_join(folder, n) for n in folders if context.sent(_join(folder, n))]
    checks = {"npm": _node, "yarn": _node, "pnpm": _node, "bun": _node, "poetry": _poetry, "uv": _uv,
              "pipenv": _pipenv, "go": _go, "ruby": _ruby, "composer": _composer}
    check = checks.get(ecosystem)
    if check is not None:
        try:
            result.refusal = _enclosing(context, ecosystem, folder, result) or check(context, folder, words, result)
        except (AttributeError, TypeError):
            # A manifest that parses but holds a value of another type than its tool reads there
            # (`"workspaces": 1`, `tool = 1`): the install's inputs cannot be known.
            result.refusal = f"{_join(folder, manifest)} holds values of types {ecosystem} does not read there"
    return result


def _enclosing(context: BuildContext, ecosystem: str, folder: str, result: DependencyFiles) -> str | None:
    """What the folders above the install's folder (inside the context) add: package managers
    look upwards for a workspace root (npm, yarn, pnpm, bun, uv, go.work) and for settings (Yarn
    merges every .yarnrc.yml, uv reads uv.toml and pyproject.toml above)."""
    parts = folder.strip("/").split("/") if folder.strip("/") else []
    for depth in range(len(parts) - 1, -1, -1):
        above = "/".join(parts[:depth])
        if ecosystem in ("npm", "yarn", "pnpm", "bun"):
            package = node_package(context, above) if context.sent(_join(above, "package.json")) else None
            if (package is not None and package.workspaces) or context.sent(_join(above, "pnpm-workspace.yaml")):
                return f"{folder} lies in the workspace of {above or 'the context root'}, which the install reads"
            for name in (".yarnrc.yml", ".yarnrc") if ecosystem == "yarn" else ():
                if context.sent(_join(above, name)):
                    result.files.append(_join(above, name))
        if ecosystem in ("uv", "poetry") and context.sent(_join(above, "pyproject.toml")):
            data = _toml(context, _join(above, "pyproject.toml"))
            if data is None or data.get("tool", {}).get("uv", {}).get("workspace"):
                return f"{folder} may lie in a uv workspace rooted at {above or 'the context root'}"
        if ecosystem == "uv" and context.sent(_join(above, "uv.toml")):
            result.files.append(_join(above, "uv.toml"))
        if ecosystem == "go" and context.sent(_join(above, "go.work")):
            return f"go.work in {above or 'the context root'} makes the build read other modules"
    return None


# Where each package manager looks for patch files it applies during the install.
_PATCH_FOLDERS = {"yarn": (".yarn/patches/",), "pnpm": ("patches/",), "bun": ("patches/",), "npm": ()}
# Files Yarn 2+ writes into the project at each install (besides node_modules with that linker).
_YARN_BERRY_OUTPUTS = (".pnp.cjs", ".pnp.loader.mjs", ".pnp.data.json", ".yarn/install-state.gz",
                       ".yarn/build-state.yml", ".yarn/unplugged")
# Install options that keep the lock file as it is (else the install may rewrite it).
_KEEPS_LOCK = {"npm": ("--no-save", "--no-package-lock", "--package-lock=false", "--save=false"),
               "yarn": ("--frozen-lockfile", "--pure-lockfile", "--immutable"),
               "pnpm": ("--frozen-lockfile",), "bun": ("--frozen-lockfile", "--frozen")}


def _node(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    package = node_package(context, folder)
    if package is None:
        return f"{_join(folder, 'package.json')} cannot be read as JSON"
    settings = npmrc(context, folder)
    ignore_scripts = "--ignore-scripts" in words or settings.get("ignore-scripts") == "true"
    berry = result.ecosystem == "yarn" and yarn_berry(context, folder)
    problem = (_package_problem(context, folder, package, ignore_scripts, result.ecosystem)
               or _config_paths(context, folder, berry))
    if problem:
        return problem
    result.outputs.append(_join(folder, "node_modules"))
    if berry:
        result.outputs += [_join(folder, name) for name in _YARN_BERRY_OUTPUTS]
    result.rewrites = _node_lock_rewrite(context, folder, words, result.ecosystem, berry, settings)
    patterns = list(package.workspaces)
    if result.ecosystem == "pnpm":
        patterns += _pnpm_workspaces(context.read_text(_join(folder, "pnpm-workspace.yaml")))
    if not patterns:
        return None
    members = workspace_folders(context, folder, patterns)
    if isinstance(members, str):
        return members
    for member in members:  # the install reads each workspace's package.json, and runs its scripts
        member_package = node_package(context, member)
        if member_package is None:
            return f"{_join(member, 'package.json')} cannot be read"
        problem = _package_problem(context, member, member_package, ignore_scripts, result.ecosystem)
        if problem:
            return f"workspace {member}: {problem}"
        result.files.append(_join(member, "package.json"))
        result.outputs.append(_join(member, "node_modules"))
    return None


def _node_lock_rewrite(context: BuildContext, folder: str, words: list[str], ecosystem: str, berry: bool,
                       settings: dict[str, str]) -> str | None:
    """Why the install may rewrite a lock file the context sends, or None when it keeps it (a lock
    file the context does not send is written in both orders alike)."""
    if not any(context.sent(_join(folder, name)) for name in LOCK_FILES[ecosystem]):
        return None
    if ecosystem == "npm" and len(words) > 0 and words[0] in ("ci", "clean-install", "ic", "install-clean"):
        return None
    if any(w in _KEEPS_LOCK[ecosystem] for w in words):
        return None
    if ecosystem == "npm" and (settings.get("save") == "false" or settings.get("package-lock") == "false"):
        return None
    if ecosystem == "pnpm" and settings.get("frozen-lockfile") == "true":
        return None
    if berry and yarnrc(context, folder).get("enableImmutableInstalls") == "true":
        return None
    if ecosystem == "bun" and re.search(r"(?m)^\s*frozenLockfile\s*=\s*true",
                                        context.read_text(_join(folder, "bunfig.toml")) or ""):
        return None
    command = {"npm": "npm install", "yarn": "yarn install", "pnpm": "pnpm install", "bun": "bun install"}[ecosystem]
    return f"`{command}` may rewrite the lock file, and the whole copy would then put the context's copy back"


def _package_problem(context: BuildContext, folder: str, package: NodePackage, ignore_scripts: bool,
                     ecosystem: str = "npm") -> str | None:
    """Why installing this package from its manifest alone could differ from the original install."""
    scripts = package.install_scripts()
    if scripts and not ignore_scripts:
        name, body = next(iter(scripts.items()))
        return f"the {name!r} script ({body!r}) runs during the install and may read other project files"
    if context.sent(_join(folder, "binding.gyp")) and not ignore_scripts:
        return "binding.gyp makes the install build a native addon from the project's sources"
    if package.local_dependencies:
        name, spec = package.local_dependencies[0]
        return f"dependency {name!r} comes from the project itself ({spec})"
    readers = [n for n in package.dependencies if n in PROJECT_READING_PACKAGES]
    if readers and not ignore_scripts:
        return f"dependency {readers[0]!r} runs an install script that reads or writes project files"
    for patch in package.patch_files:
        if re.match(r"^(optional!)?builtin<", patch):
            continue  # Yarn's own compatibility patches ship with Yarn
        path = _normal(re.sub(r"^~/", "", patch))
        if not path.startswith(_PATCH_FOLDERS.get(ecosystem, ())):
            return f"the install applies the patch file {patch}, which dfopt does not copy with the manifests"
    return None


def _config_paths(context: BuildContext, folder: str, berry: bool) -> str | None:
    """A package manager setting that points into the project (a cache, an offline mirror, a
    certificate, a Yarn binary outside .yarn/): the install reads or writes more than the manifests."""
    settings = [(".npmrc", k, v) for k, v in npmrc(context, folder).items() if not k.startswith("//")]
    if berry:
        settings += [(".yarnrc.yml", k, v) for k, v in yarnrc(context, folder).items()]
    for line in (context.read_text(_join(folder, ".yarnrc")) or "").splitlines():
        parts = line.strip().split(None, 1)
        if len(parts) == 2 and not parts[0].startswith("#"):
            settings.append((".yarnrc", parts[0], parts[1].strip("\"'")))
    for source, key, value in settings:
        value = value.strip("\"'")
        if "://" in value or "/" not in value or value.startswith(("$", "/", "~")):
            continue
        if _normal(value).startswith(".yarn/") and source != ".npmrc":
            continue  # the .yarn/ folders the install reads are copied with the manifests
        return f"{source} sets {key} to {value}, a path the install reads or writes"
    return None


def workspace_folders(context: BuildContext, folder: str, patterns: list[str]) -> list[str] | str:
    """The workspace folders (with a package.json that is sent) the patterns name, or why they
    cannot be known."""
    found: list[str] = []
    for pattern in patterns:
        if pattern.startswith("!") or "**" in pattern:
            return f"workspace pattern {pattern!r} is beyond what dfopt expands"
        current = [folder.rstrip("/")] if folder else [""]
        for part in _normal(pattern).split("/"):
            following = []
            for base in current:
                if not any(c in part for c in "*?["):
                    following.append(_join(base, part))
                    continue
                children = context.children(base)
                if children is None:
                    return f"the build context does not show what is in {base or '.'}/ (workspaces {pattern!r})"
                following += [_join(base, c) for c in children if fnmatch.fnmatchcase(c, part)]
            current = following
        for member in current:
            if context.sent(_join(member, "package.json")) and member not in found:
                found.append(member)
            elif context.exists(_join(member, "package.json")) is None:
                return f"the build context does not show {_join(member, 'package.json')} (workspaces {pattern!r})"
    return found


def _pnpm_workspaces(text: str | None) -> list[str]:
    if not text:
        return []
    return re.findall(r"^\s*-\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", text, re.M)


_REQUIREMENT_OPTION = re.compile(r"^\s*(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)")
_LOCAL_REQUIREMENT = re.compile(r"^\s*(-e|--editable)?\s*(\.{1,2}(/|$|\[)|/|file:)")
# A requirement line that reads the project: a direct reference to a file, an archive or a folder
# named by a relative path, an editable VCS checkout (pip clones it into ./src), a local package index.
_PROJECT_REQUIREMENT = re.compile(r"@\s*file:|^\s*(-e|--editable)\s|^\s*(-f|--find-links|-i|--index-url|"
                                  r"--extra-index-url)(\s+|=)(?!(https?|git\+\w+)://)|"
                                  r"^(?![^\s;]*://)[^-#\s][^\s;]*/[^\s;]*$|"
                                  r"^[^-#\s][^\s;]*\.(whl|zip|tar\.gz|tgz|tar\.bz2)\s*(;|$)")
# pip options whose folder is where it writes: inside the project, a later whole copy covers it.
_PIP_WRITES = ("-t", "--target", "--prefix", "--root", "--src")


def _pip(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> DependencyFiles:
    pending: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        value = None
        for option in ("-r", "--requirement", "-c", "--constraint"):
            if word == option and i + 1 < len(words):
                value, i = words[i + 1], i + 1
            elif word.startswith(option + "=") or (option in ("-r", "-c") and word.startswith(option) and len(word) > 2):
                value = word.split("=", 1)[1] if "=" in word else word[2:]
        if value is None and word in ("-e", "--editable") and i + 1 < len(words):
            result.refusal = f"`pip install -e {words[i + 1]}` installs the project's own sources"
            return result
        if value is None and not word.startswith("-") and _LOCAL_REQUIREMENT.match(word):
            result.refusal = f"`pip install {word}` installs the project's own sources"
            return result
        if word in ("-f", "--find-links") or word.startswith(("--find-links=", "-f")) and len(word) > 2:
            link = words[i + 1] if word in ("-f", "--find-links") and i + 1 < len(words) else word.split("=", 1)[-1]
            if "://" not in link:
                result.refusal = f"`pip install --find-links {link}` reads packages from a folder"
                return result
        for option in _PIP_WRITES:
            target = words[i + 1] if word == option and i + 1 < len(words) else (
                word.split("=", 1)[1] if word.startswith(option + "=") else None)
            if target is not None and not target.startswith("/"):
                result.outputs.append(_join(folder, target))
        if value is not None:
            pending.append(_join(folder, value))
        i += 1
    if not pending:
        result.refusal = "the pip install names no requirements file"
        return result
    seen: list[str] = []
    while pending:
        path = _normal(pending.pop(0))
        if path in seen:
            continue
        if not context.sent(path):
            result.missing_manifest = not seen
            result.refusal = f"requirements file {path} is not in the build context"
            return result
        seen.append(path)
        base = path.rpartition("/")[0]
        for line in (context.read_text(path) or "").splitlines():
            line = line.split(" #", 1)[0]
            include = _REQUIREMENT_OPTION.match(line)
            if include:
                pending.append(_join(base, include.group(2)))
            elif _LOCAL_REQUIREMENT.match(line) or _PROJECT_REQUIREMENT.search(line.strip()):
                result.refusal = f"{path} installs a local path or a checkout ({line.strip()})"
                return result
    result.files = seen
    return result


def _toml(context: BuildContext, path: str) -> dict | None:
    """The TOML file's data; None when it cannot be read (then nothing may be assumed)."""
    try:  # imported here: most checks read no TOML file
        import tomllib
    except ImportError:  # Python 3.10: TOML facts are unknown, and the checks stay conservative
        return None
    try:
        return tomllib.loads(context.read_text(path) or "")
    except tomllib.TOMLDecodeError:
        return None


def _poetry(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    pyproject = _toml(context, _join(folder, "pyproject.toml"))
    if pyproject is None:
        return "pyproject.toml cannot be read"
    data = pyproject.get("tool", {}).get("poetry", {})
    package = data.get("package-mode", True) is not False
    if package and ("--no-root" not in words or "--only-root" in words):
        return "`poetry install` without --no-root installs the project itself, which needs its sources"
    # poetry uses a .venv in the project when there is one, whatever virtualenvs.create says
    result.outputs.append(_join(folder, ".venv"))
    if not context.sent(_join(folder, "poetry.lock")):
        result.rewrites = "without poetry.lock in the context, `poetry install` writes one"
    groups = [g.get("dependencies", {}) for g in data.get("group", {}).values() if isinstance(g, dict)]
    for deps in [data.get("dependencies", {}), data.get("dev-dependencies", {}), *groups]:
        problem = _path_dependency(deps, "path")
        if problem:
            return problem
    return _direct_file_reference(pyproject)


def _direct_file_reference(pyproject: dict) -> str | None:
    """A PEP 508 requirement of the project that names a file (`pkg @ file:///...`)."""
    project = pyproject.get("project", {}) if isinstance(pyproject.get("project"), dict) else {}
    lists = [project.get("dependencies", [])]
    lists += list((project.get("optional-dependencies") or {}).values())
    lists += list((pyproject.get("dependency-groups") or {}).values())
    for entries in lists:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, str) and re.search(r"@\s*(file:|\.{1,2}/|\{root)", entry):
                return f"dependency {entry!r} comes from a path in the project"
    return None


def _uv(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    data = _toml(context, _join(folder, "pyproject.toml"))
    if data is None:
        data = {"build-system": {}}  # unknown: assume the project is a package
    uv = data.get("tool", {}).get("uv", {})
    if uv.get("workspace"):
        return "a uv workspace needs every member's pyproject.toml in place"
    if "--no-install-project" not in words and "build-system" in data and uv.get("package", True) is not False:
        return "`uv sync` without --no-install-project installs the project itself, which needs its sources"
    indexes = [i.get("url", "") for i in uv.get("index", []) if isinstance(i, dict)] + list(uv.get("find-links", []))
    local = [u for u in indexes if isinstance(u, str) and "://" not in u]
    if local:
        return f"uv reads packages from a folder of the project ({local[0]})"
    result.outputs.append(_join(folder, ".venv"))
    if not ({"--locked", "--frozen"} & set(words)):
        result.rewrites = "`uv sync` without --locked or --frozen may update uv.lock, which the whole copy puts back"
    return _path_dependency(uv.get("sources", {}), "path") or _direct_file_reference(data)


def _pipenv(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    data = _toml(context, _join(folder, "Pipfile"))
    if data is None:
        return "the Pipfile cannot be read"
    result.outputs.append(_join(folder, ".venv"))  # pipenv installs into a .venv it finds in the project
    if not ({"sync", "--deploy", "--ignore-pipfile"} & set(words)):
        result.rewrites = "`pipenv install` without --deploy may write Pipfile.lock, which the whole copy puts back"
    return _path_dependency({**data.get("packages", {}), **data.get("dev-packages", {})}, "path")


def _path_dependency(deps, key: str) -> str | None:
    if not isinstance(deps, dict):
        return None
    for name, spec in deps.items():
        if isinstance(spec, dict) and key in spec:
            return f"dependency {name!r} comes from a path in the project ({spec[key]})"
    return None


def _go(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    if context.sent(_join(folder, "go.work")):
        return "go.work makes the build read other modules of the workspace"
    text = context.read_text(_join(folder, "go.mod")) or ""
    local = re.search(r"=>\s*(\.{1,2}(/\S*)?|/\S+)\s*$", text, re.M)
    if local:
        return f"go.mod replaces a module with a local folder ({local.group(1)})"
    result.rewrites = "`go mod download` may add missing checksums to go.sum, which the whole copy puts back"
    return None


def _ruby(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    text = context.read_text(_join(folder, "Gemfile")) or ""
    if re.search(r"^\s*gemspec\b", text, re.M):
        return "the Gemfile's `gemspec` reads the project's .gemspec (and usually its version file)"
    if re.search(r"\bpath(:|\s*=>)", text):
        return "the Gemfile installs a gem from a path in the project"
    ruby_version = _join(folder, ".ruby-version")
    if re.search(r"ruby\s+file:|\.ruby-version", text) and context.sent(ruby_version):
        result.files.append(ruby_version)
    reads = re.search(r"\b(eval_gemfile|require_relative|load|File\.|IO\.|Dir\.|__dir__)", text)
    if reads and not re.search(r"File\.read\(\s*['\"](\./)?\.ruby-version['\"]\s*\)", text[reads.start():reads.start() + 60]):
        return f"the Gemfile runs Ruby that may read other project files ({reads.group(1)})"
    result.outputs.append(_join(folder, "vendor/bundle"))
    remembered = [w for w in words if w.startswith("--") and w.split("=")[0] not in
                  ("--jobs", "--retry", "--quiet", "--verbose", "--local", "--prefer-local", "--full-index",
                   "--no-color", "--redownload", "--force")]
    if remembered:  # bundler writes these options into the project's .bundle/config
        result.outputs.append(_join(folder, ".bundle"))
    for option in ("--path", "--binstubs"):
        for i, w in enumerate(words):
            value = words[i + 1] if w == option and i + 1 < len(words) else (
                w.split("=", 1)[1] if w.startswith(option + "=") else None)
            if value is not None and not value.startswith("/"):
                result.outputs.append(_join(folder, value))
            elif w == option == "--binstubs":
                result.outputs.append(_join(folder, "bin"))
    if not ({"--frozen", "--deployment"} & set(words)) and not re.search(
            r"BUNDLE_(FROZEN|DEPLOYMENT):\s*['\"]?true", context.read_text(_join(folder, ".bundle/config")) or ""):
        result.rewrites = ("`bundle install` without --frozen or --deployment may update Gemfile.lock (a missing "
                           "platform or gem), which the whole copy puts back")
    return None


def _composer(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    try:
        data = json.loads(context.read_text(_join(folder, "composer.json")) or "{}")
    except (ValueError, RecursionError):  # RecursionError: nested deeper than json can read
        return "composer.json cannot be read as JSON"
    if not isinstance(data, dict):
        return "composer.json cannot be read as an object"
    repositories = data.get("repositories")
    if repositories is not None and not isinstance(repositories, (dict, list)):
        return "composer.json's repositories is neither a list nor an object"
    entries = repositories.values() if isinstance(repositories, dict) else repositories or []
    for entry in entries:
        if isinstance(entry, dict) and (entry.get("type") in ("path", "artifact") or (
                isinstance(entry.get("url"), str) and "://" not in entry["url"] and ":" not in entry["url"])):
            return "composer.json installs a package from a path in the project"
    names = {n for key in ("require", "require-dev") if isinstance(data.get(key), dict) for n in data[key]}
    try:
        lock = json.loads(context.read_text(_join(folder, "composer.lock")) or "{}")
        names |= {p.get("name") for key in ("packages", "packages-dev") for p in lock.get(key, []) if isinstance(p, dict)}
    except (ValueError, AttributeError, TypeError, RecursionError):  # a lock file dfopt cannot read names nothing
        pass
    plugins = sorted(names & set(PROJECT_WRITING_COMPOSER_PLUGINS))
    if plugins and "--no-plugins" not in words:
        return f"the Composer plugin {plugins[0]} reads or writes project files beyond vendor/ during the install"
    config = data.get("config") if isinstance(data.get("config"), dict) else {}
    for key, default in (("vendor-dir", "vendor"), ("bin-dir", None)):
        value = config.get(key, default)
        if isinstance(value, str) and not value.startswith(("/", "{$")):
            result.outputs.append(_join(folder, value))
    if not context.sent(_join(folder, "composer.lock")):
        result.rewrites = "without composer.lock in the context, `composer install` writes one"
    scripts = data.get("scripts", {}) if isinstance(data, dict) else {}
    events = ("pre-install-cmd", "post-install-cmd", "pre-package-install", "post-package-install",
              "pre-operations-exec", "pre-dependencies-solving", "post-dependencies-solving")
    hooks = [s for s in events if isinstance(scripts, dict) and s in scripts]
    if hooks and "--no-scripts" not in words:
        return f"composer.json's {hooks[0]} script runs during the install and may read project files"
    return None


# Composer plugins that read or write project files beyond vendor/ while installing: installers
# put packages in other folders, scaffolders write the web root, patches and merges read local files,
# Flex applies recipes.
PROJECT_WRITING_COMPOSER_PLUGINS = ("composer/installers", "oomphinc/composer-installers-extender",
                                    "cweagans/composer-patches", "wikimedia/composer-merge-plugin",
                                    "drupal/core-composer-scaffold", "drupal-composer/drupal-scaffold",
                                    "symfony/flex", "johnpbloch/wordpress-core-installer",
                                    "roots/wordpress-core-installer")


def _join(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}" if folder and folder != "." else name


def _normal(path: str) -> str:
    from dfopt.context.gomatch import clean

    return clean(path)


def present_manifests(context: BuildContext, folder: str = "") -> dict[str, list[str]]:
    """Per ecosystem, the manifest, lock and configuration files in `folder` that Docker sends."""
    found: dict[str, list[str]] = {}
    for ecosystem, (names, folders) in ECOSYSTEM_FILES.items():
        present = [_join(folder, n) for n in (*names, *folders) if context.sent(_join(folder, n))]
        if ecosystem == "pip":
            present = [_join(folder, n) for n in context.children(folder) or ()
                       if re.fullmatch(r"(requirements|constraints)[\w.-]*\.(txt|in)", n) and context.sent(_join(folder, n))]
        manifest = MANIFEST.get(ecosystem)
        lock = LOCK_FILES.get(ecosystem, ())
        if ecosystem in LOCK_FILES and not any(p.endswith(tuple(lock)) for p in present):
            present = []  # npm, yarn, pnpm and bun share package.json: the lock file says which one
        if present and (manifest is None or _join(folder, manifest) in present or ecosystem == "gradle"):
            found[ecosystem] = present
    return found


def node_lock_file(context: BuildContext, folder: str = "") -> str | None:
    """The lock file a Node project uses (npm, yarn, pnpm, bun), when one is sent."""
    for names in LOCK_FILES.values():
        for name in names:
            if context.sent(_join(folder, name)):
                return _join(folder, name)
    return None


def npmrc(context: BuildContext, folder: str = "") -> dict[str, str]:
    """The `key=value` settings of .npmrc (`;` and `#` start comments)."""
    settings = {}
    for line in (context.read_text(_join(folder, ".npmrc")) or "").splitlines():
        line = line.strip()
        if line and line[0] not in ";#" and "=" in line:
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    return settings


def yarnrc(context: BuildContext, folder: str = "") -> dict[str, str]:
    """The top-level `key: value` settings of .yarnrc.yml (nested maps are left out)."""
    settings = {}
    for line in (context.read_text(_join(folder, ".yarnrc.yml")) or "").splitlines():
        match = re.match(r"^([A-Za-z][\w-]*):\s*(.*?)\s*$", line)
        if match and match.group(2) and not match.group(2).startswith("#"):
            settings[match.group(1)] = match.group(2).strip("\"'")
    return settings
