"""Dockerfiles from templates: the context a template needs, rendering, and writing files safely.

`dfopt new` and the split-a-single-stage-build rule both come through `node_dockerfile`, so a
generated file and a split file follow the same layout and the same validation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dfopt import templates
from dfopt.context.ignoregen import generate_dockerignore
from dfopt.errors import DfoptError
from dfopt.project.node import DEBIAN_RELEASE, NodeProject, distroless_image

RUNTIMES = ("slim", "alpine", "distroless")
NODE_USER = "1000:1000"          # the node image's `node` user, by number (runAsNonRoot, DL3066)
DISTROLESS_USER = "65532:65532"  # distroless `nonroot`
DEBIAN_NUMBER = {"bullseye": "11", "bookworm": "12", "trixie": "13"}


@dataclass(frozen=True)
class Images:
    build: str
    runtime: str
    toolchain_apk: bool = False   # Alpine has no compilers: install them in the build stages
    distroless: bool = False


def images_for(project: NodeProject, runtime: str = "slim") -> Images:
    """Images for a new project: Debian slim by default, the full image to compile native modules."""
    if runtime not in RUNTIMES:
        raise DfoptError(f"--runtime {runtime!r}: expected one of {', '.join(RUNTIMES)}")
    v = project.node_version
    native = bool(project.native_modules)
    if runtime == "alpine":
        return Images(f"node:{v}-alpine", f"node:{v}-alpine", toolchain_apk=native)
    build = f"node:{v}-{DEBIAN_RELEASE}" if native else f"node:{v}-{DEBIAN_RELEASE}-slim"
    if runtime == "distroless":
        return Images(build, distroless_image(project.node_major, DEBIAN_NUMBER[DEBIAN_RELEASE]), distroless=True)
    return Images(build, f"node:{v}-{DEBIAN_RELEASE}-slim")


@dataclass(frozen=True)
class Carry:
    """Instructions from an existing Dockerfile, verbatim, and where they go (the split rule)."""
    global_args: tuple[str, ...] = ()
    build_setup: tuple[str, ...] = ()     # RUNs installing build tools, in the base stage
    build_env: tuple[str, ...] = ()       # ARG/ENV the install and build see
    runtime_setup: tuple[str, ...] = ()   # RUNs installing runtime packages
    runtime_env: tuple[str, ...] = ()     # ARG/ENV/LABEL for the runtime stage
    expose: tuple[str, ...] = ()
    runtime_tail: tuple[str, ...] = ()    # HEALTHCHECK, STOPSIGNAL, ...
    user: str | None = None
    entrypoint: tuple[str, ...] | None = None
    command: tuple[str, ...] | None = None
    runtime_files: tuple[str, ...] = ()   # more build-stage paths the app reads at run time
    raw_cmd: tuple[str, ...] = ()         # a CMD kept as written (shell form)
    runtime_packages: tuple[str, ...] = ()          # system packages the runtime needs
    runtime_package_comments: tuple[str, ...] = ()  # the comment lines above their RUN
    workdir: str = "/app"
    expose_default: bool = True           # EXPOSE the detected port when no EXPOSE is carried


class _Verbatim:
    """Carried instructions stand in the template as one-line placeholders, so that tidying the
    template's blank lines never touches their text (a heredoc body may hold blank lines)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, items: tuple[str, ...]) -> list[str]:
        out = []
        for text in items:
            out.append(f"\x00verbatim:{len(self.texts)}\x00")
            self.texts.append(text.rstrip("\r\n"))
        return out

    def restore(self, text: str) -> str:
        return re.sub(r"\x00verbatim:(\d+)\x00", lambda m: self.texts[int(m.group(1))], text)


def tidy(text: str) -> str:
    """One blank line before each FROM and after the header comments, none elsewhere."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        starts_stage = line.startswith("FROM ")
        after_header = out and out[-1].startswith("#") and not line.startswith("#") and all(
            o.startswith("#") for o in out)
        if out and (starts_stage or after_header) and out[-1] != "":
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def render_dockerfile(template: str, context: dict) -> str:
    verbatim: _Verbatim = context.pop("_verbatim")
    return verbatim.restore(tidy(templates.render(template, **context)))


def node_context(project: NodeProject, family: str, imgs: Images, *, syntax: bool = False,
                 header: tuple[str, ...] = (), carry: Carry = Carry()) -> dict:
    pm = project.package_manager
    if family == "node-ts" and not project.build_command:
        raise DfoptError("no build step found (no `build` script, no TypeScript): use `dfopt new node`",
                         path=str(project.root / "package.json"))
    command = carry.command or project.command
    if imgs.distroless and command[0] == "node":
        command = command[1:]          # the distroless image's entrypoint is node
    setup = [pm.setup()] if pm.setup() else []
    raw = _Verbatim()
    alpine = "alpine" in imgs.runtime.rpartition(":")[2]
    init, entrypoint = init_for(imgs, alpine, carry.entrypoint)
    packages = list(carry.runtime_packages)
    return {
        "_verbatim": raw,
        "syntax": syntax,
        "header": list(header),
        "global_args": raw(carry.global_args),
        "build_image": imgs.build,
        "runtime_image": imgs.runtime,
        "toolchain_apk": imgs.toolchain_apk,
        "setup": bool(setup or imgs.toolchain_apk or carry.build_setup),
        "raw_build_setup": raw(carry.build_setup),
        "pm_setup": setup[0] if setup else None,
        "raw_build_env": raw(carry.build_env),
        "manifests": list(project.manifests),
        "cache_mount": pm.cache_mount,
        "install_prod": pm.install(production=True),
        "install_all": pm.install(production=False),
        "prune_command": pm.prune(),
        "build_command": project.build_command,
        "output_dir": project.output_dir if project.output_dir != "." else None,
        "needs_deps": not project.next_standalone and (not project.build_command or
                                                       project.output_dir not in (None, ".")),
        "framework": project.framework,
        "next_standalone": project.next_standalone,
        "has_public_dir": project.has_public_dir,
        "runtime_files": list(dict.fromkeys([*project.runtime_dirs, *carry.runtime_files,
                                             *_framework_runtime_files(project)])),
        "raw_runtime_setup": raw(carry.runtime_setup),
        "raw_runtime_env": raw(carry.runtime_env),
        "user": carry.user or (DISTROLESS_USER if imgs.distroless else NODE_USER),
        "raw_expose": raw(carry.expose),
        "port": project.port if (carry.expose_default or project.framework == "next") else None,
        "workdir": carry.workdir,
        "raw_cmd": raw(carry.raw_cmd),
        "raw_runtime_tail": raw(carry.runtime_tail),
        "entrypoint": entrypoint,
        "init": init,
        # Debian's tini needs glibc; the distroless image gets the static build.
        "init_source": "/usr/bin/tini-static" if imgs.distroless else init,
        "init_image": imgs.build if imgs.distroless else imgs.runtime,
        "alpine": alpine,
        "runtime_packages": list(dict.fromkeys(packages)),
        "raw_runtime_package_comments": raw(carry.runtime_package_comments),
        "install_files": list(project.install_files),
        "dev_scripts": list(project.dev_scripts),
        "build_scripts": list(project.build_scripts),
        "command": list(command),
    }


INITS = ("tini", "tini-static", "dumb-init", "catatonit")


def init_for(imgs: Images, alpine: bool, entrypoint: tuple[str, ...] | None) -> tuple[str | None, list[str] | None]:
    """The init that runs as PID 1 (node there ignores SIGTERM unless the app handles it, so
    `docker stop` waits its full timeout) and the ENTRYPOINT that starts it. An entrypoint that
    already starts an init keeps it."""
    if entrypoint and entrypoint[0].rsplit("/", 1)[-1] in INITS:
        return None, list(entrypoint)
    init = "/sbin/tini" if alpine else "/usr/bin/tini"
    rest = list(entrypoint) if entrypoint else (["/nodejs/bin/node"] if imgs.distroless else [])
    return init, [init, "--", *rest]


def _framework_runtime_files(project: NodeProject) -> list[str]:
    """`next start` without standalone output reads its config and public/ at run time."""
    if project.framework != "next" or project.next_standalone:
        return []
    files = [f"next.config.{e}" for e in ("js", "mjs", "cjs", "ts") if (project.root / f"next.config.{e}").is_file()]
    return files + (["public"] if project.has_public_dir else [])


def stage_summary(context: dict) -> str:
    """One comment line naming the stages a rendered context has."""
    stages = (["deps (production dependencies)"] if context["needs_deps"] else []) + (
        ["build (all dependencies, compile)"] if context["build_command"] else []) + [
        ("runtime (the build output and production dependencies)" if context["output_dir"] or
         context["next_standalone"] else "runtime (the whole build folder, without devDependencies)")
        if context["build_command"] else "runtime (the sources and production dependencies)"]
    return "Stages: " + ", ".join(stages) + "."


def describe(project: NodeProject) -> str:
    pm = project.package_manager
    parts = [f"{pm.name}{' ' + pm.version if pm.version else ''} ({pm.lockfile or 'no lock file'})",
             f"Node {project.node_version} (from {project.node_version_source})"]
    if project.build_tool:
        lang = "TypeScript" if project.typescript else "JavaScript"
        parts.append(f"{lang} built with {project.build_tool}" +
                     (f" into {project.output_dir}/" if project.output_dir else ""))
    if project.native_modules:
        parts.append("native modules: " + ", ".join(project.native_modules))
    return ", ".join(parts)


def render_node(project: NodeProject, family: str, runtime: str = "slim", *, syntax: bool = False,
                planned: Sequence[str] = ()) -> dict[str, str]:
    """The files `dfopt new <family>` writes, by name: the Dockerfile from the templates and the
    .dockerignore from dfopt's generator (which keeps the lines of an existing one); `planned`
    names the other files about to be written, which the .dockerignore must know of."""
    imgs = images_for(project, runtime)
    context = node_context(project, family, imgs, syntax=syntax)
    context["header"] = [f"Generated by `dfopt new {family}`: {describe(project)}.", stage_summary(context)]
    dockerfile = render_dockerfile(f"{family}/Dockerfile.j2", context)
    # The shared generator keeps what this Dockerfile copies and merges an existing file's lines.
    ignore = generate_dockerignore(project.root, dockerfile_texts={"Dockerfile": dockerfile}, language=family,
                                   planned=planned)
    return {"Dockerfile": dockerfile, ".dockerignore": ignore}


def write_files(directory: Path, files: dict[str, str], *, force: bool = False) -> list[Path]:
    """Write all files or none: without `force`, any existing file stops everything."""
    targets = {name: Path(directory) / name for name in files}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        raise DfoptError(f"{', '.join(existing)} already exists; pass --force to overwrite", path=str(directory))
    for name, path in targets.items():
        path.write_text(files[name], encoding="utf-8", newline="\n")
    return list(targets.values())


FAMILIES = ("node-ts", "node")


@dataclass(frozen=True)
class Written:
    paths: list[Path]
    project: NodeProject
    next_command: str


def new_project(family: str, directory: Path, *, runtime: str = "slim", node_version: str | None = None,
                package_manager: str | None = None, port: int | None = None, entry: str | None = None,
                syntax: bool = False, services: Sequence[str] = (), redis_persistence: bool = False,
                force: bool = False) -> Written:
    """`dfopt new`: detect the project in `directory`, render the family's files, write them.
    With `services` (postgres, redis, ...), also compose.yaml and .env.example for the app."""
    from dfopt.compose.generate import (
        ignore_credentials, render_compose_files, resolve_services, secret_files, write_secret_files,
    )
    from dfopt.project.node import detect

    resolve_services(services)  # a bad --with stops before anything is read or written

    if family not in FAMILIES:
        raise DfoptError(f"no template family {family!r}; `dfopt new --list` shows them")
    directory = Path(directory)
    if not directory.is_dir():
        raise DfoptError("not a directory", path=str(directory))
    from dfopt.project.node import dockerfile_node_version

    project = detect(directory, node_version=node_version, package_manager=package_manager, port=port,
                     entry=entry, base_version=dockerfile_node_version(directory))
    if family == "node-ts" and not project.typescript:
        raise DfoptError("no TypeScript here (no tsconfig.json, no typescript dependency): use `dfopt new node`",
                         path=str(directory / "package.json"))
    extra = render_compose_files("app", project.port, services, redis_persistence=redis_persistence) if services else {}
    # .env is what users create from .env.example, secrets/ holds the passwords: both must stay out.
    planned = [*extra, ".env"] if ".env.example" in extra else list(extra)
    planned += secret_files(services) if services else []
    files = render_node(project, family, runtime, syntax=syntax, planned=planned)
    if ".env.example" in extra:
        files[".dockerignore"] = ignore_credentials(files[".dockerignore"], services)
    files.update(extra)
    paths = write_files(directory, files, force=force)
    paths += write_secret_files(directory, services) if services else []
    tag = re.sub(r"[^a-z0-9._-]+", "-", (project.name or directory.resolve().name).lower()).strip("-.") or "app"
    return Written(paths, project, _next_command(directory, files, tag))


def _next_command(directory: Path, files: dict[str, str], tag: str) -> str:
    from dfopt.compose.generate import next_step

    if "compose.yaml" not in files:
        return f"docker build -t {tag} {directory}"
    return next_step(directory, files)
