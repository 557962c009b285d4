"""Service fields in both of Compose's syntaxes (short strings and long mappings), each keeping
the node it came from so findings and fixes can point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dfopt.compose.model import Service, entries, items, scalar

if TYPE_CHECKING:  # PyYAML loads where a compose file is read, never for Dockerfiles alone
    import yaml


@dataclass(frozen=True)
class Port:
    node: yaml.Node
    host_ip: str | None  # None: every interface
    published: str | None  # None: an ephemeral host port, or not published (long syntax)
    target: str
    short: bool  # the "[ip:][published:]target[/proto]" string form


def _split_short_port(spec: str) -> tuple[str | None, str | None, str]:
    # ${VAR:-default} holds colons of its own: hide them while splitting.
    hidden = re.findall(r"\$\{[^}]*\}", spec)
    for i, var in enumerate(hidden):
        spec = spec.replace(var, f"\0{i}\0", 1)
    host_ip, published, target = _split_plain_port(spec)

    def unhide(part: str | None) -> str | None:
        return part and re.sub(r"\0(\d+)\0", lambda m: hidden[int(m.group(1))], part)

    return unhide(host_ip), unhide(published), unhide(target) or ""


def _split_plain_port(spec: str) -> tuple[str | None, str | None, str]:
    spec = spec.split("/", 1)[0]
    host_ip = None
    if spec.startswith("["):  # [::1]:8080:80
        close = spec.find("]")
        host_ip, spec = spec[1:close], spec[close + 2 :]
    parts = spec.rsplit(":", 2) if host_ip is None else spec.rsplit(":", 1)
    if len(parts) == 3:
        host_ip = parts.pop(0)
    published = parts[0] if len(parts) == 2 else None
    return host_ip, published or None, parts[-1]


def ports(service: Service) -> list[Port]:
    import yaml

    found = []
    for node in items(service.get("ports")):
        text = scalar(node)
        if text is not None:
            found.append(Port(node, *_split_short_port(text), short=True))
        elif isinstance(node, yaml.MappingNode):
            fields = {k: scalar(e.value) for k, e in entries(node).items()}
            published = fields.get("published")
            found.append(Port(node, fields.get("host_ip"), published, fields.get("target") or "", short=False))
    return found


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def reachable_from_outside(port: Port) -> bool:
    """Published on every interface (no host IP, or a wildcard one). `expose`-only ports and
    long-syntax ports without `published` still get an ephemeral host port when listed here."""
    ip = (port.host_ip or "").strip()
    if ip.startswith("$"):
        return False  # decided by the environment; cannot tell
    return ip not in LOOPBACK and not ip.startswith("127.")


@dataclass(frozen=True)
class Mount:
    node: yaml.Node
    kind: str  # "volume" (named), "anonymous", "bind", "tmpfs", or another long-syntax type
    source: str | None
    target: str


def _short_mount_kind(source: str) -> str:
    return "bind" if source.startswith(("/", ".", "~", "$")) or re.match(r"[A-Za-z]:[\\/]", source) else "volume"


def mounts(service: Service) -> list[Mount]:
    import yaml

    found = []
    for node in items(service.get("volumes")):
        text = scalar(node)
        if text is not None:
            parts = text.split(":")
            if re.match(r"[A-Za-z]:[\\/]", text):  # C:\data:/data keeps its drive letter
                parts = [parts[0] + ":" + parts[1], *parts[2:]]
            if len(parts) == 1:
                found.append(Mount(node, "anonymous", None, parts[0]))
            else:
                found.append(Mount(node, _short_mount_kind(parts[0]), parts[0], parts[1]))
        elif isinstance(node, yaml.MappingNode):
            fields = {k: scalar(e.value) for k, e in entries(node).items()}
            kind = fields.get("type") or "volume"
            source = fields.get("source")
            if kind == "volume" and not source:
                kind = "anonymous"
            found.append(Mount(node, kind, source, fields.get("target") or ""))
    return found


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str | None  # None: taken from the shell or .env at run time
    node: yaml.Node  # the `KEY=value` item, or the value of `KEY: value`


def environment(service: Service) -> list[EnvVar]:
    import yaml

    value = service.get("environment")
    if isinstance(value, yaml.SequenceNode):
        found = []
        for node in value.value:
            text = scalar(node)
            if text:
                name, sep, rest = text.partition("=")
                found.append(EnvVar(name.strip(), rest if sep else None, node))
        return found
    return [EnvVar(name, scalar(entry.value), entry.value) for name, entry in entries(value).items()]


@dataclass(frozen=True)
class ImageRef:
    repository: str  # without registry host and `library/`: "postgres", "bitnami/redis"
    tag: str | None
    digest: str | None


def parse_image(image: str) -> ImageRef:
    rest, _, digest = image.partition("@")
    name, tag = rest, None
    colon = rest.rfind(":")
    if colon > rest.rfind("/"):
        name, tag = rest[:colon], rest[colon + 1 :]
    parts = name.lower().split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
    return ImageRef("/".join(parts), tag or None, digest or None)


def is_true(node: yaml.Node | None) -> bool:
    """A YAML boolean true as Compose reads it (`true`, in any case)."""
    text = scalar(node)
    return text is not None and text.lower() == "true"


def is_false(node: yaml.Node | None) -> bool:
    text = scalar(node)
    return text is not None and text.lower() == "false"


def list_items(service: Service, key: str) -> list[tuple[yaml.Node, str]]:
    """The scalar items of a list field, each with its node."""
    return [(node, text) for node in items(service.get(key)) if (text := scalar(node)) is not None]


def capability(text: str) -> str:
    """`cap_add`/`cap_drop` items as Docker reads them: case-insensitive, `CAP_` optional."""
    name = text.strip().upper()
    return name[4:] if name.startswith("CAP_") else name


def limits(service: Service) -> dict[str, yaml.Node]:
    """`deploy.resources.limits` entries by key."""
    deploy = entries(service.get("deploy"))
    resources = entries(deploy["resources"].value) if "resources" in deploy else {}
    return {k: e.value for k, e in entries(resources["limits"].value).items()} if "limits" in resources else {}
