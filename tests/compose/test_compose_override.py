"""compose.override.yaml merged with its base file the way Compose merges them before the rules
run: each finding lands in the file its text is in, once, and fixes never edit one file from the
other's positions."""

from __future__ import annotations

import pytest

from dfopt.compose.merge import Companion, companion_of
from dfopt.fixer import check_compose, fix_compose
from dfopt.catalogue import COMPOSE_RULES

BASE = ("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n"
        "  db:\n    image: postgres:17\n    volumes:\n      - ./pgdata:/var/lib/postgresql/data\n")
OVERRIDE = ("services:\n  web:\n    cap_drop: [ALL]\n    ports:\n      - \"9090:90\"\n"
            "  db:\n    volumes:\n      - db-data:/var/lib/postgresql/data\n    privileged: true\n"
            "volumes:\n  db-data:\n")


def found(text, path, companion, *codes):
    rules = [r for r in COMPOSE_RULES if r.code in codes]
    return [(f.code, text.count("\n", 0, f.start) + 1) for f in check_compose(path, text, rules, companion)]


def test_the_override_can_settle_a_finding_of_the_base_file():
    alone = found(BASE, "compose.yaml", None, "DC112", "DC123")
    merged = found(BASE, "compose.yaml", Companion("compose.override.yaml", OVERRIDE, True), "DC112", "DC123")
    assert ("DC112", 2) in alone and ("DC112", 2) not in merged  # web drops ALL in the override
    assert ("DC123", 9) in alone and ("DC123", 9) not in merged  # the override mounts a volume there


def test_each_finding_lands_once_in_the_file_its_text_is_in():
    base = found(BASE, "compose.yaml", Companion("compose.override.yaml", OVERRIDE, True), "DC114", "DC110", "DC111")
    over = found(OVERRIDE, "compose.override.yaml", Companion("compose.yaml", BASE, False), "DC114", "DC110", "DC111")
    assert base == [("DC111", 2), ("DC114", 5), ("DC111", 6)]  # services are defined in the base file
    assert over == [("DC114", 5), ("DC110", 9)]  # the port and the privilege the override adds


def test_fixes_edit_only_the_file_being_fixed_and_never_a_service_both_files_shape():
    result = fix_compose(BASE, "compose.yaml", list(COMPOSE_RULES), unsafe=True,
                         companion=Companion("compose.override.yaml", OVERRIDE, True))
    assert result.text == BASE.replace('"8080:80"', '"127.0.0.1:8080:80"')
    over = fix_compose(OVERRIDE, "compose.override.yaml", list(COMPOSE_RULES), unsafe=True,
                       companion=Companion("compose.yaml", BASE, False))
    assert over.text == OVERRIDE.replace('"9090:90"', '"127.0.0.1:9090:90"')


def test_a_service_only_the_override_defines_is_the_overrides_to_fix():
    override = "services:\n  extra:\n    image: example/extra:1\n"
    result = fix_compose(override, "compose.override.yaml", [r for r in COMPOSE_RULES if r.code == "DC113"],
                         unsafe=True, companion=Companion("compose.yaml", BASE, False))
    assert result.text == override + "    read_only: true\n"


def test_dc121_is_silent_when_the_override_gives_the_service_a_network():
    base = "services:\n  worker:\n    image: example/worker:2\n    network_mode: none\n    ports: ['8080:8080']\n"
    override = "services:\n  worker:\n    network_mode: bridge\n"
    assert found(base, "compose.yaml", None, "DC121") == [("DC121", 5)]
    assert found(base, "compose.yaml", Companion("compose.override.yaml", override, True), "DC121") == []
    assert fix_compose(base, "compose.yaml", None, companion=Companion("compose.override.yaml", override, True)).text == base


def test_lists_are_concatenated_and_volumes_merged_by_container_path():
    base = "services:\n  app:\n    image: a/b:1\n    cap_add: [SYS_ADMIN]\n    volumes: ['/etc:/host-etc']\n"
    override = "services:\n  app:\n    cap_add: [NET_ADMIN]\n    volumes: ['cfg:/host-etc']\nvolumes:\n  cfg:\n"
    companion = Companion("compose.override.yaml", override, True)
    assert found(base, "compose.yaml", companion, "DC117", "DC118") == [("DC117", 4)]
    over = found(override, "compose.override.yaml", Companion("compose.yaml", base, False), "DC117")
    assert over == [("DC117", 3)]


@pytest.mark.parametrize("name, other, is_override", [
    ("compose.yaml", "compose.override.yaml", True),
    ("compose.yml", "compose.override.yml", True),
    ("docker-compose.yml", "docker-compose.override.yml", True),
    ("compose.override.yaml", "compose.yaml", False),
    ("docker-compose.override.yaml", "docker-compose.yml", False),
])
def test_companion_is_the_file_compose_merges_by_default(tmp_path, name, other, is_override):
    (tmp_path / name).write_text("services: {}\n")
    assert companion_of(str(tmp_path / name)) is None
    (tmp_path / other).write_text("services:\n  a:\n    image: x/y:1\n")
    companion = companion_of(str(tmp_path / name))
    assert companion.path == str(tmp_path / other) and companion.is_override is is_override
    assert companion_of(str(tmp_path / "compose.prod.yaml")) is None
