"""`dfopt new`: detect the project in a folder, render its family's files (Dockerfile,
.dockerignore, and compose files with --with), and write them all or none; `dfopt compose new`:
the compose files alone, for the Dockerfile in a folder."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dfopt.errors import DfoptError
from dfopt.project.node import NodeProject
from dfopt.scaffold.node import describe, render_node


def write_files(directory: Path, files: dict[str, str], *, force: bool = False) -> list[Path]:
    """Write all files or none: without `force`, any existing file stops everything."""
    targets = {name: Path(directory) / name for name in files}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not force:
        raise DfoptError(f"{', '.join(existing)} already exists; pass --force to overwrite", path=str(directory))
    # Every file is written and flushed beside its final name first, then all are renamed: a full
    # disk or a read-only folder stops before any file is in place.
    staged: dict[Path, str] = {}
    path = Path(directory)
    try:
        for name, path in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".dfopt-tmp", dir=path.parent)
            staged[path] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(files[name].encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
    except OSError as err:
        _remove(staged.values())
        raise DfoptError(f"cannot write: {err.strerror or err}; no file was written", path=str(path)) from None
    done = 0
    try:
        for path, tmp in staged.items():
            os.replace(tmp, path)
            done += 1
    except OSError as err:
        _remove(list(staged.values())[done:])
        raise DfoptError(f"cannot write: {err.strerror or err}; {done} of {len(staged)} files were written",
                         path=str(path)) from None
    return list(targets.values())


def _remove(paths) -> None:
    for tmp in paths:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FAMILIES = ("node-ts", "node", "python", "go")
VERSION_OPTION = {"node-ts": "--node-version", "node": "--node-version", "python": "--python-version",
                  "go": "--go-version"}


@dataclass(frozen=True)
class Written:
    paths: list[Path]
    project: NodeProject
    next_command: str
    description: str = ""


def new_project(family: str, directory: Path, *, runtime: str | None = None, node_version: str | None = None,
                package_manager: str | None = None, port: int | None = None, entry: str | None = None,
                syntax: bool = False, services: Sequence[str] = (), redis_persistence: bool = False,
                force: bool = False, version: str | None = None, base_image: str | None = None) -> Written:
    """`dfopt new`: detect the project in `directory`, render the family's files, write them.
    With `services` (postgres, redis, ...), also compose.yaml and .env.example for the app."""
    from dfopt.scaffold.compose import resolve_services
    from dfopt.project.node import detect

    resolve_services(services)  # a bad --with stops before anything is read or written

    if family not in FAMILIES:
        raise DfoptError(f"no template family {family!r}; `dfopt new --list` shows them")
    directory = Path(directory)
    if not directory.is_dir():
        raise DfoptError("not a directory", path=str(directory))
    if family in ("python", "go"):
        return _new_other(family, directory, runtime=runtime, version=version, package_manager=package_manager,
                          port=port, entry=entry, base_image=base_image, syntax=syntax, services=services,
                          redis_persistence=redis_persistence, force=force)
    if base_image:
        raise DfoptError(f"--base-image applies to the python and go families, not {family}")
    from dfopt.project.node import dockerfile_node_version

    project = detect(directory, node_version=node_version, package_manager=package_manager, port=port,
                     entry=entry, base_version=dockerfile_node_version(directory))
    if family == "node-ts" and not project.typescript:
        raise DfoptError("no TypeScript here (no tsconfig.json, no typescript dependency): use `dfopt new node`",
                         path=str(directory / "package.json"))
    probe = "node-distroless" if runtime == "distroless" else "node"
    extra, planned = _compose_files(project.port, services, redis_persistence, probe)
    files = render_node(project, family, runtime or "slim", syntax=syntax, planned=planned)
    paths = _write_all(directory, files, extra, services, force)
    return Written(paths, project, _next_command(directory, files, _tag(project.name, directory)), describe(project))


def _tag(name: str | None, directory: Path) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", (name or directory.resolve().name).lower()).strip("-.") or "app"


def _compose_files(port: int, services: Sequence[str], redis_persistence: bool,
                   probe: str | None) -> tuple[dict[str, str], list[str]]:
    """compose.yaml and .env.example; `probe` is the runtime the app's healthcheck can use."""
    from dfopt.scaffold.compose import render_compose_files, secret_files

    extra = render_compose_files("app", port, services, redis_persistence=redis_persistence,
                                 runtime=probe) if services else {}
    # .env is what users create from .env.example, secrets/ holds the passwords: both must stay out.
    planned = [*extra, ".env"] if ".env.example" in extra else list(extra)
    return extra, planned + (secret_files(services) if services else [])


def _write_all(directory: Path, files: dict[str, str], extra: dict[str, str], services: Sequence[str],
               force: bool) -> list[Path]:
    from dfopt.scaffold.compose import ignore_credentials, write_secret_files

    if ".env.example" in extra:
        files[".dockerignore"] = ignore_credentials(files[".dockerignore"], services)
    files.update(extra)
    paths = write_files(directory, files, force=force)
    return paths + (write_secret_files(directory, services) if services else [])


def _new_other(family: str, directory: Path, *, services: Sequence[str], redis_persistence: bool, force: bool,
               **options) -> Written:
    """`dfopt new python|go`: the same files and compose options as for Node."""
    from dfopt.scaffold.python_go import new_files

    made = new_files(family, directory, **options)
    # Python images have python3 for the healthcheck; Go runtime images may have no program to run.
    probe = "python" if family == "python" else None
    extra, planned = _compose_files(made.project.port, services, redis_persistence, probe)
    files = new_files(family, directory, planned=planned, **options).files if planned else made.files
    paths = _write_all(directory, files, extra, services, force)
    name = getattr(made.project, "name", None) or (made.project.binary if family == "go" else None)
    return Written(paths, made.project, _next_command(directory, files, _tag(name, directory)), made.description)


def _next_command(directory: Path, files: dict[str, str], tag: str) -> str:
    from dfopt.scaffold.compose import next_step

    if "compose.yaml" not in files:
        return f"docker build -t {tag} {directory}"
    return next_step(directory, files)


def new_compose(directory: str, services: Sequence[str], *, port: str | None, bind: str | None, app_name: str,
                redis_persistence: bool, force: bool, stdout: bool, out: Callable[[str], None]) -> None:
    """`dfopt compose new`: compose.yaml (and .env.example, secrets/*.txt) for the Dockerfile in
    `directory`, printed (`stdout`) or written; `out` prints text as it is."""
    from dfopt.scaffold.compose import (
        app_facts, keep_out_of_build_context, next_step, render_compose_files, resolve_services, write_secret_files,
    )

    resolve_services(services)  # a bad --with stops before anything is read
    facts = app_facts(directory, port)
    files = render_compose_files(app_name, facts.port, services, redis_persistence=redis_persistence, bind=bind,
                                 runtime=facts.runtime, image_healthcheck=facts.image_healthcheck)
    if stdout:
        out(files["compose.yaml"])
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    out(f"app port: {facts.port}, from {facts.port_source}\n")
    for path in write_files(Path(directory), files, force=force):
        out(f"wrote {path}\n")
    for path in write_secret_files(directory, services):
        out(f"wrote {path}\n")
    if ".env.example" in files and (ignore := keep_out_of_build_context(directory, services)):
        out(f"updated {ignore}: .env and secrets/ stay out of the build context\n")
    out(f"next: {next_step(directory, files)}\n")
