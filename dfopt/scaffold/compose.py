"""Write compose.yaml (and .env.example) for an app and the services it needs.

The layout is the standard web/database/cache one: the app publishes its port on a `frontend`
network (bound to 127.0.0.1 unless asked otherwise); the database, cache and broker sit on an
`internal: true` `backend` network that only the app joins as well, keep their data in named
volumes, and report health so the app starts after them. Every service is hardened the way the
OWASP Docker cheat sheet and the CIS Docker Benchmark ask: no new privileges, all capabilities
dropped and only those its image's entrypoint needs added back, a read-only root filesystem with
tmpfs where the image writes, memory and CPU limits the user can change in `.env`, an init
process. Database passwords are Compose secrets read from files through the images' `*_FILE`
variables, never environment values; names come from `.env`.

Every value that reaches the YAML is validated first: the template interpolates only names and
numbers that cannot change the document's structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dfopt.scaffold import templates
from dfopt.errors import DfoptError


@dataclass(frozen=True)
class BackingService:
    option: str  # what `--with` takes
    service: str  # the compose service name, which is also its host name for the app
    volume: str | None  # named volume for its data (None: keeps nothing worth keeping)
    # Capabilities the official image's entrypoint uses before it drops to its own user: CHOWN
    # and DAC_OVERRIDE for `find DATADIR ! -user X -exec chown X`, SETUID/SETGID for gosu.
    # docs/compose.md says which were proven in the build lab and how.
    cap_add: tuple[str, ...]
    tmpfs: tuple[str, ...] | None  # writable paths under a read-only root (None: root stays writable)
    memory: str  # default memory limit, changeable in .env
    cpus: str  # default CPU limit
    secrets: tuple[str, ...] = ()  # secret names (files under secrets/) the service reads

    @property
    def limit_prefix(self) -> str:
        """The .env prefix of this service's limits: DB_MEMORY_LIMIT, CACHE_CPUS, ..."""
        return {"db": "DB", "mongo": "MONGO", "cache": "CACHE", "broker": "BROKER"}[self.service]


def _backing(option: str, service: str, volume: str, image: str, memory: str, cpus: str,
             secrets: tuple[str, ...] = ()) -> BackingService:
    from dfopt.compose.images import KNOWN_IMAGES

    known = KNOWN_IMAGES[image]  # one source for what an image needs, shared with the rules
    return BackingService(option, service, volume, known.entrypoint_caps or (), known.scratch_paths, memory, cpus,
                          secrets)


BACKING_SERVICES: dict[str, BackingService] = {
    s.option: s
    for s in (
        _backing("postgres", "db", "db-data", "postgres", "1G", "1.0", ("db-password",)),
        _backing("mysql", "db", "db-data", "mysql", "1G", "1.0", ("db-password", "db-root-password")),
        _backing("mongodb", "mongo", "mongo-data", "mongo", "1G", "1.0", ("mongo-password",)),
        _backing("redis", "cache", "cache-data", "redis", "256M", "0.5"),
        # RabbitMQ 4 reads no *_FILE variables and was not tried read-only: see docs/compose.md.
        _backing("rabbitmq", "broker", "broker-data", "rabbitmq", "512M", "1.0"),
    )
}
APP_MEMORY, APP_CPUS = "512M", "1.0"
# What the app's healthcheck runs, by the runtime its image has: a TCP connection to its port,
# so any server that listens counts (an HTTP path would be a guess).
HEALTH_PROBES = {
    "node": ["CMD", "node", "-e", "require('net').connect({{port}}, '127.0.0.1')"
             ".on('connect', () => process.exit(0)).on('error', () => process.exit(1))"],
    "node-distroless": ["CMD", "/nodejs/bin/node", "-e", "require('net').connect({{port}}, '127.0.0.1')"
                        ".on('connect', () => process.exit(0)).on('error', () => process.exit(1))"],
    "python": ["CMD", "python3", "-c", "import socket; socket.create_connection(('127.0.0.1', {{port}}), 3)"],
}
ALIASES = {"postgresql": "postgres", "pg": "postgres", "mongo": "mongodb", "rabbit": "rabbitmq"}

# Compose service names: lower-case letters, digits, `-` and `_`, starting with a letter or digit.
# Kept stricter than YAML needs so the name can be written unquoted anywhere.
_SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")


def validate_service_name(name: str) -> str:
    if not isinstance(name, str) or not _SERVICE_NAME.fullmatch(name):
        raise DfoptError(
            f"invalid service name {name!r}: use 1-63 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit",
            "--name",
        )
    return name


def validate_port(port: int | str) -> int:
    text = str(port)
    if isinstance(port, bool) or not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        raise DfoptError(f"invalid port {port!r}: give one number from 1 to 65535", "--port")
    return int(text)


def resolve_services(services: Iterable[str]) -> list[str]:
    """The `--with` values as known option names, in a stable order, without duplicates."""
    chosen: set[str] = set()
    for raw in services:
        key = ALIASES.get(str(raw).strip().lower(), str(raw).strip().lower())
        if key not in BACKING_SERVICES:
            known = ", ".join(BACKING_SERVICES)
            raise DfoptError(f"unknown service {raw!r}: choose from {known}", "--with")
        chosen.add(key)
    if {"postgres", "mysql"} <= chosen:
        raise DfoptError("postgres and mysql would both be service `db`: choose one", "--with")
    return [name for name in BACKING_SERVICES if name in chosen]


_BIND = re.compile(r"127\.0\.0\.1|0\.0\.0\.0|::1?|(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}")


def validate_bind(address: str) -> str:
    if not isinstance(address, str) or not _BIND.fullmatch(address):
        raise DfoptError(f"invalid address {address!r}: give an IPv4 address such as 127.0.0.1, or 0.0.0.0", "--bind")
    return address


@dataclass(frozen=True)
class _Plan:
    app: str
    port: int
    services: list[str]
    redis_persistence: bool
    bind: str = "127.0.0.1"
    runtime: str | None = None  # the app image's runtime (a HEALTH_PROBES key), None: unknown
    image_healthcheck: bool = False  # the app's Dockerfile has a HEALTHCHECK of its own

    @property
    def context(self) -> dict:
        backing = [BACKING_SERVICES[name] for name in self.services]
        volumes = [
            b.volume
            for b in backing
            if b.volume and (b.option != "redis" or self.redis_persistence)
        ]
        probe = None
        if self.runtime in HEALTH_PROBES and not self.image_healthcheck:
            probe = [word.replace("{{port}}", str(self.port)) for word in HEALTH_PROBES[self.runtime]]
        return {
            "app": self.app,
            "port": self.port,
            "bind": self.bind,
            "services": self.services,
            "backing": [b.service for b in backing],
            "profiles": {b.option: b for b in backing},
            "volumes": volumes,
            "secrets": self.secrets,
            # The app's own: the password of each database it connects to (not the root one).
            "app_secrets": [b.secrets[0] for b in backing if b.secrets],
            "redis_persistence": self.redis_persistence,
            "needs_env": self.needs_env,
            "app_memory": APP_MEMORY,
            "app_cpus": APP_CPUS,
            "health_probe": probe,
            "image_healthcheck": self.image_healthcheck,
        }

    @property
    def secrets(self) -> list[str]:
        return [name for option in self.services for name in BACKING_SERVICES[option].secrets]

    @property
    def needs_env(self) -> bool:
        """Whether any chosen service takes names or credentials from `.env` (all but redis do)."""
        return any(name != "redis" for name in self.services)


def _plan(app_name: str, port: int | str, services: Iterable[str], redis_persistence: bool,
          bind: str = "127.0.0.1", runtime: str | None = None, image_healthcheck: bool = False) -> _Plan:
    app = validate_service_name(app_name)
    chosen = resolve_services(services)
    taken = {BACKING_SERVICES[name].service: name for name in chosen}
    if app in taken:
        raise DfoptError(f"{app!r} is the service name of --with {taken[app]}: choose another", "--name")
    if runtime is not None and runtime not in HEALTH_PROBES:
        raise DfoptError(f"no health probe for runtime {runtime!r}: choose from {', '.join(HEALTH_PROBES)}")
    return _Plan(app, validate_port(port), chosen, bool(redis_persistence), validate_bind(bind), runtime,
                 bool(image_healthcheck))


def render_compose(
    app_name: str, port: int | str, services: Iterable[str] = (), *, redis_persistence: bool = False,
    bind: str = "127.0.0.1", runtime: str | None = "node", image_healthcheck: bool = False,
) -> str:
    """compose.yaml for `app_name` (its service name) listening on `port`, with `services`
    (postgres, mysql, mongodb, redis, rabbitmq); the app's port is published on `bind`, and its
    healthcheck uses the `runtime` its image has. Raises DfoptError for values that do not fit."""
    plan = _plan(app_name, port, services, redis_persistence, bind, runtime, image_healthcheck)
    return templates.render("compose/compose.yaml.j2", **plan.context)


def render_env_example(app_name: str, services: Iterable[str] = ()) -> str:
    """.env.example: the names compose.yaml reads from `.env`, and the resource limits to change."""
    plan = _plan(app_name, 1, services, False)  # the port and redis settings are not in .env
    return templates.render("compose/env.example.j2", **plan.context)


def secret_files(services: Iterable[str]) -> list[str]:
    """The secret files (relative paths) compose.yaml reads, e.g. secrets/db-password.txt."""
    return [f"{SECRETS_DIR}/{name}.txt" for name in _plan("app", 1, services, False).secrets]


SECRETS_DIR = "secrets"


def render_compose_files(
    app_name: str, port: int | str, services: Iterable[str] = (), *, redis_persistence: bool = False,
    bind: str = "127.0.0.1", runtime: str | None = "node", image_healthcheck: bool = False,
) -> dict[str, str]:
    """File name -> text for everything the compose setup needs beside the Dockerfile. The secret
    files themselves are not here: `write_secret_files` creates the missing ones."""
    plan = _plan(app_name, port, services, redis_persistence, bind, runtime, image_healthcheck)
    files = {"compose.yaml": templates.render("compose/compose.yaml.j2", **plan.context)}
    if plan.needs_env:
        files[".env.example"] = templates.render("compose/env.example.j2", **plan.context)
    return files


def write_secret_files(directory, services: Iterable[str]) -> list:
    """Create each missing secret file with a random password, and secrets/.gitignore so none is
    committed. An existing file is never touched: a database keeps the password it was created
    with. The files are world-readable because Compose (without Swarm) bind-mounts them as they
    are, and the database reads its password after dropping from root to its own user."""
    import secrets as random_source
    from pathlib import Path

    written = []
    folder = Path(directory) / SECRETS_DIR
    names = secret_files(services)
    if not names:
        return written
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Passwords for compose.yaml: never commit them.\n*\n", encoding="utf-8")
        written.append(ignore)
    for name in names:
        path = Path(directory) / name
        if path.exists():
            continue
        path.write_text(random_source.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o644)
        written.append(path)
    return written


@dataclass(frozen=True)
class AppFacts:
    """What compose.yaml needs to know about the app, read from its Dockerfile and project."""
    port: int
    port_source: str  # where the port came from, for the user: "the Dockerfile's EXPOSE 8000", ...
    runtime: str | None  # a HEALTH_PROBES key, None: unknown
    image_healthcheck: bool


DEFAULT_PORT = 3000


def _final_stage_image(stages, stage) -> str:
    """The image a stage builds on, following `FROM <earlier stage>` references."""
    seen = set()
    while stage.index not in seen:
        seen.add(stage.index)
        earlier = next((s for s in stages[: stage.index] if s.is_named(stage.image)), None)
        if earlier is None:
            return stage.image
        stage = earlier
    return stage.image


def _runtime_of(image: str) -> str | None:
    from dfopt.compose.fields import parse_image

    repository = parse_image(image).repository
    name = repository.rsplit("/", 1)[-1]
    if "distroless" in repository and name.startswith("nodejs"):
        return "node-distroless"
    if name == "node" or name.startswith("node-"):
        return "node"
    if name.startswith("python"):
        return "python"
    return None


def _expose_port(instructions) -> int | None:
    for instruction in instructions:
        if instruction.cmd != "EXPOSE":
            continue
        for word in instruction.args.split():
            number = word.split("/", 1)[0]
            if number.isdigit() and 1 <= int(number) <= 65535:
                return int(number)
    return None


def app_facts(directory, port: int | str | None = None) -> AppFacts:
    """The app's port (given, else the final stage's EXPOSE, else the project's, else 3000), the
    runtime its image has, and whether its Dockerfile brings a HEALTHCHECK."""
    from pathlib import Path

    from dfopt.syntax import parse, read_dockerfile

    root = Path(directory)
    runtime, healthcheck, exposed = "node", False, None
    dockerfile = root / "Dockerfile"
    if dockerfile.is_file():
        tree = parse(read_dockerfile(str(dockerfile)), str(dockerfile))
        stages = tree.stages
        if stages:
            final = stages[-1]
            runtime = _runtime_of(_final_stage_image(stages, final))
            healthcheck = any(i.cmd == "HEALTHCHECK" and i.args.strip().upper() != "NONE" for i in final.instructions)
            exposed = _expose_port(final.instructions)
    if port is not None:
        return AppFacts(validate_port(port), "--port", runtime, healthcheck)
    if exposed is not None:
        return AppFacts(exposed, f"the Dockerfile's EXPOSE {exposed}", runtime, healthcheck)
    if (root / "package.json").is_file():
        from dfopt.project.node import detect

        try:
            project = detect(root)
        except DfoptError:
            project = None
        if project is not None and not any(note.startswith("no port found") for note in project.notes):
            return AppFacts(project.port, "the project's start script or entry source", runtime, healthcheck)
    return AppFacts(DEFAULT_PORT, f"the default {DEFAULT_PORT} (no EXPOSE in a Dockerfile here)", runtime, healthcheck)


def next_step(directory, files: Iterable[str]) -> str:
    """What to run after writing compose files. An existing .env is never overwritten."""
    from pathlib import Path

    folder = Path(directory)
    up = f"docker compose -f {folder / 'compose.yaml'} up --build"
    if ".env.example" not in files:
        return up
    if (folder / ".env").exists():
        return f"add to {folder / '.env'} the variables of {folder / '.env.example'} it lacks, then {up}"
    return f"cp {folder / '.env.example'} {folder / '.env'}, fill in its empty values, then {up}"


def ignore_credentials(text: str, services: Iterable[str]) -> str:
    """A .dockerignore text that also excludes `.env` and the secret files, so `COPY . .` never
    bakes a password into the image: the lines it lacks are appended, the others stay as they are."""
    from dfopt.context.dockerignore import IgnoreFile

    ignore = IgnoreFile.parse(text)
    wanted = [".env"] + ([f"{SECRETS_DIR}/"] if secret_files(services) else [])
    missing = [name for name in wanted if not ignore.matches(name.rstrip("/"))]
    if not missing:
        return text
    separator = "" if not text or text.endswith("\n") else "\n"
    lines = "".join(f"{name}\n" for name in missing)
    return f"{text}{separator}# Credentials for compose.yaml: never in the image.\n{lines}"


def keep_out_of_build_context(directory, services: Iterable[str]):
    """Apply `ignore_credentials` to the .dockerignore in `directory`; returns the file when it
    changed. A folder without .dockerignore is left to `dfopt ignore` (or `dfopt new`), which
    write a whole one."""
    from pathlib import Path

    path = Path(directory) / ".dockerignore"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    updated = ignore_credentials(text, services)
    if updated == text:
        return None
    path.write_text(updated, encoding="utf-8", newline="")
    return path
