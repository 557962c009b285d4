"""Plan the split of a single-stage Node build into deps, build and runtime stages.

Each instruction of the original stage is placed: replaced by the template (dependency installs,
the build, copies of the sources), carried verbatim into the build or runtime stage (ARG, ENV,
LABEL, EXPOSE, HEALTHCHECK, USER, CMD, ENTRYPOINT, copies from outside the sources), or turned
into the template's equivalent (system packages, `npm start`). An instruction that fits none of
these blocks the split, and the reason names it: a wrong guess here would ship a broken image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from dfopt.context.projects import NodePackage
from dfopt.errors import DfoptError
from dfopt.project import is_node_image
from dfopt.project import node as nodeproject
from dfopt.scaffold.dockerfile import DEBIAN_NUMBER, Carry, render_dockerfile
from dfopt.scaffold.node import DISTROLESS_USER, NODE_USER, Images, node_context, stage_summary
from dfopt.scaffold.split import (SIMPLE_WORD, Blocked, Placement, check_copy, check_healthcheck, command_segments,
                                  exec_words, first_port, package_run, place_instructions, sort_packages,
                                  stage_workdir)
from dfopt.syntax import Dockerfile, Instruction

_TAG = re.compile(r"(?P<version>[A-Za-z0-9_.]+?)(?:-(?P<distro>bookworm|bullseye|buster|trixie|alpine[0-9.]*))?"
                  r"(?P<slim>-slim)?\Z")
_PM_WORDS = {"npm", "yarn", "pnpm"}


@dataclass
class SplitPlan:
    text: str                     # the new file from the first instruction on
    runtime_image: str
    command: tuple[str, ...]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Seen:
    install_pm: str | None = None
    build_cmds: list[str] = field(default_factory=list)
    build_pkgs: list[str] = field(default_factory=list)
    runtime_pkgs: list[str] = field(default_factory=list)
    alpine: bool = False


def is_candidate(df: Dockerfile) -> Instruction | None:
    """The FROM of a single-stage file on a node image that installs dependencies and builds."""
    if len(df.stages) != 1 or not is_node_image(df.stages[0].image):
        return None
    seen = _Seen()
    for ins in df.stages[0].instructions:
        if ins.cmd == "RUN" and ins.form == "shell" and not ins.heredocs:
            for words in command_segments(ins.args) or []:
                try:
                    _classify(words, seen, strict=False)
                except Blocked:
                    pass        # plan_split reports it; here only the shape of the build matters
    return df.stages[0].from_ if seen.install_pm and seen.build_cmds else None


def runtime_image_for(image: str, runtime: str = "same") -> Images:
    """Keep the original as the build image; the runtime is its slim variant (same Node, same libc)."""
    if "$" in image:
        raise Blocked("the base image uses a variable; dfopt cannot tell its runtime variant")
    if "@" in image:
        raise Blocked("the base image is pinned by digest; the slim variant's digest is unknown")
    name, _, tag = image.partition(":")
    m = _TAG.match(tag or "latest")
    if not m:
        raise Blocked(f"unrecognised node image tag {tag!r}")
    version, distro, slim = m.group("version"), m.group("distro") or "", bool(m.group("slim"))
    alpine = distro.startswith("alpine")
    if runtime == "alpine" and not alpine:
        raise Blocked("--runtime alpine needs an Alpine build image: native modules built on Debian "
                      "(glibc) do not load on Alpine (musl)")
    if runtime == "slim" and alpine:
        raise Blocked("--runtime slim needs a Debian build image: native modules built on Alpine (musl) "
                      "do not load on Debian (glibc)")
    if runtime not in ("same", "slim", "alpine", "distroless"):
        raise Blocked(f"unknown runtime {runtime!r}: expected same, slim, alpine or distroless")
    if runtime == "distroless":
        if alpine or not version.split(".")[0].isdigit():
            raise Blocked("distroless needs a Debian node image with a numeric version")
        release = DEBIAN_NUMBER.get(distro or "bookworm")
        try:
            return Images(image, nodeproject.distroless_image(version.split(".")[0], release), distroless=True)
        except DfoptError as err:
            raise Blocked(err.message) from None
    if alpine or slim:
        return Images(image, image)
    return Images(image, f"{name}:{version}{'-' + distro if distro else ''}-slim")


def _classify(words: list[str], seen: _Seen, strict: bool = True) -> bool:
    """Record what a command does; False when it is none of the things the split understands."""
    cmd, args = words[0], words[1:]
    plain = [a for a in args if not a.startswith("-")]
    if cmd in _PM_WORDS:
        if (cmd == "npm" and plain[:1] in (["ci"], ["install"], ["i"]) and len(plain) == 1) or \
           (cmd == "yarn" and plain in ([], ["install"])) or (cmd == "pnpm" and plain in (["install"], ["i"])):
            if "-g" in args or "--global" in args:
                return False
            seen.install_pm = cmd
            return True
        script = plain[1:2] if plain[:1] == ["run"] else plain[:1]
        if script and script[0].startswith("build") and (cmd != "npm" or plain[:1] == ["run"]):
            seen.build_cmds.append(" ".join(words))
            return True
        if plain[:1] in (["prune"], ["dedupe"]) or plain[:2] in (["cache", "clean"], ["store", "prune"]):
            return True      # the cache mounts and the deps stage make these moot
        if cmd == "npm" and plain[:1] in (["install"], ["i"]) and ("-g" in args or "--global" in args) and \
                all(re.match(r"(pnpm|yarn|corepack|npm|@yarnpkg/cli-dist)(@|$)", p) for p in plain[1:]):
            return True      # the template installs the package manager itself
        return False
    if cmd == "npx" and plain and plain[0] in ("tsc", "nest", "next", "vite", "tsup", "esbuild", "webpack"):
        seen.build_cmds.append(" ".join(words))
        return True
    if cmd in ("tsc", "nest", "next", "vite", "tsup") and (cmd == "tsc" or plain[:1] == ["build"]):
        seen.build_cmds.append(" ".join(words))
        return True
    if cmd == "corepack":
        return True
    if cmd == "apt-get":
        if plain[:1] == ["install"]:
            sort_packages(plain[1:], seen.build_pkgs, seen.runtime_pkgs)
        return plain[:1] in (["update"], ["install"], ["clean"], ["autoremove"]) or not strict
    if cmd == "apk" and plain[:1] == ["add"]:
        seen.alpine = True
        sort_packages(plain[1:], seen.build_pkgs, seen.runtime_pkgs)
        return True
    if cmd == "rm" and all(a.startswith("/var/lib/apt/lists") or a.startswith("/var/cache/apk") or
                           a.startswith("/tmp/") or a.startswith("-") for a in args):
        return True
    return False


def _place_instructions(df: Dockerfile, seen: _Seen, root: Path) -> Placement:
    def place_copy(ins: Instruction, text: str, out: Placement) -> bool:
        from_ = ins.flag("from")
        if from_ is not None and "/" not in (from_.value or ""):
            return False  # from a stage: the split has one stage to take it from
        dest = ins.args.split()[-1] if ins.args.split() else ""
        outside = dest.startswith("/") and not any(
            dest == w or dest.startswith(w.rstrip("/") + "/") for w in out.workdirs)
        if from_ is not None or (outside and all((root / nodeproject.relative(src)).is_file()
                                                 for src in ins.args.split()[:-1])):
            out.runtime_setup.append(text)   # from another image, or files outside the app: runtime
        elif outside:
            raise Blocked(f"COPY on line {ins.start_line} puts {' '.join(ins.args.split()[:-1])} at {dest}, "
                          "outside the WORKDIR", ins)
        else:
            out.copies.append(ins)
        return True

    return place_instructions(df, built=lambda: bool(seen.build_cmds), classify=lambda words: _classify(words, seen),
                              place_copy=place_copy, stages="deps, build or runtime",
                              runtime_packages=lambda: len(seen.runtime_pkgs))


def plan_split(df: Dockerfile, context_dir: Path, runtime: str = "same") -> SplitPlan:
    if df.escape != "\\":
        raise Blocked("the file uses a non-default escape character")
    image = df.stages[0].image
    imgs = runtime_image_for(image, runtime)
    seen = _Seen(alpine="alpine" in image.split(":")[-1])
    placed = _place_instructions(df, seen, context_dir)
    if not (seen.install_pm and seen.build_cmds):
        raise Blocked("no dependency install followed by a build")
    workdir = stage_workdir(placed.workdirs)
    project = _project(df, context_dir, seen, placed)
    for copy in placed.copies:
        check_copy(copy, context_dir, workdir)
    command, raw_cmd = _command(placed.cmd, project)
    notes = _context_notes(context_dir)
    user = placed.users[-1] if placed.users else None
    if user is not None and not re.fullmatch(r"[A-Za-z0-9_.:-]+", user):
        raise Blocked(f"USER {user!r} uses variables or unusual characters")
    if user is None:
        notes.append(f"runs as user {DISTROLESS_USER if imgs.distroless else NODE_USER}; the original ran as root")
    entrypoint = placed.entrypoint
    if entrypoint is not None and entrypoint.form != "exec":
        raise Blocked("a shell-form ENTRYPOINT would ignore CMD; make it exec form first", entrypoint)
    runtime_files = _runtime_files(context_dir, project, [*(entrypoint.exec_args if entrypoint else ()), *command])
    if imgs.distroless and (raw_cmd or seen.runtime_pkgs or placed.runtime_setup):
        raise Blocked("distroless has no shell or package manager for the carried instructions")
    runtime_pkgs = list(seen.runtime_pkgs)
    if seen.runtime_pkgs:
        notes.append("system packages not known to be build tools stay in the runtime stage: "
                     + ", ".join(seen.runtime_pkgs))
        bases = {re.split(r"[=~]", p)[0] for p in runtime_pkgs}
        if not seen.alpine and bases & {"curl", "wget"} and "ca-certificates" not in bases:
            # --no-install-recommends would drop it, and HTTPS with it.
            runtime_pkgs.insert(0, "ca-certificates")
            notes.append("ca-certificates added beside curl/wget: without recommended packages HTTPS fails")
    check_healthcheck(placed.tail, seen.runtime_pkgs, imgs)

    project = replace(project, build_command=" && ".join(seen.build_cmds))
    carry = Carry(global_args=tuple(df.text[a.start:a.end] for a in df.global_args),
                  build_setup=(package_run(seen.build_pkgs, seen.alpine),) if seen.build_pkgs else (),
                  build_env=tuple(placed.build_env), runtime_setup=tuple(placed.runtime_setup),
                  runtime_env=tuple(placed.runtime_env), expose=tuple(placed.expose), runtime_tail=tuple(placed.tail),
                  user=user, entrypoint=tuple(entrypoint.exec_args) if entrypoint else None, command=command,
                  runtime_files=tuple(runtime_files), raw_cmd=raw_cmd, workdir=workdir, expose_default=False,
                  runtime_packages=tuple(runtime_pkgs), runtime_package_comments=tuple(placed.package_comments))
    context = node_context(project, "node-ts", imgs, carry=carry)
    context["header"] = ["Split into stages by dfopt (DF310).", stage_summary(context)]
    text = render_dockerfile("node-ts/Dockerfile.j2", context)
    return SplitPlan(text, imgs.runtime, tuple(command or ()), notes + list(project.notes))


def _context_notes(root: Path) -> list[str]:
    ignore = root / ".dockerignore"
    lines = ignore.read_text(errors="replace").splitlines() if ignore.is_file() else []
    if not any(line.strip().strip("/").removeprefix("**/") == "node_modules" for line in lines):
        return ["add node_modules to .dockerignore: the build stage copies the whole context"]
    return []


def _project(df, context_dir, seen, placed: Placement):
    if not (context_dir / "package.json").is_file():
        raise Blocked("the build context (package.json) is needed to know what the runtime needs; "
                      "run with the Dockerfile's folder as the context")
    if NodePackage.from_text((context_dir / "package.json").read_text(errors="replace")) is None:
        raise Blocked("package.json is not a JSON object")
    version = _TAG.match(df.stages[0].image.partition(":")[2] or "latest").group("version")
    words = exec_words(placed.cmd) if placed.cmd is not None else None
    entry = words[1] if words and len(words) >= 2 and words[0] == "node" and not words[1].startswith("-") else None
    try:
        return nodeproject.detect(context_dir, package_manager=seen.install_pm,
                                  base_version=version if version[0].isdigit() else None,
                                  entry=entry, base_port=first_port(placed.expose))
    except DfoptError as err:
        raise Blocked(err.message) from err


def _command(cmd: Instruction | None, project) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    if cmd is None:
        raise Blocked("no CMD: the split needs to know how the app starts")
    words = exec_words(cmd)
    script = [w for w in words[1:] if w != "run"] if words and words[0] in _PM_WORDS else None
    if script == ["start"]:
        return project.command, ()          # `npm start` -> node <entry>: signals reach the app
    if script and len(script) == 1:
        entry = nodeproject.entry_from_start(scripts_of(project).get(script[0]))
        if entry and SIMPLE_WORD.match(entry) and not entry.startswith("-"):
            return ("node", entry if entry.startswith("/") else nodeproject.relative(entry)), ()
    if words and cmd.form == "exec":
        return tuple(words), ()
    if words:
        return tuple(words), ()             # simple shell form -> exec form
    return None, (cmd.text.rstrip("\r\n"),)


def scripts_of(project) -> dict[str, str]:
    return nodeproject.package_scripts(nodeproject.read_json(project.root / "package.json", []))


def _runtime_files(root: Path, project, args) -> list[str]:
    """Files the command names outside the build output (the folders beside it come from detection)."""
    out = project.output_dir or ""
    files: list[str] = []
    for arg in args:
        if arg.startswith("-") or "/" not in arg and not re.search(r"\.(c|m)?js$|\.sh$", arg):
            continue
        rel = nodeproject.relative(arg)
        if not rel or arg.startswith("/") or rel.split("/")[0] == out or rel.startswith("node_modules/"):
            continue
        top = rel.split("/")[0]
        if (root / top).exists() and top not in files and top not in project.runtime_dirs:
            files.append(top)
    return files
