"""The compose rules, one module each, in code order. Codes DC1xx are stable: never reuse one."""

from __future__ import annotations

from dfopt.compose.rule import ComposeRule
from dfopt.compose.rules.data_without_volume import DataWithoutVolume
from dfopt.compose.rules.default_network_only import DefaultNetworkOnly
from dfopt.compose.rules.docker_socket import DockerSocket
from dfopt.compose.rules.environment_secret import EnvironmentSecret
from dfopt.compose.rules.host_network import HostNetwork
from dfopt.compose.rules.host_network_ports import HostNetworkPorts
from dfopt.compose.rules.image_tag import ImageTag
from dfopt.compose.rules.links import Links
from dfopt.compose.rules.published_data_port import PublishedDataPort

# DC1xx: networks, ports, volumes, images and secrets of compose services.
ALL_RULES: tuple[type[ComposeRule], ...] = (
    PublishedDataPort,
    DataWithoutVolume,
    HostNetworkPorts,
    HostNetwork,
    DefaultNetworkOnly,
    Links,
    EnvironmentSecret,
    ImageTag,
    DockerSocket,
)
RULES: dict[str, type[ComposeRule]] = {rule.code: rule for rule in ALL_RULES}

