"""`dfopt new`: detect the project in a folder, render its family's files (Dockerfile,
.dockerignore, and compose files with --with), and write them all or none."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
    for name, path in targets.items():
        path.write_text(files[name], encoding="utf-8", newline="\n")
    return list(targets.values())


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
    extra, planned = _compose_files(project.port, services, redis_persistence)
    files = render_node(project, family, runtime or "slim", syntax=syntax, planned=planned)
    paths = _write_all(directory, files, extra, services, force)
    return Written(paths, project, _next_command(directory, files, _tag(project.name, directory)), describe(project))


def _tag(name: str | None, directory: Path) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", (name or directory.resolve().name).lower()).strip("-.") or "app"


def _compose_files(port: int, services: Sequence[str], redis_persistence: bool) -> tuple[dict[str, str], list[str]]:
    from dfopt.scaffold.compose import render_compose_files, secret_files

    extra = render_compose_files("app", port, services, redis_persistence=redis_persistence) if services else {}
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
    extra, planned = _compose_files(made.project.port, services, redis_persistence)
    files = new_files(family, directory, planned=planned, **options).files if planned else made.files
    paths = _write_all(directory, files, extra, services, force)
    name = getattr(made.project, "name", None) or (made.project.binary if family == "go" else None)
    return Written(paths, made.project, _next_command(directory, files, _tag(name, directory)), made.description)


def _next_command(directory: Path, files: dict[str, str], tag: str) -> str:
    from dfopt.scaffold.compose import next_step

    if "compose.yaml" not in files:
        return f"docker build -t {tag} {directory}"
    return next_step(directory, files)
