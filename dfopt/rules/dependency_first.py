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
Safe: the new COPY takes the files (present in the context and not excluded by .dockerignore)
that the install reads, with the same destination and `--chown`/`--chmod`/`--link` flags, and the
whole copy still follows, so the image holds the same files. Files in sub-folders (requirement
includes, workspace manifests) get one COPY line per folder so that each lands where the install
looks. The fix is refused, with the reason, when the install reads more than its manifests: npm
lifecycle scripts (also in workspaces), workspaces dfopt cannot list completely, `file:` or
`link:` dependencies, a native addon (binding.gyp), `pip install .` or `-e`, a requirements file
outside the context, poetry without `--no-root`, `uv sync` without `--no-install-project`, a
Gemfile `gemspec`, Composer install scripts, local `replace` in go.mod; and when an instruction
between the copy and the install could see the difference. For Go, where the build itself needs
the sources, the fix adds `COPY go.mod go.sum` and `RUN go mod download` before the whole copy;
it is unsafe because the module cache may then hold modules the build never fetched. Cargo,
Maven and Gradle are reported with an explanation and not fixed: their dependency steps need a
dummy project or a plugin whose result differs from the build's.

## References
- Docker docs: Optimize cache usage in builds (order your layers)
- BuildKit: the cache key of COPY is the checksum of the copied files
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from dfopt.context.projects import DependencyFiles, dependency_files
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.runfix import run_of
from dfopt.shell.script import Statement, Word, parse_script
from dfopt.syntax import Dockerfile, Instruction

WHOLE_CONTEXT = {".", "./", "*", "./*"}
# Instructions that may stand between the whole copy and the install without noticing the move.
_TRANSPARENT = {"ENV", "ARG", "LABEL", "EXPOSE", "USER", "STOPSIGNAL", "HEALTHCHECK", "CMD", "ENTRYPOINT",
                "SHELL", "MAINTAINER", "ONBUILD"}
# Commands that may share a RUN with the install, before it, without reading the project.
_SETUP = re.compile(r"^(apt-get|apt|apk|yum|dnf|microdnf|corepack|mkdir|true|echo|set|gem|go env|npm config|"
                    r"yarn config|pnpm config|bundle config|composer config|npm (install|i) (-g|--global))\b")
# Installing tools by name (`pip install poetry`) reads nothing from the project.
_TOOL_INSTALL = re.compile(r"^(pip[\d.]*|python[\d.]* -m pip) install( -[-\w=]+)*( [A-Za-z][\w.\-\[\],<>=~!]*)+$")
_CLEANUP = re.compile(r"^(npm cache clean|yarn cache clean|pnpm store prune|pip cache purge|rm -rf?|"
                      r"bundle clean|composer clear-cache)\b")
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


@dataclass
class Install:
    ecosystem: str
    index: int  # which command of the RUN
    words: list[str]  # the install's words, tool first
    kind: str = "install"  # "build" for `go build` and friends: the step itself needs sources


def run_commands(df: Dockerfile, ins: Instruction) -> tuple[list[Step], bool] | None:
    """The statements of a RUN, and whether they form one plain `a && b && c` chain.

    None when the body is not plain shell we can read (heredocs, a syntax error)."""
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


def _installs_tools_only(df: Dockerfile, ins: Instruction) -> bool:
    parsed = run_commands(df, ins)
    if parsed is None or not parsed[1] or ins.flags:
        return False
    return all(_TOOLS_ONLY.match(" ".join(c.words)) or _TOOL_INSTALL.match(" ".join(c.words))
               for c in parsed[0])


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
    if tool in ("pnpm", "bun") and plain in (["install"], ["i"]) and not _has(args, "-g", "--global", "-C", "--dir"):
        return tool, "install", words
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
    if tool == "cargo" and sub in ("build", "install", "fetch", "test"):
        return "cargo", "build", words
    if tool in ("mvn", "mvnw") and plain:
        return "maven", "build", words
    if tool in ("gradle", "gradlew") and plain:
        return "gradle", "build", words
    return None


def _has(args: list[str], *options: str) -> bool:
    return any(a in options or a.startswith(tuple(o + "=" for o in options if o.startswith("--"))) for a in args)


def find_install(df: Dockerfile, ins: Instruction) -> tuple[Install, list[Step], bool] | None:
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
        whole: tuple[Instruction, str, str, int] | None = None  # instruction, dest, workdir, index
        installed: set[str] = set()  # ecosystems already installed before the whole copy
        for index, ins in enumerate(instructions):
            if ins.cmd == "WORKDIR":
                workdir = resolve(workdir, ins.args.strip().strip("\"'"))
                continue
            copied = copy_sources(ins)
            if copied and any(s in WHOLE_CONTEXT for s in copied[0]):
                whole = (ins, copied[1], workdir, index)
                continue
            if ins.cmd != "RUN":
                continue
            found = find_install(df, ins)
            if found is None:
                continue
            install, commands, chain = found
            if whole is None:
                installed.add(install.ecosystem)
                continue
            if install.kind == "build" and install.ecosystem in installed:
                continue
            folder = self.install_folder(whole, workdir, commands[: install.index])
            if folder is None:
                return None
            return self.finding_for(ctx, df, instructions, whole, ins, install, commands, chain, folder)
        return None

    @staticmethod
    def install_folder(whole, workdir: str, before: list[Step]) -> str | None:
        """The install's folder relative to the copied context, or None when it is elsewhere."""
        for command in before:
            if command.words[:1] == ["cd"] and len(command.words) == 2:
                workdir = resolve(workdir, command.words[1])
        target = resolve(whole[2], whole[1])
        if workdir == target:
            return ""
        if workdir.startswith(target.rstrip("/") + "/"):
            return workdir[len(target.rstrip("/")) + 1:]
        return None

    def finding_for(self, ctx, df: Dockerfile, instructions, whole, run: Instruction, install: Install,
                    commands: list[Step], chain: bool, folder: str):
        copy_ins = whole[0]
        start, end = copy_ins.keyword_start, copy_ins.arguments.source_offset(len(copy_ins.args))
        tool = install.words[0]
        message = (f"`{copy_ins.keyword} {copy_ins.args}` copies the whole context before `{tool}` installs "
                   f"dependencies (line {run.start_line}): any source change reruns the install")

        def refuse(reason: str):
            return self.finding(start, end, message, no_fix_reason=reason)

        if install.ecosystem in REPORT_ONLY:
            return refuse(REPORT_ONLY[install.ecosystem])
        if ctx.build_context is None:
            return refuse("no build context was given: with one, dfopt copies the manifests and lock files "
                          "it finds there before the install, then the rest")
        files = dependency_files(ctx.build_context, install.ecosystem, folder, install.words[1:])
        if install.kind == "build" and not files.refusal and not any(f.endswith("go.sum") for f in files.files):
            return None  # a module without dependencies has nothing to download
        if install.ecosystem == "composer" and run.form == "exec":
            return refuse("the exec-form install cannot take --no-scripts --no-autoloader here")
        if files.refusal:
            return refuse(files.refusal)
        odd = [f.text for f in copy_ins.flags if f.name not in ("chown", "chmod", "link")]
        if odd:
            return refuse(f"the whole copy's {odd[0]} would have to apply to the manifests too")
        between = instructions[whole[3] + 1: instructions.index(run)]
        blocker = self.blocker(df, between, copy_ins, whole[1])
        if blocker:
            return refuse(blocker)
        split = self.split_point(install, commands, chain)
        if isinstance(split, str):
            return refuse(split)
        fix = self.build_fix(df, whole, run, install, files, folder, split)
        return self.finding(start, end, message, fix=fix)

    @staticmethod
    def blocker(df: Dockerfile, between, copy_ins: Instruction, dest: str) -> str | None:
        for ins in between:
            if ins.cmd == "WORKDIR" and not dest.startswith("/"):
                return f"WORKDIR on line {ins.start_line} changes where the relative destination {dest!r} points"
            if ins.cmd in ("ENV", "ARG") and "$" in copy_ins.text:
                return f"{ins.cmd} on line {ins.start_line} may change the variables the copy uses"
            if ins.cmd == "RUN" and _installs_tools_only(df, ins):
                continue
            if ins.cmd not in _TRANSPARENT and ins.cmd != "WORKDIR":
                return (f"{ins.cmd} on line {ins.start_line} runs between the copy and the install "
                        "and may depend on the copied files")
        return None

    @staticmethod
    def split_point(install: Install, commands: list[Step], chain: bool) -> int | None | str:
        """Index of the first command that must run after the whole copy (None: the whole RUN
        moves above it), or the reason the RUN cannot be split."""
        if install.kind == "build":
            return None
        if install.index > 0 and not chain:
            return "the RUN is not a plain `&&` chain, so what runs before the install cannot be checked"
        for command in commands[: install.index]:
            text = " ".join(command.words)
            if not (_SETUP.match(text) or _STATE.match(text) or _TOOL_INSTALL.match(text)):
                return f"`{text}` runs in the same RUN before the install and may read the copied files"
        rest = install.index + 1
        while rest < len(commands) and _CLEANUP.match(" ".join(commands[rest].words)):
            rest += 1
        if rest == len(commands):
            return None
        if not chain:
            return "the RUN does more than the install and is not a plain `&&` chain that can be split"
        state = [c for c in commands[:rest] if _STATE.match(" ".join(c.words))]
        if state:
            return f"`{' '.join(state[0].words)}` changes the shell state the rest of the RUN relies on"
        return rest

    def build_fix(self, df: Dockerfile, whole, run: Instruction, install: Install, files: DependencyFiles,
                  folder: str, split: int | None) -> Fix:
        copy_ins, dest = whole[0], whole[1]
        keyword = "copy" if copy_ins.keyword.islower() else "COPY"
        flags = [f.text for f in copy_ins.flags if f.name in ("chown", "chmod", "link")]
        target = posixpath.join(dest, folder) if folder else dest
        target = target if target.endswith("/") else target + "/"
        nl = df.line_ending
        lines = []
        by_folder: dict[str, list[str]] = {}
        for name in files.files:  # COPY puts every source of one line in one folder: one line a folder
            by_folder.setdefault(posixpath.dirname(name[len(folder):].lstrip("/")), []).append(name)
        for sub, names in by_folder.items():
            lines.append(format_copy(keyword, flags, names, posixpath.join(target, sub).rstrip("/") + "/"))
        for sub in files.folders:
            lines.append(format_copy(keyword, flags, [sub], posixpath.join(dest, sub) + "/"))
        manifests = nl.join(lines) + nl
        whole_text = copy_ins.text if copy_ins.text.endswith(("\n", "\r")) else copy_ins.text + nl
        edits: list[Edit]
        if install.kind == "build":  # Go: download the modules in a layer of their own
            download = "RUN go mod download" if run.keyword.isupper() else "run go mod download"
            if folder:
                download = download.replace("go mod", f"cd {folder} && go mod")
            edits = [Edit(copy_ins.start, copy_ins.start, manifests + download + nl)]
            return Fix(tuple(edits), Applicability.UNSAFE,
                       f"copied {', '.join(files.files)} and ran `go mod download` before the whole copy")
        edits = [Edit(copy_ins.start, copy_ins.end, manifests)]
        after = whole_text
        if install.ecosystem == "composer":
            edits += self.composer_flags(run, install)
            after += self.composer_autoload(install) + nl
        if split is None:
            if run.text.endswith(("\n", "\r")):
                edits.append(Edit(run.end, run.end, after))
            else:
                edits.append(Edit(run.end, run.end, nl + after.rstrip("\r\n")))
        else:
            commands = run_commands(df, run)[0]
            cut = run.arguments.source_offset(commands[split - 1].end)
            resume = run.arguments.source_offset(commands[split].start)
            run_flags = "".join(f.text + " " for f in run.flags)
            edits.append(Edit(cut, resume, nl + after + f"{run.keyword} {run_flags}"))
        what = ", ".join(files.files + files.folders)
        return Fix(tuple(edits), Applicability.SAFE, f"copied {what} before the install; the whole copy follows it")

    @staticmethod
    def composer_flags(run: Instruction, install: Install) -> list[Edit]:
        """The install before the copy runs without scripts and autoloader (they need the sources)."""
        missing = [f for f in ("--no-scripts", "--no-autoloader") if f not in install.words]
        position = run.arguments.source_offset(run.args.find("install") + len("install"))
        return [Edit(position, position, "".join(" " + f for f in missing))] if missing else []

    @staticmethod
    def composer_autoload(install: Install) -> str:
        """The autoloader, written after the whole copy with the install's autoloader options."""
        same = {"-o": "--optimize", "--optimize-autoloader": "--optimize", "-a": "--classmap-authoritative",
                "--classmap-authoritative": "--classmap-authoritative", "--apcu-autoloader": "--apcu",
                "--no-dev": "--no-dev"}
        keep = list(dict.fromkeys(same[w] for w in install.words if w in same))
        return "RUN " + " ".join(["composer dump-autoload", *keep])


ALL = (DependencyFirstCopy,)
