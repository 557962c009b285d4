"""Images of stateful and backing services: what they are and where they keep their data."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dfopt.compose.fields import parse_image
from dfopt.compose.model import Service, items, scalar

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml


@dataclass(frozen=True)
class KnownImage:
    role: str  # "database", "cache", "search engine", "message broker"
    data_paths: tuple[str, ...]  # empty: keeps nothing on disk worth keeping
    persists_by_default: bool = True  # redis and valkey keep data only when told to
    # Capabilities the official image's entrypoint uses as root before it drops to its own user
    # (`find DATA ! -user X -exec chown X`: CHOWN, DAC_OVERRIDE; gosu: SETUID, SETGID). None:
    # not known. docs/compose.md says what the build lab proved and what comes from the scripts.
    entrypoint_caps: tuple[str, ...] | None = None
    # Paths it writes outside its data volume, as tmpfs under `read_only: true`. None: not known.
    scratch_paths: tuple[str, ...] | None = None


ENTRYPOINT_CAPS = ("CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID")
_POSTGRES = KnownImage("database", ("/var/lib/postgresql/data", "/var/lib/postgresql"),
                       entrypoint_caps=ENTRYPOINT_CAPS, scratch_paths=("/var/run/postgresql", "/tmp"))
_MYSQL = KnownImage("database", ("/var/lib/mysql",), entrypoint_caps=ENTRYPOINT_CAPS,
                    scratch_paths=("/var/run/mysqld", "/tmp"))
_REDIS = KnownImage("cache", ("/data",), persists_by_default=False, entrypoint_caps=ENTRYPOINT_CAPS,
                    scratch_paths=("/tmp",))

KNOWN_IMAGES: dict[str, KnownImage] = {
    "postgres": _POSTGRES,
    "postgis/postgis": _POSTGRES,
    "timescale/timescaledb": _POSTGRES,
    "bitnami/postgresql": KnownImage("database", ("/bitnami/postgresql",)),
    "mysql": _MYSQL,
    "mariadb": _MYSQL,
    "percona": _MYSQL,
    "bitnami/mysql": KnownImage("database", ("/bitnami/mysql",)),
    "bitnami/mariadb": KnownImage("database", ("/bitnami/mariadb",)),
    "mongo": KnownImage("database", ("/data/db",), entrypoint_caps=ENTRYPOINT_CAPS, scratch_paths=("/tmp",)),
    "bitnami/mongodb": KnownImage("database", ("/bitnami/mongodb",)),
    "mssql/server": KnownImage("database", ("/var/opt/mssql",)),
    "cassandra": KnownImage("database", ("/var/lib/cassandra",)),
    "couchdb": KnownImage("database", ("/opt/couchdb/data",)),
    "neo4j": KnownImage("database", ("/data",)),
    "influxdb": KnownImage("database", ("/var/lib/influxdb2", "/var/lib/influxdb")),
    "clickhouse/clickhouse-server": KnownImage("database", ("/var/lib/clickhouse",)),
    "redis": _REDIS,
    "valkey/valkey": _REDIS,
    "bitnami/redis": KnownImage("cache", ("/bitnami/redis/data",), persists_by_default=False),
    "memcached": KnownImage("cache", ()),
    "elasticsearch": KnownImage("search engine", ("/usr/share/elasticsearch/data",)),
    "elasticsearch/elasticsearch": KnownImage("search engine", ("/usr/share/elasticsearch/data",)),
    "opensearchproject/opensearch": KnownImage("search engine", ("/usr/share/opensearch/data",)),
    # Not tried read-only: scratch paths unknown.
    "rabbitmq": KnownImage("message broker", ("/var/lib/rabbitmq",), entrypoint_caps=ENTRYPOINT_CAPS),
}


def known_image(service: Service) -> KnownImage | None:
    image = service.image
    return KNOWN_IMAGES.get(parse_image(image).repository) if image else None


def command_words(service: Service) -> list[str]:
    import yaml

    node = service.get("command")
    if isinstance(node, yaml.SequenceNode):
        return [scalar(n) or "" for n in items(node)]
    text = scalar(node)
    try:
        return shlex.split(text) if text else []
    except ValueError:
        return text.split() if text else []


def keeps_data(service: Service, image: KnownImage) -> bool:
    """Whether the service writes data it means to keep. For redis and valkey that takes
    `--appendonly yes` or a non-empty `--save` on the command line."""
    if image.persists_by_default:
        return bool(image.data_paths)
    words = command_words(service)
    for flag, value in zip(words, words[1:] + [""]):
        if flag == "--appendonly" and value.lower() == "yes":
            return True
        if flag == "--save" and value.strip('"'):
            return True
    return False
