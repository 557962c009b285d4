"""Node Dockerfiles from the templates: the images, the context a template needs, and the files
of `dfopt new node|node-ts`.

`dfopt new` and the stage split of rule DF310 (node_split.py) both come through `node_context`,
so a generated file and a split file follow the same layout and the same validation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dfopt.context.ignoregen import generate_dockerignore
from dfopt.errors import DfoptError
from dfopt.project.node import DEBIAN_RELEASE, NodeProject, distroless_image
from dfopt.scaffold.dockerfile import DEBIAN_NUMBER, Carry, Verbatim, render_dockerfile

RUNTIMES = ("slim", "alpine", "distroless")
NODE_USER = "1000:1000"          # the node image's `node` user, by number (runAsNonRoot, DL3066)
DISTROLESS_USER = "65532:65532"  # distroless `nonroot`


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
    raw = Verbatim()
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
        # One install pruned for the runtime builds faster than two (docs/node.md) where the
        # package manager prunes in place.
        "one_install": pm.name in ("npm", "pnpm") and bool(project.build_command),
        "two_installs_reason": _two_installs_reason(pm),
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


def _two_installs_reason(pm) -> str | None:
    if pm.name != "yarn":
        return None
    if pm.berry:
        return ("A production install of its own: `yarn workspaces focus --production` as a prune "
                "of a full install is not proven here.")
    return ("A production install of its own: Yarn 1 cannot prune, and reinstalling for production "
            "with --ignore-scripts would leave native modules unbuilt.")


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
    one = context["needs_deps"] and context["one_install"]
    stages = (["alldeps (all dependencies)", "deps (alldeps pruned to production dependencies)"] if one else
              ["deps (production dependencies)"] if context["needs_deps"] else []) + (
        [("build (compile)" if one else "build (all dependencies, compile)")] if context["build_command"] else []) + [
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
