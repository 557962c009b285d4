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
_CI = (".github", ".gitlab-ci.yml", ".gitlab", ".circleci", ".travis.yml", "Jenkinsfile",
       "azure-pipelines.yml", ".buildkite", "bitbucket-pipelines.yml", ".drone.yml", ".woodpecker")


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

def _candidates(inv: Inventory, projects: list[Project], runs: str | None, notes: list[str]) -> list[Candidate]:
    """Entries for what exists (or what the projects' tools produce), in group order."""
    out: list[Candidate] = []
    add = out.append

    def does(table: dict, language: str) -> bool:
        return runs is None or (language in table and bool(table[language].search(runs)))

    names = [n for n in inv.entries if not _in_opaque(n)]
    bases = {n: n.rpartition("/")[2] for n in names}
    files = [n for n in names if not inv.entries[n].is_dir]

    distinct_bases = set(bases.values())  # a big context repeats names (index.js, README.md, ...)

    def any_base(test) -> bool:
        return any(test(b) for b in distinct_bases)

    def anywhere(group: str, pattern: str, test, predicted: bool = False) -> None:
        if any_base(test):
            add(Candidate(group, pattern))
        elif predicted:
            add(Candidate(group, pattern, True))

    # Version control
    for vcs in (".git", ".hg", ".svn"):
        if any_base(lambda b, v=vcs: b == v):
            if vcs == ".git" and runs and _USES_GIT.search(runs):
                notes.append(".git is kept: a RUN in the Dockerfiles uses git")
                continue
            add(Candidate("vcs", f"**/{vcs}"))
    for name in (".gitignore", ".gitattributes", ".gitmodules"):
        if name in inv:
            add(Candidate("vcs", name))

    # Dependencies
    langs = {p.language for p in projects}
    if any_base(lambda b: b == "node_modules"):
        if does(_REINSTALLS, "node"):
            add(Candidate("deps", "**/node_modules"))
        else:
            notes.append("node_modules is kept: no Dockerfile installs Node packages (npm ci, yarn, pnpm install)")
    elif "node" in langs:
        add(Candidate("deps", "**/node_modules", True))
    venvs = sorted({n.rpartition("/")[0] for n in files if bases[n] == "pyvenv.cfg"})
    dot_venv = any(b == ".venv" for b in bases.values())
    if venvs or dot_venv or "python" in langs:
        if does(_REINSTALLS, "python"):
            add(Candidate("deps", "**/.venv", predicted=not dot_venv))
            out.extend(Candidate("deps", v) for v in venvs if v.rpartition("/")[2] != ".venv")
        elif venvs or dot_venv:
            notes.append("Python virtual environments are kept: no Dockerfile installs Python packages")
    for project in projects:
        vendor = {"php": "vendor", "ruby": "vendor/bundle"}.get(project.language)
        if vendor and project.path(vendor) in inv and does(_REINSTALLS, project.language):
            add(Candidate("deps", project.path(vendor)))
    if any_base(lambda b: b == "bower_components"):
        add(Candidate("deps", "**/bower_components"))

    # Build outputs, per project folder: a folder of that name is an output when the language's
    # tool always writes there, when it is predicted, or when .gitignore says so (a `build/` may
    # hold build scripts).
    for project in projects:
        frameworks = tuple(sorted(project.frameworks))
        predicted = set(frameworks)
        if project.language == "node" and project.typescript:
            predicted.add("dist")
        predicted |= _ALWAYS_OUTPUTS.get(project.language, set())
        chosen = []
        for name in _OUTPUTS.get(project.language, ()) + frameworks:
            path = project.path(name)
            if path in inv and inv.entries[path].is_dir:
                if name in predicted or _gitignored(inv, project.folder, name):
                    chosen.append(Candidate("outputs", path))
            elif name in predicted:
                chosen.append(Candidate("outputs", path, True))
        if not chosen:
            continue
        if does(_BUILDS, project.language):
            out.extend(chosen)
        elif any(not c.predicted for c in chosen):
            present = ", ".join(c.pattern for c in chosen if not c.predicted)
            notes.append(f"{present} kept: no Dockerfile builds the {project.language} project")
    anywhere("outputs", "**/*.egg-info", lambda b: b.endswith(".egg-info"))

    # Caches
    python = "python" in langs
    anywhere("caches", "**/__pycache__", lambda b: b == "__pycache__", predicted=python)
    anywhere("caches", "**/*.py[cod]", lambda b: b.endswith((".pyc", ".pyo", ".pyd")), predicted=python)
    for cache in (".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".nox", ".hypothesis",
                  ".eslintcache", ".parcel-cache", ".turbo", ".gradle", ".terraform", ".sass-cache"):
        anywhere("caches", f"**/{cache}", lambda b, c=cache: b == c,
                 predicted=(cache == ".pytest_cache" and python))

    # Test reports, at project roots
    roots = sorted({p.folder for p in projects} | {""})
    predicted_reports = {p.path("coverage") for p in projects if p.language == "node"}
    predicted_reports |= {p.path(n) for p in projects if p.language == "python" for n in ("htmlcov", ".coverage")}
    for folder in roots:
        for name in _TEST_REPORTS:
            path = f"{folder}/{name}" if folder else name
            if path in inv:
                add(Candidate("tests", path))
            elif path in predicted_reports:
                add(Candidate("tests", path, True))

    # Logs
    node = "node" in langs
    anywhere("logs", "**/*.log", lambda b: b.endswith(".log"))
    for log in ("npm-debug.log*", "yarn-debug.log*", "yarn-error.log*", ".pnpm-debug.log*"):
        stem = log[:-1]
        anywhere("logs", f"**/{log}", lambda b, s=stem: b.startswith(s) and b != s, predicted=node and log in ("npm-debug.log*", "yarn-error.log*"))

    # Editor and OS files
    for name in (".vscode", ".idea", ".vs", ".DS_Store", "Thumbs.db", "desktop.ini"):
        anywhere("editor", f"**/{name}", lambda b, x=name: b == x)
    for suffix in ("*.swp", "*.swo", "*~"):
        anywhere("editor", f"**/{suffix}", lambda b, s=suffix[1:]: b.endswith(s) and b != s)

    # Secrets
    anywhere("secrets", "**/.env", lambda b: b == ".env")
    anywhere("secrets", "**/.env.*", lambda b: b.startswith(".env."))
    for glob in ("*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "*.tfstate", "*.tfstate.*"):
        anywhere("secrets", f"**/{glob}", lambda b, g=glob: _glob_base(g, b))
    for key in ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"):
        anywhere("secrets", f"**/{key}*", lambda b, k=key: b.startswith(k))
    for folder in (".aws", ".ssh", ".gnupg"):
        anywhere("secrets", f"**/{folder}", lambda b, f=folder: b == f)
    # By exact path: a source folder may share these names (an app's `credentials/` module), and
    # an .npmrc without a token is configuration the install may need.
    for n in files:
        base = bases[n]
        if any(part in (".aws", ".ssh", ".gnupg") for part in n.split("/")[:-1]):
            continue  # the folder is left out whole
        if base in _CREDENTIAL_FILES or ("service-account" in base and base.endswith(".json")):
            add(Candidate("secrets", n))
        elif base in (".npmrc", ".pypirc", ".netrc", ".yarnrc.yml"):
            text = inv.read_text(n)
            if base == ".netrc" or (text and _TOKEN_IN_RC.search(text)):
                add(Candidate("secrets", n))

    # Docker's own files
    anywhere("docker", "**/Dockerfile*", lambda b: b.startswith("Dockerfile"))
    anywhere("docker", "**/*.Dockerfile", lambda b: b.endswith(".Dockerfile"))
    anywhere("docker", "**/*.dockerfile", lambda b: b.endswith(".dockerfile"))
    # The file this writes: always there once written, so always listed (reruns stay unchanged).
    nested = any(b == ".dockerignore" for n, b in bases.items() if "/" in n)
    add(Candidate("docker", "**/.dockerignore" if nested else ".dockerignore", ".dockerignore" not in inv))
    for compose in ("docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml",
                    "compose.*.yml", "compose.*.yaml"):
        anywhere("docker", f"**/{compose}", lambda b, g=compose: _glob_base(g, b))

    # CI
    for name in _CI:
        if name in inv:
            add(Candidate("ci", name))

    unique: dict[str, Candidate] = {}
    for c in out:
        unique.setdefault(c.pattern, c)
    return list(unique.values())


def _glob_base(glob: str, base: str) -> bool:
    return _glob_matcher(glob).matches(base)


@functools.lru_cache(maxsize=None)
def _glob_matcher(glob: str) -> IgnoreFile:
    return IgnoreFile.parse(glob + "\n")


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
