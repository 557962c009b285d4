"""The .dockerignore this context needs: small, without secrets, never hiding what the build reads.

Entries are written for what exists in the context, or for what the detected language's tools
produce; each group carries a short comment. Dependency folders are left out only when a
Dockerfile reinstalls them, build outputs only when a Dockerfile rebuilds them (with no Dockerfile
yet, the one `dfopt new` writes does both). Every path a COPY/ADD or a RUN bind mount reads is
checked with Docker's own matching and re-included with `!` when a pattern would hide it.

An existing file is merged: its lines stay as written, in their order; the entries it lacks go in
one marked block, which a rerun replaces (so rerunning changes nothing).

    from dfopt.context.ignoregen import generate_dockerignore
    text = generate_dockerignore("path/to/context")                    # Dockerfiles found in it
    text = generate_dockerignore(ctx_dir, dockerfile_texts={"Dockerfile": df}, language="node-ts")
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from dfopt.context import BuildContext
from dfopt.context.dockerignore import IgnoreFile
from dfopt.context.scan import Inventory, Project, Totals, detect_projects
from dfopt.context.sources import Source, dockerfile_sources, is_dockerfile_name, resolve
from dfopt.syntax import parse, read_dockerfile

BEGIN = "# >>> dfopt ignore: generated; `dfopt ignore --write` updates the lines up to <<<"
END = "# <<< dfopt ignore"

GROUPS: dict[str, str] = {
    "vcs": "Version control",
    "deps": "Dependencies: the Dockerfile installs them",
    "outputs": "Build outputs: the Dockerfile builds them",
    "caches": "Tool and compiler caches",
    "tests": "Test reports and coverage",
    "logs": "Logs",
    "editor": "Editor and OS files",
    "secrets": "Secrets and local environment: never send them to the builder",
    "docker": "Docker's own files (the builder still receives the Dockerfile and this file)",
    "ci": "CI configuration",
    "keep": "Read by COPY/ADD in the Dockerfiles, or re-included above: keep them",
}
# Groups whose entries may drop names inside a folder that a COPY names (junk anywhere); the
# others (outputs, secrets, ...) are re-included there, since naming the folder asks for them.
_JUNK_INSIDE_COPIES = {"vcs", "deps", "caches", "logs", "editor"}

# Folders whose content is someone else's (or a tool's): not scanned for more entries.
_OPAQUE = {".git", ".hg", ".svn", "node_modules", ".venv", "__pycache__", ".terraform", ".tox", ".nox",
           ".next", ".nuxt", ".gradle", "bower_components", ".mypy_cache", ".pytest_cache"}

_ENV_TEMPLATES = (".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults")
_CREDENTIAL_FILES = {".git-credentials", "credentials", "credentials.json", "credentials.yml",
                     "credentials.yaml", "secrets.json", "secrets.yml", "secrets.yaml"}
_TOKEN_IN_RC = re.compile(r"_authToken|_auth\s*=|_password|password", re.I)

# What a RUN must do for a dependency folder to be reinstalled, or a language's outputs rebuilt.
_REINSTALLS = {
    "node": re.compile(r"\b(npm|pnpm|bun)\s+(ci|install|i)\b|\byarn\b"),
    "python": re.compile(r"\b(pip3?|uv|poetry|pipenv|pdm)\b"),
    "php": re.compile(r"\bcomposer\s+install\b"),
    "ruby": re.compile(r"\bbundle\b"),
}
_BUILDS = {
    "node": re.compile(r"\b(npm|pnpm|yarn|bun)\b[^\n]*\bbuild\b|\btsc\b|\b(next|vite|nuxt|ng)\s+build\b"),
    "python": re.compile(r"\b(pip3?|uv|poetry|pdm)\b|\bpython3?\s+(-m\s+build|setup\.py)"),
    "rust": re.compile(r"\bcargo\s+(build|install)\b"),
    "java": re.compile(r"\b(mvnw?|gradlew?)\b"),
    "dotnet": re.compile(r"\bdotnet\s+(build|publish)\b"),
}
_USES_GIT = re.compile(r"\bgit\s+(describe|rev-parse|log|status|diff|submodule|show)\b|\.git\b")

_OUTPUTS = {  # per project folder: (name, predicted for this project?)
    "node": ("dist", "build", "out", ".output"),
    "python": ("build", "dist"),
    "rust": ("target",),
    "java": ("target", "build"),
    "dotnet": ("bin", "obj"),
}
_ALWAYS_OUTPUTS = {"rust": {"target"}, "java": {"target"}, "dotnet": {"bin", "obj"}}
_TEST_REPORTS = ("coverage", ".nyc_output", "htmlcov", ".coverage", "coverage.xml", "coverage.out",
                 "test-results", "playwright-report", "junit.xml")


@dataclass(frozen=True)
class Candidate:
    group: str
    pattern: str
    predicted: bool = False  # written for what the language produces, not for what exists


@dataclass
class IgnorePlan:
    """The new .dockerignore and what it changes."""

    path: Path
    text: str
    existing: str | None
    before: Totals
    after: Totals
    secrets_kept_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dockerfiles: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # added pattern -> group (GROUPS' keys)
    inventory: Inventory | None = field(default=None, repr=False)
    projects: list[Project] = field(default_factory=list)

    def left_out(self, *groups: str) -> list[str]:
        """The topmost names the new file leaves out through a generated line of these groups."""
        if self.inventory is None:
            return []
        final = IgnoreFile.parse(self.text)
        names = []
        for name in self.inventory.entries:
            line = final.decide(name)
            if line is not None and not line.exclusion and self.groups.get(line.pattern) in groups:
                names.append(name)
        return _topmost(names)

    @property
    def changed(self) -> bool:
        return self.existing != self.text


def generate_dockerignore(context_dir: str | Path, dockerfiles: Iterable[str | Path] | None = None,
                          language: str | None = None,
                          dockerfile_texts: Mapping[str, str] | None = None,
                          planned: Iterable[str] = ()) -> str:
    """The .dockerignore text for `context_dir`, merged with the one already there.

    `dockerfiles`: Dockerfile paths whose COPY/ADD sources must stay (default: every Dockerfile
    in the folder); `dockerfile_texts`: Dockerfiles by name whose text to use instead of (or in
    addition to) the files, e.g. one not written yet or just rewritten; `language`:
    a language to assume when the folder has no manifest yet (node, node-ts, python, go, ...);
    `planned`: files (relative names) that are about to be written beside it, such as a generated
    compose.yaml and the .env its users will create, so their entries are written now.
    """
    return plan_dockerignore(context_dir, dockerfiles, language, dockerfile_texts, planned=planned).text


def plan_dockerignore(context_dir: str | Path, dockerfiles: Iterable[str | Path] | None = None,
                      language: str | None = None, dockerfile_texts: Mapping[str, str] | None = None,
                      context: BuildContext | None = None, planned: Iterable[str] = ()) -> IgnorePlan:
    root = Path(context_dir)
    ctx = context or BuildContext.from_dir(root, ignorefile=_existing_path(root))
    inv = Inventory.from_context(ctx)
    for name in planned:
        if name not in inv:
            inv.add_planned(name)
    target = ctx.root / ".dockerignore"
    existing = _read_existing(ctx)

    given = {(_display(Path(k), ctx.root) if Path(k).is_file() else k): v for k, v in (dockerfile_texts or {}).items()}
    if dockerfiles is None:
        dockerfiles = [ctx.root / name for name in find_dockerfiles(inv) if name not in given]
    texts: dict[str, str] = {}
    for path in dockerfiles:
        texts[_display(Path(path), ctx.root)] = read_dockerfile(str(path))
    texts.update(given)
    sources = [s for name, text in texts.items() for s in dockerfile_sources(text, name)]
    runs = "\n".join(_run_texts(text, name) for name, text in texts.items())

    projects = detect_projects(inv)
    if language:
        projects = _with_language(projects, language)
    notes: list[str] = []
    cands = _candidates(inv, projects, runs if texts else None, notes)

    crlf = existing is not None and "\r\n" in existing
    user_before, _, user_after = split_block((existing or "").replace("\r\n", "\n"))
    user = IgnoreFile.parse(user_before + user_after, ".dockerignore")
    needed = _needed(sources, inv)
    protected = _protected(needed, user, inv)
    missing = [c for c in cands if _missing(c, user, inv, protected)]
    text = _assemble(user_before, user_after, missing, inv, needed, user)
    if crlf:  # keep the file's line endings
        text = text.replace("\n", "\r\n")

    final = IgnoreFile.parse(text, ".dockerignore")
    secret = _secret_matcher(cands)
    plan = IgnorePlan(target, text, existing, inv.sent_totals(ctx.ignore if existing is not None else None),
                      inv.sent_totals(final), notes=notes, dockerfiles=sorted(texts),
                      groups={c.pattern: c.group for c in missing}, inventory=inv,
                      projects=projects)
    plan.secrets_kept_out = [n for n in _topmost(n for n in inv.entries if not _in_opaque(n) and secret.matches(n))
                             if final.matches(n) and not (existing is not None and ctx.ignore.matches(n))]
    plan.warnings = _warnings(needed, secret, inv, final)
    for name in texts:
        beside = ctx.root / f"{name}.dockerignore"
        if beside.is_file():
            plan.warnings.append(f"{name}: builds read {name}.dockerignore, not .dockerignore")
    return plan


def plan_for_listing(listing_file: str | Path) -> IgnorePlan:
    """The plan for a context described by a listing (names, folders ending in `/`), with the
    Dockerfiles and small files that sit beside the listing."""
    listing_file = Path(listing_file)
    ctx = BuildContext.from_listing(listing_file)
    dockerfiles = [p for p in sorted(listing_file.parent.iterdir())
                   if p.is_file() and is_dockerfile_name(p.name)]
    return plan_dockerignore(ctx.root, dockerfiles, context=ctx)


def find_dockerfiles(inv: Inventory) -> list[str]:
    """Dockerfile, Dockerfile.*, *.Dockerfile and *.dockerfile anywhere outside dependency folders."""
    return [n for n, e in inv.entries.items()
            if not e.is_dir and is_dockerfile_name(n.rpartition("/")[2]) and not _in_opaque(n)]


def split_block(text: str) -> tuple[str, str, str]:
    """(lines before the dfopt block, the block, lines after it); no block: (text, "", "")."""
    lines = text.splitlines(keepends=True)
    begin = next((i for i, l in enumerate(lines) if l.startswith("# >>> dfopt ignore")), None)
    if begin is None:
        return text, "", ""
    end = next((i for i in range(begin + 1, len(lines)) if lines[i].rstrip("\r\n") == END), len(lines) - 1)
    return "".join(lines[:begin]), "".join(lines[begin:end + 1]), "".join(lines[end + 1:])


# --- what to leave out -----------------------------------------------------------------------

# --- the catalogue of entries ----------------------------------------------------------------

@dataclass(frozen=True)
class Anywhere:
    """Listed when a file or folder whose name matches `name` (a glob on the last path segment)
    exists anywhere in the context, or when a project in `predicted_for`'s language produces it."""

    group: str
    pattern: str
    name: str
    predicted_for: str | None = None


@dataclass(frozen=True)
class AtRoot:
    """Listed when the path exists at the context's root."""

    group: str
    path: str


@dataclass
class _Scan:
    """What the entries are decided from: the context's names (outside opaque folders), the
    projects found, the Dockerfiles' RUN text (None when there is no Dockerfile yet), and the notes
    that explain what was kept."""

    inv: Inventory
    projects: list[Project]
    runs: str | None
    notes: list[str]

    def __post_init__(self) -> None:
        self.names = [n for n in self.inv.entries if not _in_opaque(n)]
        self.bases = {n: n.rpartition("/")[2] for n in self.names}
        self.files = [n for n in self.names if not self.inv.entries[n].is_dir]
        self.distinct_bases = set(self.bases.values())  # a big context repeats names (index.js, ...)
        self.languages = {p.language for p in self.projects}

    def does(self, table: dict, language: str) -> bool:
        """Whether a Dockerfile RUN reinstalls or rebuilds for `language` (yes, with no Dockerfile)."""
        return self.runs is None or (language in table and bool(table[language].search(self.runs)))

    def exists_anywhere(self, name: str) -> bool:
        if _GLOB_CHARS.isdisjoint(name):
            return name in self.distinct_bases
        match = _name_glob(name)
        return any(match(b) for b in self.distinct_bases)


def _git(scan: _Scan) -> list[Candidate]:
    if not scan.exists_anywhere(".git"):
        return []
    if scan.runs and _USES_GIT.search(scan.runs):
        scan.notes.append(".git is kept: a RUN in the Dockerfiles uses git")
        return []
    return [Candidate("vcs", "**/.git")]


def _dependencies(scan: _Scan) -> list[Candidate]:
    out = []
    if scan.exists_anywhere("node_modules"):
        if scan.does(_REINSTALLS, "node"):
            out.append(Candidate("deps", "**/node_modules"))
        else:
            scan.notes.append("node_modules is kept: no Dockerfile installs Node packages (npm ci, yarn, pnpm install)")
    elif "node" in scan.languages:
        out.append(Candidate("deps", "**/node_modules", True))
    venvs = sorted({n.rpartition("/")[0] for n in scan.files if scan.bases[n] == "pyvenv.cfg"})
    dot_venv = scan.exists_anywhere(".venv")
    if venvs or dot_venv or "python" in scan.languages:
        if scan.does(_REINSTALLS, "python"):
            out.append(Candidate("deps", "**/.venv", predicted=not dot_venv))
            out.extend(Candidate("deps", v) for v in venvs if v.rpartition("/")[2] != ".venv")
        elif venvs or dot_venv:
            scan.notes.append("Python virtual environments are kept: no Dockerfile installs Python packages")
    for project in scan.projects:
        vendor = {"php": "vendor", "ruby": "vendor/bundle"}.get(project.language)
        if vendor and project.path(vendor) in scan.inv and scan.does(_REINSTALLS, project.language):
            out.append(Candidate("deps", project.path(vendor)))
    return out


def _project_outputs(scan: _Scan) -> list[Candidate]:
    """Per project folder: a folder of that name is an output when the language's tool always
    writes there, when it is predicted, or when .gitignore says so (a `build/` may hold build
    scripts)."""
    out = []
    for project in scan.projects:
        frameworks = tuple(sorted(project.frameworks))
        predicted = set(frameworks)
        if project.language == "node" and project.typescript:
            predicted.add("dist")
        predicted |= _ALWAYS_OUTPUTS.get(project.language, set())
        chosen = []
        for name in _OUTPUTS.get(project.language, ()) + frameworks:
            path = project.path(name)
            if path in scan.inv and scan.inv.entries[path].is_dir:
                if name in predicted or _gitignored(scan.inv, project.folder, name):
                    chosen.append(Candidate("outputs", path))
            elif name in predicted:
                chosen.append(Candidate("outputs", path, True))
        if not chosen:
            continue
        if scan.does(_BUILDS, project.language):
            out.extend(chosen)
        elif any(not c.predicted for c in chosen):
            present = ", ".join(c.pattern for c in chosen if not c.predicted)
            scan.notes.append(f"{present} kept: no Dockerfile builds the {project.language} project")
    return out


def _test_reports(scan: _Scan) -> list[Candidate]:
    """At the context's root and at each project's."""
    out = []
    predicted = {p.path("coverage") for p in scan.projects if p.language == "node"}
    predicted |= {p.path(n) for p in scan.projects if p.language == "python" for n in ("htmlcov", ".coverage")}
    for folder in sorted({p.folder for p in scan.projects} | {""}):
        for name in _TEST_REPORTS:
            path = f"{folder}/{name}" if folder else name
            if path in scan.inv:
                out.append(Candidate("tests", path))
            elif path in predicted:
                out.append(Candidate("tests", path, True))
    return out


def _secret_files(scan: _Scan) -> list[Candidate]:
    """By exact path: a source folder may share these names (an app's `credentials/` module), and
    an .npmrc without a token is configuration the install may need."""
    out = []
    for n in scan.files:
        base = scan.bases[n]
        if any(part in (".aws", ".ssh", ".gnupg") for part in n.split("/")[:-1]):
            continue  # the folder is left out whole
        if base in _CREDENTIAL_FILES or ("service-account" in base and base.endswith(".json")):
            out.append(Candidate("secrets", n))
        elif base in (".npmrc", ".pypirc", ".netrc", ".yarnrc.yml"):
            text = scan.inv.read_text(n)
            if base == ".netrc" or (text and _TOKEN_IN_RC.search(text)):
                out.append(Candidate("secrets", n))
    return out


def _dockerignore(scan: _Scan) -> list[Candidate]:
    """The file this writes: always there once written, so always listed (reruns stay unchanged)."""
    nested = any(b == ".dockerignore" for n, b in scan.bases.items() if "/" in n)
    return [Candidate("docker", "**/.dockerignore" if nested else ".dockerignore", ".dockerignore" not in scan.inv)]


# In output order within each group (the groups themselves are written in GROUPS' order). Rows
# are data; the few entries that need more than a name test are functions of the scan.
CATALOGUE = (
    _git,
    *(Anywhere("vcs", f"**/{vcs}", vcs) for vcs in (".hg", ".svn")),
    *(AtRoot("vcs", name) for name in (".gitignore", ".gitattributes", ".gitmodules")),
    _dependencies,
    Anywhere("deps", "**/bower_components", "bower_components"),
    _project_outputs,
    Anywhere("outputs", "**/*.egg-info", "*.egg-info"),
    Anywhere("caches", "**/__pycache__", "__pycache__", "python"),
    Anywhere("caches", "**/*.py[cod]", "*.py[cod]", "python"),
    Anywhere("caches", "**/.pytest_cache", ".pytest_cache", "python"),
    *(Anywhere("caches", f"**/{cache}", cache) for cache in (
        ".mypy_cache", ".ruff_cache", ".tox", ".nox", ".hypothesis", ".eslintcache", ".parcel-cache", ".turbo",
        ".gradle", ".terraform", ".sass-cache")),
    _test_reports,
    Anywhere("logs", "**/*.log", "*.log"),
    # `?*`: a rotated log (npm-debug.log.1); the plain one is already a *.log.
    Anywhere("logs", "**/npm-debug.log*", "npm-debug.log?*", "node"),
    Anywhere("logs", "**/yarn-debug.log*", "yarn-debug.log?*"),
    Anywhere("logs", "**/yarn-error.log*", "yarn-error.log?*", "node"),
    Anywhere("logs", "**/.pnpm-debug.log*", ".pnpm-debug.log?*"),
    *(Anywhere("editor", f"**/{name}", name) for name in (".vscode", ".idea", ".vs", ".DS_Store", "Thumbs.db",
                                                          "desktop.ini")),
    *(Anywhere("editor", f"**/{glob}", "?" + glob) for glob in ("*.swp", "*.swo", "*~")),
    Anywhere("secrets", "**/.env", ".env"),
    Anywhere("secrets", "**/.env.*", ".env.*"),
    *(Anywhere("secrets", f"**/{glob}", glob) for glob in ("*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore",
                                                           "*.tfstate", "*.tfstate.*")),
    *(Anywhere("secrets", f"**/{key}*", f"{key}*") for key in ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519")),
    *(Anywhere("secrets", f"**/{folder}", folder) for folder in (".aws", ".ssh", ".gnupg")),
    _secret_files,
    Anywhere("docker", "**/Dockerfile*", "Dockerfile*"),
    Anywhere("docker", "**/*.Dockerfile", "*.Dockerfile"),
    Anywhere("docker", "**/*.dockerfile", "*.dockerfile"),
    _dockerignore,
    *(Anywhere("docker", f"**/{glob}", glob) for glob in ("docker-compose*.yml", "docker-compose*.yaml", "compose.yml",
                                                          "compose.yaml", "compose.*.yml", "compose.*.yaml")),
    *(AtRoot("ci", name) for name in (".github", ".gitlab-ci.yml", ".gitlab", ".circleci", ".travis.yml",
                                      "Jenkinsfile", "azure-pipelines.yml", ".buildkite", "bitbucket-pipelines.yml",
                                      ".drone.yml", ".woodpecker")),
)


def _candidates(inv: Inventory, projects: list[Project], runs: str | None, notes: list[str]) -> list[Candidate]:
    """The catalogue's entries for what exists (or what the projects' tools produce), in order."""
    scan = _Scan(inv, projects, runs, notes)
    unique: dict[str, Candidate] = {}
    for entry in CATALOGUE:
        if isinstance(entry, Anywhere):
            if scan.exists_anywhere(entry.name):
                found = [Candidate(entry.group, entry.pattern)]
            elif entry.predicted_for in scan.languages:
                found = [Candidate(entry.group, entry.pattern, True)]
            else:
                found = []
        elif isinstance(entry, AtRoot):
            found = [Candidate(entry.group, entry.path)] if entry.path in inv else []
        else:
            found = entry(scan)
        for candidate in found:
            unique.setdefault(candidate.pattern, candidate)
    return list(unique.values())


_GLOB_CHARS = frozenset("*?[")


@functools.lru_cache(maxsize=None)
def _name_glob(glob: str):
    """A matcher for one of the catalogue's globs on a name: they use only `*`, `?` and `[...]`,
    where fnmatch and Docker's filepath.Match agree."""
    return re.compile(fnmatch.translate(glob)).match


def _gitignored(inv: Inventory, folder: str, name: str) -> bool:
    """Whether the root's or the project's .gitignore names `name` (as `name`, `/name`, `name/`)."""
    wanted = {name, f"{folder}/{name}" if folder else name}
    for where in {"", folder}:
        text = inv.read_text(f"{where}/.gitignore" if where else ".gitignore") or ""
        for line in text.splitlines():
            entry = line.strip().strip("/")
            if entry in wanted and not line.startswith(("#", "!")):
                return True
    return False


def _in_opaque(name: str) -> bool:
    return any(part in _OPAQUE for part in name.split("/")[:-1])


# --- what must stay --------------------------------------------------------------------------

@dataclass(frozen=True)
class Need:
    source: Source
    names: tuple[str, ...]  # what it reads (a non-glob source names its path even when unknown)


def _needed(sources: list[Source], inv: Inventory) -> list[Need]:
    out = []
    for source in sources:
        if source.broad:
            continue
        names = tuple(resolve(source, inv.entries))
        if names:
            out.append(Need(source, names))
    return out


def _protected(needed: list[Need], user: IgnoreFile, inv: Inventory) -> set[str]:
    """Names the generated entries must not hide: what COPY/ADD reads, and what the user's own
    lines re-include with `!`."""
    return {n for need in needed for n in need.names} | set(_user_reincluded(user, inv))


def _user_reincluded(user: IgnoreFile, inv: Inventory) -> list[str]:
    """Names matched by the user's `!` lines (whether or not an earlier line excluded them)."""
    patterns = [line.pattern for line in user.lines if line.exclusion]
    if not patterns:
        return []
    matcher = IgnoreFile.parse("\n".join(patterns) + "\n")
    return _topmost(n for n in inv.entries if matcher.matches(n))


def _missing(c: Candidate, user: IgnoreFile, inv: Inventory, protected: set[str]) -> bool:
    written = {line.pattern for line in user.lines if not line.exclusion}
    if c.pattern in written:
        return False
    alone = IgnoreFile.parse(c.pattern + "\n")
    hits = [n for n in inv.entries if not _in_opaque(n) and alone.matches(n)]
    if hits:
        return any(not user.matches(n) and n not in protected for n in _topmost(hits))
    tail = c.pattern.removeprefix("**/")
    return not any(p.removeprefix("**/") == tail for p in written)


def _under_any(name: str, folders: set[str]) -> bool:
    while name:
        if name in folders:
            return True
        name = name.rpartition("/")[0]
    return False


def _topmost(names: Iterable[str]) -> list[str]:
    chosen = set(names)
    return sorted(n for n in chosen if not _under_any(n.rpartition("/")[0], chosen))


def _assemble(before: str, after: str, missing: list[Candidate], inv: Inventory,
              needed: list[Need], user: IgnoreFile) -> str:
    """The file: the user's lines, the block in their place (or at the end), re-includes last."""
    keeps: list[str] = []
    groups = {c.pattern: c.group for c in missing}
    for _ in range(8):  # each round can only add re-includes; a handful settles any file
        block = _block(missing, keeps)
        if before and not before.endswith("\n"):
            before += "\n"
        if block and before.strip() and not before.endswith("\n\n"):
            block = "\n" + block
        text = before + block + after
        final = IgnoreFile.parse(text)
        new = [k for k in _reincludes(final, groups, inv, needed, user) if k not in keeps]
        if not new:
            return text
        keeps.extend(new)
    return text


def _reincludes(final: IgnoreFile, groups: dict[str, str], inv: Inventory, needed: list[Need],
                user: IgnoreFile) -> list[str]:
    out: list[str] = []
    def ours(name: str, junk_ok: bool) -> bool:
        """Hidden by a generated line (the user's own lines are the user's decision)."""
        line = final.decide(name)
        if line is None or line.exclusion or line.pattern not in groups:
            return False
        return not (junk_ok and groups[line.pattern] in _JUNK_INSIDE_COPIES)

    for need in needed:
        hidden = [n for n in need.names if ours(n, junk_ok=False)]
        if hidden:
            out.extend([need.source.path] if need.source.glob else hidden)
        for name in need.names:  # inside a named folder only junk may go
            out.extend(_topmost(d for d in inv.under(name) if ours(d, junk_ok=True)))
    out.extend(n for n in _user_reincluded(user, inv) if final.matches(n))
    return list(dict.fromkeys(out))


def _block(missing: list[Candidate], keeps: list[str]) -> str:
    if not missing and not keeps:
        return ""
    lines = [BEGIN]
    by_group: dict[str, list[str]] = {}
    for c in missing:
        by_group.setdefault(c.group, []).append(c.pattern)
    if keeps:
        by_group["keep"] = ["!" + k for k in keeps]
    for group, title in GROUPS.items():
        if group in by_group:
            lines += ["", f"# {title}"] + by_group[group]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _secret_matcher(cands: list[Candidate]) -> IgnoreFile:
    lines = [c.pattern for c in cands if c.group == "secrets"]
    lines += [f"!**/{t}" for t in _ENV_TEMPLATES]
    return IgnoreFile.parse("\n".join(lines) + "\n", "secrets")


def _warnings(needed: list[Need], secret: IgnoreFile, inv: Inventory, final: IgnoreFile) -> list[str]:
    out = []
    for need in needed:
        for name in need.names:
            line = final.decide(name)
            if line is not None and not line.exclusion and inv.entries.get(name) is not None:
                out.append(f"{need.source.where()}: {need.source.describe()} reads {name}, which your "
                           f".dockerignore excludes (line {line.line}: {line.text}); the build cannot see it")
            found = [n for n in [name, *inv.under(name)] if secret.matches(n) and not final.matches(n)]
            for n in _topmost(found):
                out.append(f"{need.source.where()}: {need.source.describe()} copies the secret-looking "
                           f"{n} into the image (kept; a RUN --mount=type=secret keeps it out of the layers)")
    return list(dict.fromkeys(out))


# --- inputs ----------------------------------------------------------------------------------

def _existing_path(root: Path) -> Path | None:
    path = root / ".dockerignore"
    return path if path.is_file() else None


def _read_existing(ctx: BuildContext) -> str | None:
    path = ctx.root / ".dockerignore"
    if ctx.listing is not None and ".dockerignore" not in ctx.listing and ctx.ignore_path is None:
        return None
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError:
        return None


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _run_texts(text: str, name: str) -> str:
    out = []
    for ins in parse(text, name).instructions:
        ins = ins.sub if ins.cmd == "ONBUILD" and ins.sub is not None else ins
        if ins.cmd == "RUN":
            out.append(ins.arguments.text)
            out.extend(h.content for h in ins.heredocs)
    return "\n".join(out)


def _with_language(projects: list[Project], language: str) -> list[Project]:
    lang = language.lower()
    typescript = lang in ("node-ts", "typescript", "ts")
    if typescript or lang.startswith("node"):
        lang = "node"
    if any(p.folder == "" and p.language == lang for p in projects):
        return projects
    return [Project("", lang, typescript), *projects]
