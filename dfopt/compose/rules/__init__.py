"""The compose rules, one module each, in code order. Codes DC1xx are stable: never reuse one."""

from __future__ import annotations

from types import ModuleType

from dfopt.compose.rules import (
    data_without_volume,
    default_network_only,
    docker_socket,
    environment_secret,
    host_network,
    host_network_ports,
    image_tag,
    links,
    published_data_port,
)

RULES: tuple[ModuleType, ...] = (
    published_data_port,
    data_without_volume,
    host_network_ports,
    host_network,
    default_network_only,
    links,
    environment_secret,
    image_tag,
    docker_socket,
)
BY_CODE: dict[str, ModuleType] = {rule.CODE: rule for rule in RULES}
