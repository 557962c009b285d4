"""Plan the split of a single-stage Python or Go Dockerfile into build and runtime stages.

The same discipline as the Node split: every instruction of the original stage is placed (the
dependency install and the build replaced by the template's, ARG/ENV/LABEL/EXPOSE/HEALTHCHECK
carried verbatim, system packages sorted into build tools and run-time libraries) or the split
is refused with the reason. The new file renders from templates/python or templates/go, so a
split looks like what `dfopt new` writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from dfopt.errors import DfoptError
from dfopt.findings import Applicability, Edit, Fix
from dfopt.scaffold import split as common
from dfopt.scaffold.dockerfile import DEBIAN_NUMBER
from dfopt.scaffold.split import Blocked, Placement
from dfopt.syntax import Dockerfile, Instruction

_PY_TAG = re.compile(r"(?P<version>\d+\.\d+(?:\.\d+)?)(?P<slim>-slim)?(?:-(?P<distro>bookworm|bullseye|trixie))?\Z")
_GO_TAG = re.compile(r"(?P<version>\d+\.\d+(?:\.\d+)?)(?:-(?P<distro>bookworm|bullseye|trixie|alpine[0-9.]*))?\Z")
_TOOLS = re.compile(r"(pip|setuptools|wheel|uv|poetry|pipenv|poetry-plugin-export)([=<>~!].*)?\Z")
_RUNNERS = {("uv", "run"), ("poetry", "run"), ("pipenv", "run")}


@dataclass
class Plan:
    text: str
    runtime_image: str
    notes: list[str] = field(default_factory=list)


@dataclass
class _Seen:
    manager: str | None = None
    requirements: str | None = None
    go_builds: list[list[str]] = field(default_factory=list)
    cgo: bool | None = None
    build_pkgs: list[str] = field(default_factory=list)
    runtime_pkgs: list[str] = field(default_factory=list)


def language(df: Dockerfile) -> str | None:
    """python or go when the single stage is on that official image and installs or builds."""
    from dfopt.project import is_official_image

    if len(df.stages) != 1:
        return None
    image = df.stages[0].image
    lang = "python" if is_official_image(image, "python") else "go" if is_official_image(image, "golang") else None
    if lang is None:
        return None
    seen = _Seen()
    for ins in df.stages[0].instructions:
        if ins.cmd == "RUN" and ins.form == "shell" and not ins.heredocs:
            for words in common.command_segments(ins.args) or []:
                try:
                    _classify(lang, words, seen)
                except Blocked:
                    pass
    return lang if (seen.manager if lang == "python" else seen.go_builds) else None


def _classify(lang: str, words: list[str], seen: _Seen) -> bool:
    """Record what a command does; False when it has no place in the split."""
    env = []
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
        env.append(words.pop(0))
    if not words:
        return False
    cmd, args = words[0], words[1:]
    plain = [a for a in args if not a.startswith("-")]
    if cmd == "apt-get":
        if plain[:1] == ["install"]:
            common.sort_packages(plain[1:], seen.build_pkgs, seen.runtime_pkgs, also_build=frozenset({"golang"}))
        return plain[:1] in (["update"], ["install"], ["clean"], ["autoremove"]) and not env
    if cmd == "rm" and all(a.startswith(("/var/lib/apt/lists", "/tmp/", "/root/.cache", "-")) for a in args):
        return True
    if lang == "python":
        return _classify_python(cmd, args, plain, seen) and not env
    return _classify_go(cmd, args, plain, env, seen)


def _classify_python(cmd: str, args: list[str], plain: list[str], seen: _Seen) -> bool:
    if cmd in ("python", "python3") and args[:2] == ["-m", "pip"]:
        cmd, args = "pip", args[2:]
        plain = [a for a in args if not a.startswith("-")]
    if cmd in ("pip", "pip3") and plain[:1] == ["install"]:
        opts = [a for a in args if a.startswith("-")]
        if "-r" in args or "--requirement" in args:
            flag = "-r" if "-r" in args else "--requirement"
            seen.manager, seen.requirements = "pip", args[args.index(flag) + 1]
            rest = [a for a in plain[1:] if a != seen.requirements]
            return not rest and set(opts) <= {"-r", "--requirement", "--no-cache-dir", "--upgrade", "-U"}
        return all(_TOOLS.match(p) for p in plain[1:]) and set(opts) <= {"--no-cache-dir", "--upgrade", "-U"}
    if cmd == "uv" and plain[:1] == ["sync"]:
        seen.manager = "uv"
        return True
    if cmd == "poetry" and plain[:1] == ["install"]:
        seen.manager = "poetry"
        return True
    if cmd == "poetry" and plain[:1] == ["config"]:
        return True
    if cmd == "pipenv" and plain[:1] in (["install"], ["sync"]):
        seen.manager = "pipenv"
        return True
    return False


def _classify_go(cmd: str, args: list[str], plain: list[str], env: list[str], seen: _Seen) -> bool:
    if cmd != "go":
        return False
    if plain[:1] == ["build"]:
        seen.go_builds.append(args)
    elif plain[:2] not in (["mod", "download"], ["mod", "verify"]):
        return False
    for assignment in env:
        name, _, value = assignment.partition("=")
        if name == "CGO_ENABLED" and value in ("0", "1"):
            seen.cgo = value == "1"
        elif not (name == "GOOS" and value == "linux"):
            raise Blocked(f"{assignment} changes what `go build` makes; dfopt builds for the image's platform")
    return True


def _go_build(args: list[str]) -> tuple[str, str]:
    """(output path, package) of `go build`; flags the template does not reproduce block the split."""
    out, packages, i = None, [], 1
    while i < len(args):
        a = args[i]
        if a == "-o" and i + 1 < len(args):
            out, i = args[i + 1], i + 2
            continue
        if a.startswith("-o="):
            out = a[3:]
        elif a.startswith("-ldflags"):
            value = a.split("=", 1)[1] if "=" in a else (args[i + 1] if i + 1 < len(args) else "")
            if "=" not in a:
                i += 1
            if set(value.split()) - {"-s", "-w"}:
                raise Blocked(f"go build -ldflags {value!r}: the template links with -s -w only")
        elif a in ("-v", "-trimpath", "-a", "-mod=vendor", "-mod=mod", "-mod=readonly"):
            pass
        elif a.startswith("-"):
            raise Blocked(f"go build flag {a} has no place in the template")
        else:
            packages.append(a)
        i += 1
    if len(packages) > 1:
        raise Blocked("go build of several packages at once; split one main package per image")
    package = packages[0] if packages else "."
    if out is None:
        raise Blocked("go build without -o: dfopt cannot tell where the binary went")
    return out, package


def _sorted(df: Dockerfile, lang: str, seen: _Seen) -> Placement:
    def place_copy(ins: Instruction, text: str, out: Placement) -> bool:
        if ins.flag("from") is not None or ins.flags:
            return False
        out.copies.append(ins)
        return True

    return common.place_instructions(
        df, built=lambda: bool(seen.manager or seen.go_builds), classify=lambda words: _classify(lang, words, seen),
        place_copy=place_copy, stages="build or runtime", runtime_packages=lambda: len(seen.runtime_pkgs))


def _command(ins: Instruction | None) -> tuple[str, ...]:
    if ins is None:
        raise Blocked("no CMD: the split needs to know how the app starts")
    words = common.exec_words(ins)
    if not words:
        raise Blocked("the CMD uses shell syntax; make it exec form first", ins)
    if tuple(words[:2]) in _RUNNERS:
        words = words[2:]          # the venv is on PATH: run the command itself, signals reach it
    return tuple(words)


def plan_split(df: Dockerfile, context_dir: Path, runtime: str = "same") -> Plan:
    if df.escape != "\\":
        raise Blocked("the file uses a non-default escape character")
    lang = language(df)
    if lang is None:
        raise Blocked("no dependency install or build found")
    seen = _Seen()
    found = _sorted(df, lang, seen)
    workdir = common.stage_workdir(found.workdirs)
    for copy in found.copies:
        common.check_copy(copy, context_dir, workdir)
    user = found.users[-1] if found.users else None
    if user is not None and not re.fullmatch(r"[A-Za-z0-9_.:-]+", user):
        raise Blocked(f"USER {user!r} uses variables or unusual characters")
    if found.entrypoint is not None:
        raise Blocked("an ENTRYPOINT: the split keeps CMD only; fold it into CMD first", found.entrypoint)
    command = _command(found.cmd)
    expose_port = common.first_port(found.expose)
    notes = [] if user else ["runs as a non-root user; the original ran as root"]
    if lang == "python":
        return _python(df, context_dir, seen, found, workdir, user, command, expose_port, runtime, notes)
    return _go(df, context_dir, seen, found, workdir, user, command, expose_port, runtime, notes)


def _image_tag(image: str, pattern: re.Pattern) -> re.Match:
    if "$" in image or "@" in image:
        raise Blocked("the base image uses a variable or a digest; dfopt cannot tell its runtime variant")
    tag = image.rpartition(":")[2] if ":" in image.split("/")[-1] else ""
    m = pattern.match(tag)
    if not m:
        raise Blocked(f"unrecognised image tag {tag or 'latest'!r}: name a version (python:3.12-slim, golang:1.22)")
    return m


def _python(df, root, seen, found, workdir, user, command, port, runtime, notes) -> Plan:
    from dfopt.project import python
    from dfopt.scaffold.dockerfile import Carry, render_dockerfile
    from dfopt.scaffold.python_go import BaseImages, python_context

    image = df.stages[0].image
    m = _image_tag(image, _PY_TAG)
    if runtime not in ("same", "slim"):
        raise Blocked(f"runtime {runtime!r} for Python: expected same or slim")
    try:
        project = python.detect(root, python_version=m.group("version"), package_manager=seen.manager,
                                port=port, entry=None)
    except DfoptError as err:
        raise Blocked(err.message) from None
    if seen.manager == "pip" and seen.requirements and python.requirement_files(root, seen.requirements)[0][0] != \
            project.requirements:
        raise Blocked(f"the RUN installs {seen.requirements}, dfopt's template installs {project.requirements}")
    slim = image if m.group("slim") else _slim(image, m)
    common.check_healthcheck(found.tail, seen.runtime_pkgs, BaseImages(image, slim))
    if slim != image:
        notes.append(f"runtime image {slim} (the slim variant): tools of the full image are gone")
    project = replace(project, build_packages=tuple(dict.fromkeys([*seen.build_pkgs, *project.build_packages])),
                      runtime_packages=tuple(dict.fromkeys([*seen.runtime_pkgs, *project.runtime_packages])))
    carry = Carry(global_args=tuple(df.text[a.start:a.end] for a in df.global_args),
                  build_env=tuple(found.build_env), runtime_env=tuple(found.runtime_env),
                  expose=tuple(found.expose), runtime_tail=tuple(found.tail), user=user, command=command,
                  workdir=workdir, expose_default=False)
    context = python_context(project, BaseImages(image, slim), carry=carry,
                             header=("Split into stages by dfopt (DF310).",
                                     "Stages: build (a virtual environment with the dependencies), runtime "
                                     "(the venv and the app)."))
    return Plan(render_dockerfile("python/Dockerfile.j2", context), slim, notes + list(project.notes))


def _slim(image: str, m: re.Match) -> str:
    name = image.rpartition(":")[0]
    return f"{name}:{m.group('version')}-slim" + (f"-{m.group('distro')}" if m.group("distro") else "")


def _go(df, root, seen, found, workdir, user, command, port, runtime, notes) -> Plan:
    from dfopt.project import go
    from dfopt.scaffold.dockerfile import Carry, render_dockerfile
    from dfopt.scaffold.python_go import BaseImages, go_context

    image = df.stages[0].image
    m = _image_tag(image, _GO_TAG)
    if len(seen.go_builds) != 1:
        raise Blocked("several go build commands; split one main package per image")
    out, package = _go_build(seen.go_builds[0])
    try:
        project = go.detect(root, go_version=m.group("version"), port=port, entry=package)
    except DfoptError as err:
        raise Blocked(err.message) from None
    if seen.cgo is False and project.cgo:
        raise Blocked(f"CGO_ENABLED=0 but the sources need cgo ({', '.join(project.cgo_reasons)})")
    cgo = project.cgo or bool(seen.cgo)
    binary = Path(out).name
    words = list(command)
    if not words or words[0] not in (out, binary, f"./{binary}"):
        raise Blocked(f"the CMD does not run the built binary {out}")
    project = replace(project, cgo=cgo, binary=binary)
    distro = m.group("distro") or "bookworm"
    if runtime == "same":
        runtime = "slim" if cgo else "scratch"
    if distro.startswith("alpine") and (cgo or runtime == "slim"):
        raise Blocked("a cgo binary built on Alpine (musl) does not run on Debian slim (glibc)")
    if runtime in ("scratch", "distroless") and (cgo or seen.runtime_pkgs):
        raise Blocked(f"{runtime} has no C library or package manager: the binary needs cgo or system packages")
    if runtime == "slim":
        runtime_image = f"debian:{distro}-slim"
    elif runtime == "distroless":
        from dfopt.scaffold.python_go import distroless_static

        try:
            runtime_image = distroless_static(DEBIAN_NUMBER.get(distro, "12"))
        except DfoptError as err:
            raise Blocked(err.message) from None
    elif runtime == "scratch":
        runtime_image = "scratch"
    else:
        raise Blocked(f"runtime {runtime!r} for Go: expected same, scratch, distroless or slim")
    carry = Carry(global_args=tuple(df.text[a.start:a.end] for a in df.global_args),
                  build_env=tuple(found.build_env), runtime_env=tuple(found.runtime_env),
                  expose=tuple(found.expose), runtime_tail=tuple(found.tail), user=user,
                  build_setup=(common.package_run(seen.build_pkgs, False),) if seen.build_pkgs else (),
                  command=(f"/usr/local/bin/{binary}", *words[1:]), workdir=workdir, expose_default=False)
    if runtime_image != "debian:" + distro + "-slim" and any(t.lstrip().upper().startswith("HEALTHCHECK")
                                                             for t in found.tail):
        raise Blocked(f"a HEALTHCHECK on {runtime_image} has no shell or tools to run")
    context = go_context(project, BaseImages(image, runtime_image), carry=carry,
                         runtime_packages=tuple(seen.runtime_pkgs),
                         header=("Split into stages by dfopt (DF310).",
                                 f"Stages: build (modules, then the binary), runtime ({runtime_image} with the "
                                 "binary only)."))
    return Plan(render_dockerfile("go/Dockerfile.j2", context), runtime_image, notes + list(project.notes))


MESSAGES = {
    "python": "single-stage Python build: the image ships the build tools, the installers and their caches",
    "go": "single-stage Go build: the image ships the Go toolchain and the sources beside a binary",
}
MANIFESTS = {"python": ("requirements.txt", "pyproject.toml", "Pipfile"), "go": ("go.mod",)}


def check_python_go(rule, ctx, context_dir_of):
    """DF310's findings for a file on the python or golang image; `context_dir_of(ctx, markers)`
    is the rule's way of finding the build context."""
    df = ctx.dockerfile
    lang = language(df)
    if lang is None:
        return
    from_ = df.stages[0].from_
    start, end = from_.keyword_start, from_.arguments.source_offset(len(from_.args))
    context_dir = context_dir_of(ctx, MANIFESTS[lang])
    try:
        if context_dir is None:
            raise Blocked(f"the build context ({' or '.join(MANIFESTS[lang])}) is needed; pass --context")
        runtime = (ctx.options.get(rule.code) or {}).get("runtime", "same")
        plan = plan_split(df, context_dir, runtime)
    except Blocked as blocked:
        yield rule.finding(start, end, MESSAGES[lang], no_fix_reason=str(blocked))
        return
    first = (df.global_args or df.instructions)[0].start
    note = f" ({'; '.join(plan.notes)})" if plan.notes else ""
    fix = Fix((Edit(first, len(df.text), plan.text),), Applicability.UNSAFE,
              f"split into build and runtime stages; runtime {plan.runtime_image}{note}")
    yield rule.finding(start, end, MESSAGES[lang], fix)
