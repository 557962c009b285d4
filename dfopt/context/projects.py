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

try:
    import tomllib
except ImportError:  # Python 3.10: TOML facts are unknown, and the checks below stay conservative
    tomllib = None

# Files an install reads, beside its manifest, when they are present: (files, folders).
ECOSYSTEM_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "npm": (("package.json", "package-lock.json", "npm-shrinkwrap.json", ".npmrc"), ()),
    "yarn": (("package.json", "yarn.lock", ".yarnrc.yml", ".yarnrc", ".npmrc", ".pnp.cjs", ".pnp.loader.mjs"),
             (".yarn/releases", ".yarn/patches", ".yarn/plugins")),
    "pnpm": (("package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc", ".pnpmfile.cjs"), ("patches",)),
    "bun": (("package.json", "bun.lockb", "bun.lock", "bunfig.toml", ".npmrc"), ()),
    "pip": ((), ()),  # the requirement files named on the command line, and what they include
    "poetry": (("pyproject.toml", "poetry.lock", "poetry.toml"), ()),
    "uv": (("pyproject.toml", "uv.lock", ".python-version"), ()),
    "pipenv": (("Pipfile", "Pipfile.lock"), ()),
    "go": (("go.mod", "go.sum"), ()),
    "ruby": (("Gemfile", "Gemfile.lock"), ()),
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
_LOCAL_SPEC = re.compile(r"^(file|link|portal):")


@dataclass
class NodePackage:
    """The facts of a package.json that decide what an install needs."""

    path: str
    scripts: dict[str, str] = field(default_factory=dict)
    workspaces: list[str] = field(default_factory=list)
    package_manager: str | None = None
    engines: dict[str, str] = field(default_factory=dict)
    main: str | None = None
    local_dependencies: list[tuple[str, str]] = field(default_factory=list)  # file:, link:, portal:

    @classmethod
    def from_text(cls, text: str, path: str = "package.json") -> "NodePackage | None":
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        workspaces = data.get("workspaces") or []
        if isinstance(workspaces, dict):
            workspaces = workspaces.get("packages") or []
        local = []
        for section in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
            deps = data.get(section)
            if isinstance(deps, dict):
                local += [(name, spec) for name, spec in deps.items()
                          if isinstance(spec, str) and _LOCAL_SPEC.match(spec)]
        scripts = data.get("scripts") if isinstance(data.get("scripts"), dict) else {}
        engines = data.get("engines") if isinstance(data.get("engines"), dict) else {}
        return cls(path, {k: v for k, v in scripts.items() if isinstance(v, str)},
                   [w for w in workspaces if isinstance(w, str)],
                   data.get("packageManager") if isinstance(data.get("packageManager"), str) else None,
                   {k: v for k, v in engines.items() if isinstance(v, str)},
                   data.get("main") if isinstance(data.get("main"), str) else None, local)

    def install_scripts(self) -> dict[str, str]:
        """The lifecycle scripts an install runs that may read files beyond the manifests."""
        return {name: body for name, body in self.scripts.items()
                if name in LIFECYCLE_SCRIPTS and not all(_HARMLESS_SCRIPT.match(part)
                                                         for part in re.split(r"&&|;|\|\|", body))}


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
        result.refusal = check(context, folder, words, result)
    return result


def _node(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    package = node_package(context, folder)
    if package is None:
        return f"{_join(folder, 'package.json')} cannot be read as JSON"
    ignore_scripts = "--ignore-scripts" in words or npmrc(context, folder).get("ignore-scripts") == "true"
    problem = _package_problem(context, folder, package, ignore_scripts)
    if problem:
        return problem
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
        problem = _package_problem(context, member, member_package, ignore_scripts)
        if problem:
            return f"workspace {member}: {problem}"
        result.files.append(_join(member, "package.json"))
    return None


def _package_problem(context: BuildContext, folder: str, package: NodePackage, ignore_scripts: bool) -> str | None:
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
            elif _LOCAL_REQUIREMENT.match(line):
                result.refusal = f"{path} installs a local path ({line.strip()})"
                return result
    result.files = seen
    return result


def _toml(context: BuildContext, path: str) -> dict | None:
    """The TOML file's data; None when it cannot be read (then nothing may be assumed)."""
    if tomllib is None:
        return None
    try:
        return tomllib.loads(context.read_text(path) or "")
    except tomllib.TOMLDecodeError:
        return None


def _poetry(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    data = (_toml(context, _join(folder, "pyproject.toml")) or {}).get("tool", {}).get("poetry", {})
    if "--no-root" not in words and "--only-root" not in words and data.get("package-mode", True) is not False:
        return "`poetry install` without --no-root installs the project itself, which needs its sources"
    return _path_dependency(data.get("dependencies", {}), "path")


def _uv(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    data = _toml(context, _join(folder, "pyproject.toml"))
    if data is None:
        data = {"build-system": {}}  # unknown: assume the project is a package
    uv = data.get("tool", {}).get("uv", {})
    if uv.get("workspace"):
        return "a uv workspace needs every member's pyproject.toml in place"
    if "--no-install-project" not in words and "build-system" in data and uv.get("package", True) is not False:
        return "`uv sync` without --no-install-project installs the project itself, which needs its sources"
    return _path_dependency(uv.get("sources", {}), "path")


def _pipenv(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    data = _toml(context, _join(folder, "Pipfile"))
    if data is None:
        return "the Pipfile cannot be read"
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
    local = re.search(r"=>\s*(\.{1,2}/\S*|/\S+)", text)
    if local:
        return f"go.mod replaces a module with a local folder ({local.group(1)})"
    return None


def _ruby(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    text = context.read_text(_join(folder, "Gemfile")) or ""
    if re.search(r"^\s*gemspec\b", text, re.M):
        return "the Gemfile's `gemspec` reads the project's .gemspec (and usually its version file)"
    if re.search(r"\bpath(:|\s*=>)", text):
        return "the Gemfile installs a gem from a path in the project"
    ruby_version = _join(folder, ".ruby-version")
    if re.search(r"ruby\s+file:", text) and context.sent(ruby_version):
        result.files.append(ruby_version)
    return None


def _composer(context: BuildContext, folder: str, words: list[str], result: DependencyFiles) -> str | None:
    try:
        data = json.loads(context.read_text(_join(folder, "composer.json")) or "{}")
    except ValueError:
        return "composer.json cannot be read as JSON"
    repositories = data.get("repositories") if isinstance(data, dict) else None
    entries = repositories.values() if isinstance(repositories, dict) else repositories or []
    if any(isinstance(r, dict) and r.get("type") == "path" for r in entries):
        return "composer.json installs a package from a path in the project"
    scripts = data.get("scripts", {}) if isinstance(data, dict) else {}
    events = ("pre-install-cmd", "post-install-cmd", "pre-package-install", "post-package-install",
              "pre-operations-exec", "pre-dependencies-solving", "post-dependencies-solving")
    hooks = [s for s in events if isinstance(scripts, dict) and s in scripts]
    if hooks and "--no-scripts" not in words:
        return f"composer.json's {hooks[0]} script runs during the install and may read project files"
    return None


def _join(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}" if folder and folder != "." else name


def _normal(path: str) -> str:
    from dfopt.context.gosyntax import clean

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
