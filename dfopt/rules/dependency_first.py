"""## What it does
Finds a dependency install (npm, yarn, pnpm, bun, pip, poetry, uv, pipenv, Go, Bundler, Composer)
that runs after the whole build context was copied (`COPY . .`), and copies just the manifests and
lock files first: the install moves above the whole copy.

## Why is this bad?
A COPY's cache key is the content of what it copies. After `COPY . .` any edit to any source file
misses the cache, and every instruction after it reruns: the install downloads and builds every
dependency again on every code change. Copying the manifests first keeps the install cached until
a dependency changes.

## Example
```dockerfile
WORKDIR /app
COPY . .
RUN npm ci
```

## Use instead
```dockerfile
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
```

## Fix safety
Safe when every precondition below holds; unsafe, with the reason in the fix's message, when the
only doubt is what the whole copy lays over the install's results; refused, with the reason, when
the install would read something the manifests do not carry. For Go, where the build itself needs
the sources, the fix adds `COPY go.mod go.sum` and `RUN go mod download` before the whole copy; it
is unsafe because the module cache may then hold modules the build never fetched (and `go mod
download` may add checksums to go.sum). Cargo, Maven and Gradle are reported with an explanation
and not fixed: their dependency steps need a dummy project or a plugin whose result differs from
the build's. A cargo-chef build (`cargo chef cook` before the whole copy) is already
dependency-first and gets no finding.

## Why this is safe
The whole copy still follows the install, with its flags, so the image gets every file of the
context; the question is only what the install sees and what the copy then covers:
- The new COPY takes the files the install reads, as the context sends them (present and not
  excluded by .dockerignore), to where the install reads them (one COPY line a folder), with the
  whole copy's `--chown`, `--chmod` and `--link`, so owners and modes match (folders the COPY
  creates get them too, as the whole copy gives them). Besides manifests and lock files these are
  the settings the install reads: .npmrc, .yarnrc(.yml), .yarnclean, the Yarn releases, plugins,
  patches and cache, pnpm's workspace file, .pnpmfile and patches/, bunfig.toml and .env for bun,
  uv.toml and .python-version, .env for pipenv, .bundle/config, .ruby-version and vendor/cache
  for Bundler, auth.json for Composer, every requirements file a pip requirements file includes
  (`-r`, `-c`), workspace members' package.json, Yarn and uv settings of the folders above an
  install run in a sub-folder, and any file of the project an ENV or ARG names (a pip.conf named
  by `PIP_CONFIG_FILE`, `NODE_EXTRA_CA_CERTS`, ...).
- An earlier COPY of the stage that already puts a manifest there (`COPY package*.json ./`) is
  reused: the install moves up instead of a second COPY being added.
- The folders and files the install writes into the project (node_modules, also each workspace's;
  Yarn 2+'s .pnp.cjs, .pnp.loader.mjs and .yarn/install-state.gz; .venv for uv, poetry and pipenv;
  Composer's vendor-dir; vendor/bundle and .bundle for Bundler; pip's `--target`/`--prefix`; a
  virtualenv, GEM_HOME, BUNDLE_PATH, cache or HOME that an ENV puts under the destination) are
  kept out by the .dockerignore, so the copy cannot lay a host's copy over them. Before, the
  install ran after the copy and replaced or reused them; that they are absent today is not
  enough, since running the same install on the building machine makes them.
- The install does not rewrite a file the context sends: `npm ci`, `npm install --no-save`,
  `--frozen-lockfile`/`--immutable`, `uv sync --locked`/`--frozen`, `pipenv install --deploy`,
  `bundle install --frozen` (or BUNDLE_FROZEN), a lock file for poetry and Composer.
- Instructions between the copy and the install stay above the install and now also above the
  copy: only ones that do not read the copied files (ENV, ARG, USER, LABEL, EXPOSE, ..., and RUNs
  that install system packages or global tools, or remove files outside the copy's destination).
  A manifest COPY of the stage is reused only when nothing since could have changed it (a RUN,
  an ADD, a later COPY onto it). What the same RUN does before the install is
  setup that reads no project file; what it does after the install stays after the copy (split
  into a RUN of its own), except cleanups of caches outside the project.
- Composer: the moved install gets `--no-scripts --no-autoloader`, and `composer dump-autoload`
  runs after the whole copy, in the install's folder, with the install's autoloader options and its
  `--no-dev`, `--no-scripts`, `--no-plugins`, `--no-interaction`, `--ignore-platform-req(s)`;
  none is added when the install wrote no autoloader (`--no-autoloader`).

## When dfopt refuses
No fix, with the reason, when:
- there is no build context, the manifest is not in it, or a manifest cannot be read;
- npm, yarn, pnpm or bun run lifecycle scripts (also a workspace's), build a native addon
  (binding.gyp), take a dependency from the project (`file:`, `link:`, `portal:`, a bare path, also
  in overrides and resolutions), apply a patch outside the folder the manager copies, or depend
  on a package whose install script reads the project (prisma, husky, msw, nx, puppeteer, ...);
  workspaces dfopt cannot list completely (negated or `**` patterns, a listing that stops short);
  an install in a sub-folder that is a workspace of a folder above (npm, yarn, pnpm, bun, uv;
  go.work above for Go);
  a .npmrc, .yarnrc or .yarnrc.yml setting names a relative path (an offline mirror, a cache, a
  certificate);
- pip installs the project (`.`, `-e`), reads a requirements file outside the context, or a
  requirements file names a local path, a file URL, an archive, an editable checkout or a local
  package index (`--find-links ./wheels`); uv indexes a folder of the project;
- poetry installs the project (no `--no-root`, or `--only-root`), `uv sync` installs the project
  (no `--no-install-project`) or a uv workspace; a path dependency (poetry, uv, pipenv, a PEP 508
  `@ file:` reference);
- the Gemfile uses `gemspec`, a `path:` gem or runs Ruby that reads files (`eval_gemfile`,
  `File.read`, ...); go.mod replaces a module with a local folder, or go.work exists; composer.json
  has a path or artifact repository, install scripts without `--no-scripts`, or a plugin that
  writes beyond vendor/ (installers, scaffold, patches, merge, Flex) without `--no-plugins`;
- the install runs elsewhere (`--prefix`, `--cwd`, `-C`, `--working-dir`, `--gemfile`, ...: no
  finding then);
- an ENV or ARG names a folder of the project the install reads (PYTHONPATH, PIP_FIND_LINKS);
- an instruction between the copy and the install may read the copied files, a WORKDIR between
  changes a relative destination, an ENV or ARG between changes a variable the copy uses (for Go,
  any ENV, ARG, USER, SHELL or WORKDIR between, which the moved download would miss);
- the same RUN does something before the install that may read project files, or writes a
  project settings file (`yarn config set`, `--location project`, `poetry config --local`,
  `composer config` without `--global`), or the rest of the RUN cannot
  be split off (not a plain `&&` chain, or a `cd`/`export` the rest relies on);
- the install's RUN mounts something inside the copied folder; the whole copy has other flags
  (`--exclude`, `--parents`); a manifest is a symbolic link; the copy's destination depends on a
  variable that is not a plain ENV value of the stage (a build argument may move it).
Unsafe, with the reason, when a path the install writes is sent or not kept out by the
.dockerignore (`dfopt rewrite --fix-dockerignore` writes one that keeps them out), when the install
may rewrite a lock file the context sends, and when the whole copy lands around the home folder
where the install keeps caches and settings (`COPY . /`, `WORKDIR /root`).

## References
- Docker docs: Optimize cache usage in builds (order your layers)
- BuildKit: the cache key of COPY is the checksum of the copied files
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
import shlex
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from dfopt.context.projects import DependencyFiles, dependency_files, yarn_berry
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import run_of
from dfopt.shell.script import Statement, Word, parse_script
from dfopt.syntax import Dockerfile, Instruction

WHOLE_CONTEXT = {".", "./", "*", "./*"}
# Instructions that may stand between the whole copy and the install without noticing the move.
_TRANSPARENT = {"ENV", "ARG", "LABEL", "EXPOSE", "USER", "STOPSIGNAL", "HEALTHCHECK", "CMD", "ENTRYPOINT",
                "SHELL", "MAINTAINER", "ONBUILD"}
# Commands that may share a RUN with the install, before it, without reading the project.
_SETUP = re.compile(r"^(apt-get|apt|apk|yum|dnf|microdnf|corepack|mkdir|true|echo|set|gem|go env|npm config|"
                    r"yarn config|pnpm config|bundle config|poetry config|composer (global )?config (-g|--global)|"
                    r"npm (install|i) (-g|--global))\b")
# Settings commands that write a file of the project (the whole copy would later put the context's
# copy back): Yarn 2+ and `--location project` write the project's rc file, Composer composer.json.
_PROJECT_SETTING = re.compile(r"^((npm|pnpm) config .*--location[= ]project|yarn config (?!.*(-H|--home)\b)|"
                              r"poetry config .*--local\b|composer config (?!.*(-g|--global)\b))")
# Installing tools by name (`pip install poetry`) reads nothing from the project.
_TOOL_INSTALL = re.compile(r"^(pip[\d.]*|python[\d.]* -m pip) install( -[-\w=]+)*( [A-Za-z][\w.\-\[\],<>=~!]*)+$")
# Cleanups of caches outside the project; `rm` counts when every path it names is outside the copy.
_CLEANUP = re.compile(r"^(npm cache clean|yarn cache clean|pnpm store prune|pip cache purge|composer clear-cache)\b")
_STATE = re.compile(r"^(cd|export|source|\.|set|umask|unset|pushd|popd|alias)\b")
REPORT_ONLY = {
    "cargo": "Cargo compiles the crate with its dependencies; caching them needs a dummy src/ or "
             "cargo-chef, which dfopt does not write for you",
    "maven": "`mvn dependency:go-offline` after copying pom.xml caches most dependencies, but not "
             "every plugin the build resolves, so dfopt does not add it for you",
    "gradle": "a Gradle dependency step needs the build scripts and a task that resolves every "
              "configuration; dfopt does not write one for you",
}


@dataclass
class Step:
    """A statement of a RUN as DF201 reads it."""

    words: list[str]  # literal words; a statement that is no plain command is split at blanks
    start: int  # offsets in the RUN's argument text
    end: int
    spans: tuple[Word, ...] | None = None  # the command's words (shell-form commands only)

    @property
    def line(self) -> str:
        return " ".join(self.words)


@dataclass
class Install:
    ecosystem: str
    index: int  # which command of the RUN
    words: list[str]  # the install's words, tool first
    kind: str = "install"  # "build" for `go build` and friends: the step itself needs sources


def run_commands(df: Dockerfile, ins: Instruction) -> tuple[list[Step], bool] | None:
    """The statements of a RUN, and whether they form one plain `a && b && c` chain.

    None when the body is not plain shell we can read (heredocs, a syntax error)."""
    return _once_a_run(df, ins, "commands", _run_commands)


def _once_a_run(df: Dockerfile, ins: Instruction, what: str, read: Callable):
    """`read(df, ins)`, read once a RUN of the file: DF201 and DF202 ask about every RUN, DF201
    twice, and their callers only read the answers."""
    known = _read_runs(df)
    cached = known.get((what, id(ins)))
    if cached is None or cached[0] is not ins:
        cached = known[(what, id(ins))] = (ins, read(df, ins))
    return cached[1]


@lru_cache(maxsize=8)
def _read_runs(df: Dockerfile) -> dict[tuple[str, int], tuple[Instruction, Any]]:
    # Keyed by identity, with the instruction kept to check it: the cache keeps `df` alive.
    return {}


def _run_commands(df: Dockerfile, ins: Instruction) -> tuple[list[Step], bool] | None:
    if ins.heredocs:
        return None
    if ins.form == "exec":
        return [Step(list(ins.exec_args or ()), 0, len(ins.args))], True
    run = run_of(df, ins)
    # Under a SHELL that is not POSIX the shared analysis leaves the RUN alone; an install
    # command reads the same there (`npm ci`, `a && b` in cmd), so DF201 reads its words anyway.
    script = run.script if run is not None else parse_script(ins.args)
    if not script.ok:
        return None
    return [_step(s) for s in script.statements], script.plain_chain


def _step(statement: Statement) -> Step:
    command = statement.command
    if statement.kind != "command" or command is None:
        # `export X=1`, `[ -f a ]`, `X=1`, `! cmd`: kept as blank-separated words so that
        # nothing treats them as harmless.
        return Step(statement.text.split(), statement.index, statement.index_end)
    return Step([w.unquoted for w in command.words], statement.index, statement.index_end, command.words)


# System and global tool installs: they read nothing from the project and write outside it.
_TOOLS_ONLY = re.compile(r"^((apt-get|apt|apk|yum|dnf|microdnf) \S.*|npm (install|i) (-g|--global) .+|"
                         r"yarn global add .+|corepack (enable|prepare)\b.*)$")


def _installs_tools_only(df: Dockerfile, ins: Instruction, target: str | None = None) -> bool:
    """A RUN that installs system packages or global tools (and may remove files outside
    `target`, the copy's destination): it reads and writes nothing the whole copy brings."""
    parsed = run_commands(df, ins)
    if parsed is None or not parsed[1] or ins.flags:
        return False
    return all(_TOOLS_ONLY.match(c.line) or _TOOL_INSTALL.match(c.line) or (target and _removes_outside(c, target))
               for c in parsed[0])


def _removes_outside(command: Step, target: str) -> bool:
    """`rm` of absolute paths, none of them in or above `target`."""
    if command.words[:1] != ["rm"] or target == "/":
        return False
    paths = [w for w in command.words[1:] if not w.startswith("-")]
    top = target.rstrip("/") + "/"

    def outside(path: str) -> bool:
        glob = re.search(r"[*?\[]", path)
        if glob:  # what the pattern may match starts with its literal part
            prefix = path[: glob.start()]
            return not (top.startswith(prefix) or prefix.startswith(top))
        path = posixpath.normpath(path).rstrip("/") + "/"
        return not (path.startswith(top) or top.startswith(path))

    return bool(paths) and all(p.startswith("/") and "$" not in p and outside(p) for p in paths)


def recognise(words: list[str]) -> tuple[str, str, list[str]] | None:
    """(ecosystem, kind, words from the tool on) for a command that installs dependencies."""
    while words and words[0] in ("sudo", "env", "exec", "nice"):
        words = [w for w in words[1:] if "=" not in w or w.startswith("-")] if words[0] == "env" else words[1:]
    if not words:
        return None
    tool = posixpath.basename(words[0])
    args = words[1:]
    plain = [w for w in args if not w.startswith("-")]
    sub = plain[0] if plain else ""
    if re.fullmatch(r"python[\d.]*", tool) and args[:2] == ["-m", "pip"]:
        tool, args, plain = "pip", args[2:], [w for w in args[2:] if not w.startswith("-")]
        sub = plain[0] if plain else ""
    if tool == "uv" and args[:1] == ["pip"]:
        tool, args, plain = "pip", args[1:], plain[1:]
        sub = plain[0] if plain else ""
    if tool == "npm" and sub in ("ci", "clean-install", "ic", "install-clean"):
        return "npm", "install", words
    if tool == "npm" and sub in ("install", "i") and plain == [sub] and not _has(args, "-g", "--global", "--prefix"):
        return "npm", "install", words
    if tool == "yarn" and (not plain or plain == ["install"]) and not _has(args, "--cwd"):
        return "yarn", "install", words
    if tool in ("pnpm", "bun") and plain in (["install"], ["i"]) and not _has(args, "-g", "--global", "-C", "--dir",
                                                                             "--cwd"):
        return tool, "install", words
    if _has(args, *_ELSEWHERE.get(tool, ())):
        return None  # the install runs in, or reads its manifest from, another folder
    if re.fullmatch(r"pip[\d.]*", tool) and sub == "install":
        local = any(w in (".", "./") or w.startswith(("./", "../", "-e", "--editable")) for w in args)
        if local or _has(args, "-r", "--requirement") or any(w.startswith(("-r", "--requirement=")) for w in args):
            return "pip", "install", words
        return None
    if tool == "poetry" and sub == "install":
        return "poetry", "install", words
    if tool == "uv" and sub == "sync":
        return "uv", "install", words
    if tool == "pipenv" and sub in ("install", "sync") and plain == [sub]:
        return "pipenv", "install", words
    if tool == "go" and plain[:2] == ["mod", "download"]:
        return "go", "install", words
    if tool == "go" and sub in ("build", "install", "test", "vet", "generate", "run"):
        return "go", "build", words
    if tool in ("bundle", "bundler") and (not plain or sub == "install"):
        return "ruby", "install", words
    if tool == "composer" and sub == "install":
        return "composer", "install", words
    if tool == "cargo" and plain[:2] == ["chef", "cook"]:
        return "cargo", "install", words  # cargo-chef: the dependencies are built from a recipe
    if tool == "cargo" and sub in ("build", "install", "fetch", "test"):
        return "cargo", "build", words
    if tool in ("mvn", "mvnw") and plain:
        return "maven", "build", words
    if tool in ("gradle", "gradlew") and plain:
        return "gradle", "build", words
    return None


# Options that make an install work on another folder's manifest than the current one.
_ELSEWHERE = {"poetry": ("-C", "--directory", "-P", "--project"), "uv": ("--directory", "--project"),
              "composer": ("-d", "--working-dir"), "bundle": ("--gemfile",), "bundler": ("--gemfile",),
              "go": ("-C",), "yarn": ("--modules-folder",), "pipenv": ("--pipfile",)}


def _has(args: list[str], *options: str) -> bool:
    return any(a in options or a.startswith(tuple(o + "=" for o in options if o.startswith("--"))) for a in args)


def find_install(df: Dockerfile, ins: Instruction) -> tuple[Install, list[Step], bool] | None:
    return _once_a_run(df, ins, "install", _find_install)


def _find_install(df: Dockerfile, ins: Instruction) -> tuple[Install, list[Step], bool] | None:
    parsed = run_commands(df, ins)
    if parsed is None:
        return None
    commands, chain = parsed
    for index, command in enumerate(commands):
        found = recognise(command.words)
        if found:
            return Install(found[0], index, found[2], found[1]), commands, chain
    return None


def resolve(workdir: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(workdir, path)) if path else workdir


def copy_sources(ins: Instruction) -> tuple[list[str], str] | None:
    """(sources, destination) of a COPY/ADD from the context; None for --from, heredocs, odd forms."""
    if ins.cmd not in ("COPY", "ADD") or ins.flag("from") is not None or ins.heredocs:
        return None
    words = list(ins.exec_args) if ins.form == "exec" and ins.exec_args else ins.args.split()
    if len(words) < 2:
        return None
    return words[:-1], words[-1]


def format_copy(keyword: str, flags: list[str], sources: list[str], dest: str) -> str:
    """One COPY line; JSON form when a name would need quoting in the plain form."""
    head = " ".join([keyword, *flags])
    if any(re.search(r"[\s\"'\\$\[]", s) for s in [*sources, dest]):
        return f"{head} {json.dumps([*sources, dest])}"
    return f"{head} {' '.join([*sources, dest])}"


# Variables naming where an install (or a tool it runs) writes: inside the copy's destination, the
# whole copy that now follows the install would lay the context's files over what it wrote.
_WRITE_VARIABLES = {"VIRTUAL_ENV", "GEM_HOME", "BUNDLE_PATH", "BUNDLE_APP_CONFIG", "BUNDLE_USER_HOME",
                    "NPM_CONFIG_PREFIX", "NPM_CONFIG_CACHE", "YARN_CACHE_FOLDER", "PNPM_HOME", "PYTHONUSERBASE",
                    "UV_PROJECT_ENVIRONMENT", "UV_CACHE_DIR", "PIP_TARGET", "PIP_PREFIX", "PIP_SRC", "PIP_CACHE_DIR",
                    "COMPOSER_VENDOR_DIR", "COMPOSER_BIN_DIR", "COMPOSER_HOME", "COMPOSER_CACHE_DIR",
                    "POETRY_VIRTUALENVS_PATH", "POETRY_CACHE_DIR", "PIPENV_CACHE_DIR", "WORKON_HOME", "GOPATH",
                    "GOMODCACHE", "CARGO_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"}
# Variables naming folders an install (or the interpreter it runs) reads from.
_READ_FOLDER_VARIABLES = {"PYTHONPATH", "NODE_PATH", "PIP_FIND_LINKS", "UV_FIND_LINKS", "RUBYLIB", "GEM_PATH"}
_PATHS_IN_VALUE = re.compile(r"(?:^|[\s:=,])((?:/|\.{1,2}/)[^\s:=,]*)")
_PYTHON_INSTALLS = ("pip", "poetry", "uv", "pipenv")


@dataclass
class Scene:
    """What the stage says around the whole copy and the install."""

    context_copy: Instruction
    dest: str  # the whole copy's destination as written
    copy_workdir: str  # WORKDIR at the whole copy
    target: str  # where the whole copy lands
    index: int  # the whole copy's index in the stage
    run: Instruction
    install: Install
    commands: list[Step]
    chain: bool
    folder: str  # the install's folder relative to the copied context
    run_workdir: str  # WORKDIR at the install
    env: dict[str, str]  # ENV and ARG values of the stage, up to the install
    user: str | None
    copies: list[tuple[list[str], str, tuple[str, ...]]]  # earlier COPYs: sources, landing path, flags

    @property
    def install_dir(self) -> str:
        return resolve(self.target, self.folder)

    def inside(self, path: str, base: str | None = None) -> str | None:
        """`path` (absolute, or relative to the install's folder) relative to the copy's target,
        or None when it is outside it."""
        full = posixpath.normpath(posixpath.join(base or self.install_dir, path))
        top = self.target.rstrip("/")
        if full == top or top == "":
            return "" if full == top else full.lstrip("/")
        return full[len(top) + 1:] if full.startswith(top + "/") else None


def _env_pairs(ins: Instruction) -> list[tuple[str, str]]:
    """`ENV a=1 b="x y"`, `ENV a 1`, `ARG a=1`: (name, value) as far as they can be read."""
    try:
        words = shlex.split(ins.args, posix=True)
    except ValueError:
        return []
    if ins.cmd == "ENV" and words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    return [tuple(w.split("=", 1)) if "=" in w else (w, "") for w in words]  # type: ignore[misc]


class DependencyFirstCopy(Rule):
    code = "DF201"
    title = "copy the manifests and install dependencies before copying the whole context"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE

    def check(self, ctx: CheckContext):
        for stage in ctx.dockerfile.stages:
            finding = self.check_stage(ctx, stage.instructions)
            if finding is not None:
                yield finding

    def check_stage(self, ctx: CheckContext, instructions: tuple[Instruction, ...]):
        df = ctx.dockerfile
        workdir = "/"
        context_copy: tuple[Instruction, str, str, int] | None = None  # instruction, dest, workdir, index
        installed: set[str] = set()  # ecosystems already installed before the whole copy
        env: dict[str, str] = {}
        user: str | None = None
        copies: list[tuple[list[str], str, tuple[str, ...]]] = []
        fixed: dict[str, str] = {}  # ENV values that no build argument can change
        for index, ins in enumerate(instructions):
            if ins.cmd == "WORKDIR":
                workdir = resolve(workdir, _expand(ins.args.strip().strip("\"'"), fixed))
                continue
            if ins.cmd in ("ENV", "ARG"):
                pairs = _env_pairs(ins)
                env.update(pairs)
                for name, value in pairs:
                    fixed.pop(name, None)
                    if ins.cmd == "ENV" and "$" not in value:
                        fixed[name] = value
                continue
            if ins.cmd == "USER":
                user = ins.args.strip()
                continue
            copied = copy_sources(ins)
            if copied and any(s in WHOLE_CONTEXT for s in copied[0]):
                context_copy = (ins, copied[1], workdir, index)
                continue
            if context_copy is None and (ins.cmd not in ("COPY", "WORKDIR", *_TRANSPARENT) or not copied) and not (
                    ins.cmd == "RUN" and _installs_tools_only(df, ins)):
                copies = []  # what an earlier COPY put there may have changed since
            if copied and context_copy is None and ins.cmd == "COPY":
                landing = resolve(workdir, copied[1]) + ("/" if copied[1].endswith("/") or copied[1] in (".", "..")
                                                         or len(copied[0]) > 1 else "")
                copies.append((copied[0], landing, tuple(sorted(f.text for f in ins.flags))))
            if ins.cmd != "RUN":
                continue
            found = find_install(df, ins)
            if found is None:
                continue
            install, commands, chain = found
            if context_copy is None:
                installed.add(install.ecosystem)
                continue
            if install.kind == "build" and install.ecosystem in installed:
                continue
            target = resolve(context_copy[2], _expand(context_copy[1], fixed))
            folder = self.install_folder(target, workdir, commands[: install.index])
            if folder is None:
                return None
            scene = Scene(context_copy[0], context_copy[1], context_copy[2], target, context_copy[3], ins, install,
                          commands, chain, folder, workdir, env, user, copies)
            return self.finding_for(ctx, df, instructions, scene)
        return None

    @staticmethod
    def install_folder(target: str, workdir: str, before: list[Step]) -> str | None:
        """The install's folder relative to the copied context, or None when it is elsewhere."""
        for command in before:
            if command.words[:1] == ["cd"] and len(command.words) == 2:
                workdir = resolve(workdir, command.words[1])
        if workdir == target:
            return ""
        if workdir.startswith(target.rstrip("/") + "/"):
            return workdir[len(target.rstrip("/")) + 1:]
        if target == "/":
            return workdir.lstrip("/")
        return None

    def finding_for(self, ctx, df: Dockerfile, instructions, scene: Scene):
        copy_ins, run, install = scene.context_copy, scene.run, scene.install
        start, end = copy_ins.keyword_start, copy_ins.arguments.source_offset(len(copy_ins.args))
        tool = install.words[0]
        message = (f"`{copy_ins.keyword} {copy_ins.args}` copies the whole context before `{tool}` installs "
                   f"dependencies (line {run.start_line}): any source change reruns the install")

        def refuse(reason: str):
            return self.finding(start, end, message, no_fix_reason=reason)

        if install.ecosystem in REPORT_ONLY:
            return refuse(REPORT_ONLY[install.ecosystem])
        context = ctx.build_context
        if context is None:
            return refuse("no build context was given: with one, dfopt copies the manifests and lock files "
                          "it finds there before the install, then the rest")
        files = dependency_files(context, install.ecosystem, scene.folder, install.words[1:])
        if install.kind == "build" and not files.refusal and not any(f.endswith("go.sum") for f in files.files):
            return None  # a module without dependencies has nothing to download
        if install.ecosystem == "composer" and run.form == "exec":
            return refuse("the exec-form install cannot take --no-scripts --no-autoloader here")
        if files.refusal:
            return refuse(files.refusal)
        if "$" in scene.target:
            return refuse(f"the copy's destination {scene.target} uses variables dfopt does not resolve")
        odd = [f.text for f in copy_ins.flags if f.name not in ("chown", "chmod", "link")]
        if odd:
            return refuse(f"the whole copy's {odd[0]} would have to apply to the manifests too")
        between = instructions[scene.index + 1: instructions.index(run)]
        blocker = (self.blocker(df, between, copy_ins, scene.dest, install, scene.target)
                   or self.environment_files(context, scene, files) or self.mounted(scene)
                   or self.linked(context, files))
        if blocker:
            return refuse(blocker)
        split = self.split_point(scene, yarn_berry(context, scene.folder))
        if isinstance(split, str):
            return refuse(split)
        unsafe = self.overlaid(context, scene, files, split) or files.rewrites
        fix = self.build_fix(df, scene, files, split, unsafe)
        return self.finding(start, end, message, fix=fix)

    @staticmethod
    def blocker(df: Dockerfile, between, copy_ins: Instruction, dest: str, install: Install,
                target: str) -> str | None:
        for ins in between:
            if ins.cmd == "WORKDIR" and not dest.startswith("/"):
                return f"WORKDIR on line {ins.start_line} changes where the relative destination {dest!r} points"
            if ins.cmd in ("ENV", "ARG") and "$" in copy_ins.text:
                return f"{ins.cmd} on line {ins.start_line} may change the variables the copy uses"
            if install.kind == "build" and ins.cmd in ("ENV", "ARG", "USER", "SHELL", "WORKDIR"):
                # the added download runs where the whole copy stood, before this instruction
                return f"{ins.cmd} on line {ins.start_line} would not apply to a download moved above it"
            if ins.cmd == "RUN" and _installs_tools_only(df, ins, target):
                continue
            if ins.cmd not in _TRANSPARENT and ins.cmd != "WORKDIR":
                return (f"{ins.cmd} on line {ins.start_line} runs between the copy and the install "
                        "and may depend on the copied files")
        return None

    @staticmethod
    def environment_files(context, scene: Scene, files: DependencyFiles) -> str | None:
        """Files of the project named by ENV or ARG values (PIP_CONFIG_FILE, NODE_EXTRA_CA_CERTS, ...)
        join the manifests; a folder the install reads from (PYTHONPATH, PIP_FIND_LINKS) refuses."""
        for name, value in scene.env.items():
            if name == "PATH" or name.upper() in _WRITE_VARIABLES:
                continue
            for path in _PATHS_IN_VALUE.findall(value):
                inside = scene.inside(path, scene.run_workdir)
                if not inside or not context.sent(inside):
                    continue
                if context.is_dir(inside):
                    if name.upper() in _READ_FOLDER_VARIABLES or name.upper().startswith(("PIP_", "UV_", "NPM_CONFIG_")):
                        return f"{name} names {path}, a folder of the project the install reads"
                elif inside not in files.files:
                    files.files.append(inside)
        return None

    @staticmethod
    def mounted(scene: Scene) -> str | None:
        for flag in scene.run.flags:
            if flag.name != "mount" or not flag.value:
                continue
            options = dict(part.split("=", 1) for part in flag.value.split(",") if "=" in part)
            where = options.get("target") or options.get("dst") or options.get("destination")
            if where and scene.inside(where, scene.run_workdir) is not None:
                return f"the install mounts {where} inside the copied folder, over what the whole copy would put there"
        return None

    @staticmethod
    def linked(context, files: DependencyFiles) -> str | None:
        if context.listing is not None:
            return None
        for name in [*files.files, *files.folders]:
            if (context.root / name).is_symlink():
                return f"{name} is a symbolic link: a COPY that names it copies its target, the whole copy the link"
        return None

    def overlaid(self, context, scene: Scene, files: DependencyFiles, split: int | None) -> str | None:
        """Why the whole copy, now after the install, may lay the context's files over what the
        install wrote; None when the .dockerignore keeps every such path out of the context."""
        outputs = list(files.outputs)
        moved = scene.commands[: scene.install.index + 1 if split is None else split]
        if scene.install.ecosystem == "ruby" and any(
                c.words[:2] == ["bundle", "config"] and "--global" not in c.words for c in moved):
            outputs.append(posixpath.join(scene.folder, ".bundle"))
        for name, value in scene.env.items():
            paths = _PATHS_IN_VALUE.findall(value) if name.upper() in _WRITE_VARIABLES else []
            if name == "PATH" and scene.install.ecosystem in _PYTHON_INSTALLS:  # the interpreter's environment
                paths = [posixpath.dirname(p) for p in _PATHS_IN_VALUE.findall(value) if p.endswith("/bin")]
            for path in paths:
                inside = scene.inside(path, scene.run_workdir)
                if inside is not None:
                    if inside == "":
                        return f"{name} points at the copied folder itself, where the install then writes"
                    outputs.append(inside)
        home = scene.env.get("HOME") or _home_of(scene.user)
        if home and (scene.target == "/" or (home + "/").startswith(scene.target.rstrip("/") + "/")):
            return (f"the whole copy lands in {scene.target}, around the home folder {home} where the install "
                    "keeps caches and settings, and the context's copies would be laid over them")
        for path in dict.fromkeys(outputs):
            if not _kept_out(context, path):
                sent = "the context holds" if context.sent(path) else "no .dockerignore line keeps out"
                return (f"{sent} {path}, which the install writes: the whole copy would lay it over the "
                        f"install's ({_keep_out_hint(context)})")
        return None

    def split_point(self, scene: Scene, berry: bool) -> int | None | str:
        """Index of the first command that must run after the whole copy (None: the whole RUN
        moves above it), or the reason the RUN cannot be split."""
        install, commands, chain = scene.install, scene.commands, scene.chain
        if install.kind == "build":
            return None
        if install.index > 0 and not chain:
            return "the RUN is not a plain `&&` chain, so what runs before the install cannot be checked"
        for command in commands[: install.index]:
            text = command.line
            if _PROJECT_SETTING.match(text):
                return f"`{text}` writes a settings file of the project, which the whole copy would put back"
            if not (_SETUP.match(text) or _STATE.match(text) or _TOOL_INSTALL.match(text)):
                return f"`{text}` runs in the same RUN before the install and may read the copied files"
        rest = install.index + 1
        while rest < len(commands) and self.cleans_outside(scene, commands[rest], berry):
            rest += 1
        if rest == len(commands):
            return None
        if not chain:
            return "the RUN does more than the install and is not a plain `&&` chain that can be split"
        state = [c for c in commands[:rest] if _STATE.match(c.line)]
        if state:
            return f"`{state[0].line}` changes the shell state the rest of the RUN relies on"
        return rest

    @staticmethod
    def cleans_outside(scene: Scene, command: Step, berry: bool) -> bool:
        """A cleanup that touches nothing the whole copy brings (a global cache, /tmp): it may stay
        in the install's RUN, above the copy."""
        if _CLEANUP.match(command.line):
            return not (berry and command.words[:3] == ["yarn", "cache", "clean"])  # Yarn 2+: the project's cache
        return _removes_outside(command, scene.target)

    def build_fix(self, df: Dockerfile, scene: Scene, files: DependencyFiles, split: int | None,
                  unsafe: str | None) -> Fix:
        copy_ins, run, install, dest = scene.context_copy, scene.run, scene.install, scene.dest
        keyword = "copy" if copy_ins.keyword.islower() else "COPY"
        flags = [f.text for f in copy_ins.flags if f.name in ("chown", "chmod", "link")]
        nl = df.line_ending
        lines = []
        by_folder: dict[str, list[str]] = {}
        already = self.already_copied(scene, files.files)
        for name in files.files:  # COPY puts every source of one line in one folder: one line a folder
            if name not in already:  # the whole copy puts context path `name` at dest/name
                by_folder.setdefault(posixpath.dirname(name), []).append(name)
        for sub, names in by_folder.items():
            lines.append(format_copy(keyword, flags, names, posixpath.join(dest, sub).rstrip("/") + "/"))
        for sub in files.folders:
            lines.append(format_copy(keyword, flags, [sub], posixpath.join(dest, sub) + "/"))
        manifests = "".join(line + nl for line in lines)
        whole_text = copy_ins.text if copy_ins.text.endswith(("\n", "\r")) else copy_ins.text + nl
        edits: list[Edit]
        if install.kind == "build":  # Go: download the modules in a layer of their own
            download = "RUN go mod download" if run.keyword.isupper() else "run go mod download"
            if scene.install_dir != scene.copy_workdir:
                download = download.replace("go mod", f"cd {scene.install_dir} && go mod")
            edits = [Edit(copy_ins.start, copy_ins.start, manifests + download + nl)]
            return Fix(tuple(edits), Applicability.UNSAFE,
                       f"copied {', '.join(files.files)} and ran `go mod download` before the whole copy")
        edits = [Edit(copy_ins.start, copy_ins.end, manifests)]
        after = whole_text
        if install.ecosystem == "composer":
            edits += self.composer_flags(run, install)
            autoload = self.composer_autoload(scene)
            after += autoload + nl if autoload else ""
        if split is None:
            if run.text.endswith(("\n", "\r")):
                edits.append(Edit(run.end, run.end, after))
            else:
                edits.append(Edit(run.end, run.end, nl + after.rstrip("\r\n")))
        else:
            commands = scene.commands
            cut = run.arguments.source_offset(commands[split - 1].end)
            resume = run.arguments.source_offset(commands[split].start)
            run_flags = "".join(f.text + " " for f in run.flags)
            edits.append(Edit(cut, resume, nl + after + f"{run.keyword} {run_flags}"))
        what = ", ".join([f for f in files.files if f not in already] + files.folders)
        done = (f"copied {what} before the install" if what else
                f"moved the install above the whole copy (line {copy_ins.start_line}): the manifests are already copied")
        if unsafe:
            return Fix(tuple(edits), Applicability.UNSAFE, f"{done}; unsafe: {unsafe}")
        return Fix(tuple(edits), Applicability.SAFE, f"{done}; the whole copy follows it")

    @staticmethod
    def already_copied(scene: Scene, names: list[str]) -> set[str]:
        """The manifests an earlier COPY of the stage already puts where the install reads them,
        with the whole copy's --chown and --chmod (the last COPY that lands on the path decides)."""
        flags = tuple(sorted(f.text for f in scene.context_copy.flags if f.name in ("chown", "chmod")))
        found = set()
        for name in names:
            landing = resolve(scene.target, name)
            for sources, where, copy_flags in reversed(scene.copies):
                if where.endswith("/"):
                    if posixpath.dirname(landing) != (where.rstrip("/") or "/") or not any(
                            fnmatch.fnmatchcase(posixpath.basename(name), posixpath.basename(s)) for s in sources):
                        continue
                    same = any(fnmatch.fnmatchcase(name, posixpath.normpath(s)) and
                               posixpath.normpath(s).count("/") == name.count("/") for s in sources)
                elif where != landing:
                    continue
                else:
                    same = len(sources) == 1 and posixpath.normpath(sources[0]) == name
                if same and tuple(f for f in copy_flags if not f.startswith("--link")) == flags:
                    found.add(name)
                break
        return found

    @staticmethod
    def composer_flags(run: Instruction, install: Install) -> list[Edit]:
        """The install before the copy runs without scripts and autoloader (they need the sources)."""
        missing = [f for f in ("--no-scripts", "--no-autoloader") if f not in install.words]
        position = run.arguments.source_offset(run.args.find("install") + len("install"))
        return [Edit(position, position, "".join(" " + f for f in missing))] if missing else []

    @staticmethod
    def composer_autoload(scene: Scene) -> str | None:
        """The autoloader, written after the whole copy with the install's options; None when the
        install wrote none (--no-autoloader)."""
        words = scene.install.words
        if "--no-autoloader" in words:
            return None
        same = {"-o": "--optimize", "--optimize-autoloader": "--optimize", "-a": "--classmap-authoritative",
                "--classmap-authoritative": "--classmap-authoritative", "--apcu-autoloader": "--apcu",
                "--no-dev": "--no-dev", "-n": "--no-interaction", "--no-interaction": "--no-interaction",
                "--no-scripts": "--no-scripts", "--no-plugins": "--no-plugins", "-q": "--quiet",
                "--quiet": "--quiet", "--no-ansi": "--no-ansi", "--ansi": "--ansi",
                "--ignore-platform-reqs": "--ignore-platform-reqs"}
        keep = [same.get(w) or (w if w.startswith(("--ignore-platform-req=", "--apcu-autoloader-prefix=")) else None)
                for w in words]
        keep = [k.replace("--apcu-autoloader-prefix", "--apcu-prefix") for k in dict.fromkeys(keep) if k]
        keyword = "RUN" if scene.run.keyword.isupper() else "run"
        cd = f"cd {scene.install_dir} && " if scene.install_dir != scene.run_workdir else ""
        return f"{keyword} {cd}" + " ".join(["composer dump-autoload", *keep])


def _expand(text: str, values: dict[str, str]) -> str:
    """`$NAME` and `${NAME}` replaced where the stage set NAME by ENV to a plain value."""
    return re.sub(r"\$(\w+)|\$\{(\w+)\}", lambda m: values.get(m.group(1) or m.group(2), m.group(0)), text)


def _home_of(user: str | None) -> str | None:
    """The home folder of USER as the base images set it (root, or /home/<name>); None when unknown."""
    name = (user or "root").split(":")[0]
    if name in ("root", "0"):
        return "/root"
    return None if name.isdigit() or "$" in name else f"/home/{name}"


def _keep_out_hint(context) -> str:
    if context.ignore_path is None:
        return "keep it out in .dockerignore: `dfopt rewrite --fix-dockerignore` writes one that does"
    if context.ignore_path == context.root / ".dockerignore":
        return "keep it out in .dockerignore: `dfopt ignore --write` adds the missing lines"
    return f"keep it out in {context.ignore_path.name}"


def _kept_out(context, path: str) -> bool:
    """True when the .dockerignore keeps `path` and everything under it out of the context, so no
    copy of it can reach the whole copy (a `!` line that may re-include part of it counts against)."""
    if not context.ignored(path):
        return False
    base = posixpath.basename(path.rstrip("/"))
    return not any(line.exclusion and (base in line.pattern or line.pattern[:1] in "*?[")
                   for line in context.ignore.lines)

