"""Dockerfiles for Python and Go projects from templates/python and templates/go.

`dfopt new python|go` and the stage split (DF310) both render through `python_context` /
`go_context`, so a generated file and a split file have the same layout. The base images are
parameters: by default the official `python:<version>-slim` and `golang:<version>-bookworm`
images; a Go runtime is `scratch`, distroless static (from $DFOPT_DISTROLESS_REPOSITORY) or
Debian slim when the binary needs cgo.
"""

from __future__ import annotations

from dataclasses import dataclass

from dfopt.errors import DfoptError
from dfopt.project.go import DEBIAN_RELEASE, GoProject
from dfopt.project.python import PythonProject
from dfopt.scaffold.dockerfile import DEBIAN_NUMBER, Carry, Verbatim, render_dockerfile

UV_VERSION = "0.13.9"
POETRY_VERSION = "2.2.1"
PIPENV_VERSION = "2026.10.3"
VENV = "/opt/venv"
APP_UID = 10001                 # the runtime's `app` user (Python images have no non-root user)
NONROOT = "65532:65532"         # distroless `nonroot`; used by number on scratch too
PYTHON_RUNTIMES = ("slim",)
GO_RUNTIMES = ("scratch", "distroless", "slim")


@dataclass(frozen=True)
class BaseImages:
    build: str
    runtime: str


def python_images(project: PythonProject, runtime: str | None = None, base_image: str | None = None) -> BaseImages:
    if runtime not in (None, *PYTHON_RUNTIMES):
        raise DfoptError(f"--runtime {runtime!r} for python: expected {', '.join(PYTHON_RUNTIMES)}")
    image = base_image or f"python:{project.python_version}-slim"
    return BaseImages(image, image)


def go_images(project: GoProject, runtime: str | None = None, base_image: str | None = None) -> BaseImages:
    if runtime not in (None, *GO_RUNTIMES):
        raise DfoptError(f"--runtime {runtime!r} for go: expected {', '.join(GO_RUNTIMES)}")
    build = base_image or f"golang:{project.go_version}-{DEBIAN_RELEASE}"
    runtime = runtime or ("slim" if project.cgo else "scratch")
    if project.cgo and runtime != "slim":
        raise DfoptError(f"--runtime {runtime}: the binary needs cgo ({', '.join(project.cgo_reasons)}) and so "
                         "the C library; use --runtime slim")
    if runtime == "slim":
        return BaseImages(build, f"debian:{DEBIAN_RELEASE}-slim")
    if runtime == "distroless":
        return BaseImages(build, distroless_static(DEBIAN_NUMBER[DEBIAN_RELEASE]))
    return BaseImages(build, "scratch")


def distroless_static(debian_number: str) -> str:
    from dfopt.project.node import distroless_image

    # The same repository check as Node's distroless images, then the static image's name.
    repository = distroless_image("0", debian_number).rsplit("/", 1)[0]
    return f"{repository}/static-debian{debian_number}:nonroot"


def _common(imgs: BaseImages, syntax: bool, header: tuple[str, ...], carry: Carry) -> dict:
    raw = Verbatim()
    return {
        "_verbatim": raw,
        "syntax": syntax,
        "header": list(header),
        "global_args": raw(carry.global_args),
        "build_image": imgs.build,
        "runtime_image": imgs.runtime,
        "raw_build_setup": raw(carry.build_setup),
        "raw_build_env": raw(carry.build_env),
        "raw_runtime_setup": raw(carry.runtime_setup),
        "raw_runtime_env": raw(carry.runtime_env),
        "raw_expose": raw(carry.expose),
        "raw_runtime_tail": raw(carry.runtime_tail),
        "raw_cmd": raw(carry.raw_cmd),
        "entrypoint": list(carry.entrypoint) if carry.entrypoint else None,
        "workdir": carry.workdir,
    }


def python_context(project: PythonProject, imgs: BaseImages, *, syntax: bool = False,
                   header: tuple[str, ...] = (), carry: Carry = Carry()) -> dict:
    context = _common(imgs, syntax, header, carry)
    manifests = list(project.manifests)
    if project.manager == "uv" and (project.root / ".python-version").is_file():
        manifests.append(".python-version")
    context.update({
        "manager": project.manager,
        "venv": VENV,
        "uv_version": UV_VERSION,
        "poetry_version": POETRY_VERSION,
        "pipenv_version": PIPENV_VERSION,
        "manifests": manifests,
        "requirements": project.requirements,
        "install_project": project.install_project and project.manager in ("uv", "poetry"),
        "build_packages": list(project.build_packages),
        "runtime_packages": list(project.runtime_packages),
        "create_user": carry.user is None,
        "uid": APP_UID,
        "user": carry.user or f"{APP_UID}:{APP_UID}",
        "port": project.port if carry.expose_default else None,
        "command": list(carry.command or project.command),
    })
    return context


def go_context(project: GoProject, imgs: BaseImages, *, syntax: bool = False,
               header: tuple[str, ...] = (), carry: Carry = Carry(), runtime_packages: tuple[str, ...] = ()) -> dict:
    context = _common(imgs, syntax, header, carry)
    binary = f"/usr/local/bin/{project.binary}"
    context.update({
        "manifests": ["go.mod", "go.sum"] if project.has_sum else ["go.mod"],
        "vendored": project.vendored,
        "cgo": project.cgo,
        "binary": project.binary,
        "main_package": project.main_package,
        "scratch": imgs.runtime == "scratch",
        "runtime_packages": list(runtime_packages),
        "user": carry.user or NONROOT,
        "port": project.port if carry.expose_default else None,
        "command": list(carry.command or (binary,)),
    })
    if context["workdir"] == "/app":
        context["workdir"] = "/src"
    return context


def describe_python(project: PythonProject) -> str:
    parts = [f"{project.manager} ({project.lockfile or project.requirements or 'no lock file'})",
             f"Python {project.python_version}"]
    if project.server:
        parts.append(f"served by {project.server}")
    if project.runtime_packages or project.build_packages:
        parts.append("system libraries: " + ", ".join(project.runtime_packages or project.build_packages))
    return ", ".join(parts)


def describe_go(project: GoProject) -> str:
    parts = [f"module {project.module}", f"Go {project.go_version}", f"main package {project.main_package}"]
    parts.append("cgo (" + ", ".join(project.cgo_reasons) + ")" if project.cgo else "static binary (no cgo)")
    if project.embeds:
        parts.append("embeds " + ", ".join(project.embeds))
    if project.vendored:
        parts.append("vendored modules")
    return ", ".join(parts)


def render_python(project: PythonProject, runtime: str | None = None, *, base_image: str | None = None,
                  syntax: bool = False) -> str:
    imgs = python_images(project, runtime, base_image)
    header = (f"Generated by `dfopt new python`: {describe_python(project)}.",
              "Stages: build (a virtual environment with the dependencies), runtime (the venv and the app).")
    return render_dockerfile("python/Dockerfile.j2", python_context(project, imgs, syntax=syntax, header=header))


def render_go(project: GoProject, runtime: str | None = None, *, base_image: str | None = None,
              syntax: bool = False) -> str:
    imgs = go_images(project, runtime, base_image)
    header = (f"Generated by `dfopt new go`: {describe_go(project)}.",
              f"Stages: build (modules, then the binary), runtime ({imgs.runtime} with the binary only).")
    return render_dockerfile("go/Dockerfile.j2", go_context(project, imgs, syntax=syntax, header=header))


@dataclass(frozen=True)
class NewFiles:
    project: PythonProject | GoProject
    files: dict[str, str]
    description: str


def new_files(family: str, directory, *, runtime: str | None = None, version: str | None = None,
              package_manager: str | None = None, port: int | None = None, entry: str | None = None,
              base_image: str | None = None, syntax: bool = False, planned=()) -> NewFiles:
    """Detect the project, render its Dockerfile and the generated .dockerignore."""
    from dfopt.context.ignoregen import generate_dockerignore

    if family == "python":
        from dfopt.project import python

        project = python.detect(directory, python_version=version, package_manager=package_manager,
                                port=port, entry=entry)
        dockerfile = render_python(project, runtime, base_image=base_image, syntax=syntax)
        description = describe_python(project)
    else:
        from dfopt.project import go

        if package_manager:
            raise DfoptError("--package-manager does not apply to go (Go modules)")
        project = go.detect(directory, go_version=version, port=port, entry=entry)
        dockerfile = render_go(project, runtime, base_image=base_image, syntax=syntax)
        description = describe_go(project)
    if family == "python":
        planned = (*planned, ".env")   # python-dotenv's local settings: never sent to the builder
    ignore = generate_dockerignore(project.root, dockerfile_texts={"Dockerfile": dockerfile}, language=family,
                                   planned=planned)
    return NewFiles(project, {"Dockerfile": dockerfile, ".dockerignore": ignore}, description)
