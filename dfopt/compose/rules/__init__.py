"""The compose rules, one module each, in code order. Codes DC1xx are stable: never reuse one."""

from __future__ import annotations

from dfopt.compose.rule import ComposeRule
from dfopt.compose.rules.capabilities import CapabilitiesNotDropped
from dfopt.compose.rules.dangerous_capability import DangerousCapability
from dfopt.compose.rules.data_bind_mount import DataBindMount
from dfopt.compose.rules.data_without_volume import DataWithoutVolume
from dfopt.compose.rules.database_default_network import DatabaseOnDefaultNetwork
from dfopt.compose.rules.default_network_only import DefaultNetworkOnly
from dfopt.compose.rules.docker_socket import DockerSocket
from dfopt.compose.rules.environment_secret import EnvironmentSecret
from dfopt.compose.rules.host_namespace import HostNamespace
from dfopt.compose.rules.host_network import HostNetwork
from dfopt.compose.rules.host_network_ports import HostNetworkPorts
from dfopt.compose.rules.image_tag import ImageTag
from dfopt.compose.rules.links import Links
from dfopt.compose.rules.logging_disabled import LoggingDisabled
from dfopt.compose.rules.no_network_ports import PortsWithoutNetwork
from dfopt.compose.rules.no_new_privileges import NoNewPrivileges
from dfopt.compose.rules.privileged import Privileged
from dfopt.compose.rules.published_data_port import PublishedDataPort
from dfopt.compose.rules.published_port import PortOnEveryInterface
from dfopt.compose.rules.read_only import WritableRootFilesystem
from dfopt.compose.rules.resource_limits import NoResourceLimits
from dfopt.compose.rules.root_user import RootUser
from dfopt.compose.rules.security_profile import SecurityProfileDisabled
from dfopt.compose.rules.sensitive_mount import SensitiveHostMount

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
    # DC110-DC120: hardening, as the OWASP Docker cheat sheet and the CIS Docker Benchmark ask.
    Privileged,
    NoNewPrivileges,
    CapabilitiesNotDropped,
    WritableRootFilesystem,
    PortOnEveryInterface,
    NoResourceLimits,
    HostNamespace,
    DangerousCapability,
    SensitiveHostMount,
    SecurityProfileDisabled,
    RootUser,
    # DC121-DC124: networks, volumes and logs.
    PortsWithoutNetwork,
    DatabaseOnDefaultNetwork,
    DataBindMount,
    LoggingDisabled,
)
RULES: dict[str, type[ComposeRule]] = {rule.code: rule for rule in ALL_RULES}

