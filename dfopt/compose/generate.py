"""Write compose.yaml (and .env.example) for an app and the services it needs.

The layout is the standard web/database/cache one: the app publishes its port on a `frontend`
network; the database, cache and broker sit on an `internal: true` `backend` network that only the
app joins as well, keep their data in named volumes, and report health so the app starts after
them. Credentials are `${VAR:?}` references to `.env`, never literals.

Every value that reaches the YAML is validated first: the template interpolates only names and
numbers that cannot change the document's structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dfopt import templates
from dfopt.errors import DfoptError


@dataclass(frozen=True)
class BackingService:
    option: str  # what `--with` takes
    service: str  # the compose service name, which is also its host name for the app
    volume: str | None  # named volume for its data (None: keeps nothing worth keeping)


BACKING_SERVICES: dict[str, BackingService] = {
    s.option: s
    for s in (
        BackingService("postgres", "db", "db-data"),
        BackingService("mysql", "db", "db-data"),
        BackingService("mongodb", "mongo", "mongo-data"),
        BackingService("redis", "cache", "cache-data"),
        BackingService("rabbitmq", "broker", "broker-data"),
    )
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


@dataclass(frozen=True)
class _Plan:
    app: str
    port: int
    services: list[str]
    redis_persistence: bool

    @property
    def context(self) -> dict:
        backing = [BACKING_SERVICES[name] for name in self.services]
        volumes = [
            b.volume
            for b in backing
            if b.volume and (b.option != "redis" or self.redis_persistence)
        ]
        return {
            "app": self.app,
            "port": self.port,
            "services": self.services,
            "backing": [b.service for b in backing],
            "volumes": volumes,
            "redis_persistence": self.redis_persistence,
            "needs_env": self.needs_env,
        }

    @property
    def needs_env(self) -> bool:
        """Whether any chosen service takes credentials from `.env` (all but redis do)."""
        return any(name != "redis" for name in self.services)


def _plan(app_name: str, port: int | str, services: Iterable[str], redis_persistence: bool) -> _Plan:
    app = validate_service_name(app_name)
    chosen = resolve_services(services)
    taken = {BACKING_SERVICES[name].service: name for name in chosen}
    if app in taken:
        raise DfoptError(f"{app!r} is the service name of --with {taken[app]}: choose another", "--name")
    return _Plan(app, validate_port(port), chosen, bool(redis_persistence))


def render_compose(
    app_name: str, port: int | str, services: Iterable[str] = (), *, redis_persistence: bool = False
) -> str:
    """compose.yaml for `app_name` (its service name) listening on `port`, with `services`
    (postgres, mysql, mongodb, redis, rabbitmq). Raises DfoptError for values that do not fit."""
    return templates.render("compose/compose.yaml.j2", **_plan(app_name, port, services, redis_persistence).context)


def render_env_example(app_name: str, services: Iterable[str] = ()) -> str:
    """.env.example: the variables compose.yaml needs, with the secrets left empty."""
    plan = _plan(app_name, 1, services, False)  # the port and redis settings are not in .env
    return templates.render("compose/env.example.j2", **plan.context)


def render_compose_files(
    app_name: str, port: int | str, services: Iterable[str] = (), *, redis_persistence: bool = False
) -> dict[str, str]:
    """File name -> text for everything the compose setup needs beside the Dockerfile."""
    plan = _plan(app_name, port, services, redis_persistence)
    files = {"compose.yaml": templates.render("compose/compose.yaml.j2", **plan.context)}
    if plan.needs_env:
        files[".env.example"] = templates.render("compose/env.example.j2", **plan.context)
    return files

