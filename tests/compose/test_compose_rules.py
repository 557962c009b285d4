"""Compose rules: every code has a fixture that triggers it and a twin that does not; fixes are
text edits that leave the rest of the file byte for byte and leave nothing to fix."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

from dfopt.fixer import check_compose
from dfopt.compose.rules import ALL_RULES, RULES
from dfopt.catalogue import select_rules
from dfopt.errors import DfoptError
from dfopt.fixer import apply_edits
from dfopt.findings import Applicability, Finding
from dfopt.rules.docs import SAFE_FIX_SECTIONS

FIXTURES = Path(__file__).parent / "fixtures"
CODES = sorted(RULES)
DOC_SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "References"]


def codes(text: str, code: str | None = None) -> list[Finding]:
    return [f for f in check_compose("compose.yaml", text) if code is None or f.code == code]


def apply(text: str, findings: list[Finding]) -> str:
    return apply_edits(text, [e for f in findings if f.fix for e in f.fix.edits])


@pytest.mark.parametrize("code", CODES)
def test_trigger_fixture_yields_the_expected_number_of_findings(code):
    text = (FIXTURES / f"{code}.yaml").read_text()
    expected = int(re.search(r"# expect: (\d+)", text).group(1))
    assert len(codes(text, code)) == expected


@pytest.mark.parametrize("code", CODES)
def test_no_trigger_twin_yields_none(code):
    assert codes((FIXTURES / f"{code}.ok.yaml").read_text(), code) == []


@pytest.mark.parametrize("code", CODES)
def test_fixes_leave_valid_yaml_and_nothing_fixable(code):
    text = (FIXTURES / f"{code}.yaml").read_text()
    fixed = apply(text, codes(text, code))
    yaml.safe_load(fixed)
    assert not [f for f in codes(fixed, code) if f.fix]


@pytest.mark.parametrize("code", CODES)
def test_rule_docs_have_every_section_in_order(code):
    found = re.findall(r"^## (.+)$", RULES[code].docs(), re.M)
    # a rule with a safe fix adds its preconditions after "Fix safety" (tests/test_rule_docs.py
    # requires them of every such rule)
    preconditions = DOC_SECTIONS[:4] + ["Why this is safe", "When dfopt refuses"] + DOC_SECTIONS[4:]
    assert found == (preconditions if set(SAFE_FIX_SECTIONS) & set(found) else DOC_SECTIONS)


def test_codes_are_unique_and_in_their_own_range():
    assert len(RULES) == len(ALL_RULES)
    assert all(re.fullmatch(r"DC1\d\d", r.code) for r in ALL_RULES)
    assert len({r.title for r in ALL_RULES}) == len(ALL_RULES)


def test_rules_that_fix_say_how_safely_and_others_do_not():
    for code in CODES:
        fixes = [f.fix for f in codes((FIXTURES / f"{code}.yaml").read_text(), code) if f.fix]
        assert bool(fixes) == (RULES[code].fix_safety is not None), code


def test_select_and_ignore_take_code_prefixes():
    assert [r.code for r in select_rules(["DC10"], ["DC101", "DC102"], ALL_RULES)] == [f"DC10{i}" for i in range(3, 10)]
    assert select_rules(["ALL"], None, ALL_RULES) == list(ALL_RULES)


def test_findings_without_fix_say_why():
    for code in CODES:
        for finding in codes((FIXTURES / f"{code}.yaml").read_text(), code):
            assert finding.fix or finding.no_fix_reason


def test_finding_points_at_the_offending_text():
    text = "services:\n  db:\n    image: postgres:17\n    ports:\n      - '5432:5432'\n"
    (finding,) = codes(text, "DC101")
    assert text[finding.start : finding.end] == "'5432:5432'"


def test_offsets_count_characters_after_a_bom_and_non_ascii_comment():
    text = "\ufeff# données — ünïcode\nservices:\n  db:\n    image: postgres\n    volumes: [pgdata:/var/lib/postgresql/data]\n"
    (finding,) = codes(text, "DC108")
    assert text[finding.start : finding.end] == "postgres"


def test_crlf_file_keeps_its_line_endings_when_fixed():
    text = "services:\r\n  web:\r\n    image: nginx:1\r\n    network_mode: host\r\n    ports:\r\n      - 80:80\r\n    restart: always\r\n"
    fixed = apply(text, codes(text, "DC103"))
    assert fixed == "services:\r\n  web:\r\n    image: nginx:1\r\n    network_mode: host\r\n    restart: always\r\n"


# DC101 published database port


@pytest.mark.parametrize(
    "port, fixed",
    [
        ('"5432:5432"', '"127.0.0.1:5432:5432"'),
        ("5432:5432", '"127.0.0.1:5432:5432"'),
        ("'0.0.0.0:5432:5432'", "'127.0.0.1:5432:5432'"),
        ('"[::]:5432:5432"', '"127.0.0.1:5432:5432"'),
        ("5432", '"127.0.0.1::5432"'),
        ('"${DB_PORT:-5432}:5432"', '"127.0.0.1:${DB_PORT:-5432}:5432"'),
    ],
)
def test_published_db_port_fix_binds_to_loopback(port, fixed):
    text = f"services:\n  db:\n    image: postgres:17  # keep\n    ports:\n      - {port}  # note\n"
    result = apply(text, codes(text, "DC101"))
    assert result == text.replace(port, fixed)
    assert codes(result, "DC101") == []


def test_published_db_port_fix_is_unsafe():
    text = "services:\n  db:\n    image: mysql:8\n    ports: ['3306:3306']\n"
    (finding,) = codes(text, "DC101")
    assert finding.fix.applicability is Applicability.UNSAFE


def test_published_db_port_in_anchor_is_reported_without_fix():
    text = "x-ports: &p\n  - '5432:5432'\nservices:\n  db:\n    image: postgres:17\n    ports: *p\n"
    (finding,) = codes(text, "DC101")
    assert finding.fix is None and finding.no_fix_reason


def test_app_port_is_not_a_db_port():
    assert codes("services:\n  app:\n    image: node:20\n    ports: ['5432:5432']\n", "DC101") == []


# DC102 data without volume


def test_volume_on_parent_or_child_of_data_path_counts():
    for target in ("/var/lib/postgresql", "/var/lib/postgresql/data/pgdata"):
        text = f"services:\n  db:\n    image: postgres:17\n    volumes: ['pg:{target}']\n"
        assert codes(text, "DC102") == []


def test_redis_without_persistence_needs_no_volume():
    text = "services:\n  cache:\n    image: redis:7\n    command: redis-server --save '' --appendonly no\n"
    assert codes(text, "DC102") == []


def test_redis_with_save_schedule_needs_a_volume():
    text = "services:\n  cache:\n    image: redis:7\n    command: ['redis-server', '--save', '60 1']\n"
    assert [f.code for f in codes(text, "DC102")] == ["DC102"]


# DC103 / DC104 host network


def test_host_network_ports_fix_removes_the_whole_block_and_nothing_else():
    text = (FIXTURES / "DC103.yaml").read_text()
    fixed = apply(text, codes(text, "DC103"))
    assert fixed == text.replace('    ports:\n      - "127.0.0.1:8080:80"  # looks private, is not\n', "")


def test_host_network_ports_flow_style_on_one_line_is_removed_safely():
    text = "services:\n  web:\n    image: nginx:1\n    network_mode: host\n    ports: ['80:80']\n"
    (finding,) = codes(text, "DC103")
    assert finding.fix.applicability is Applicability.SAFE
    assert apply(text, [finding]) == "services:\n  web:\n    image: nginx:1\n    network_mode: host\n"


def test_host_network_ports_in_flow_mapping_gets_no_fix():
    text = "services:\n  web: {image: nginx:1, network_mode: host, ports: ['80:80']}\n"
    (finding,) = codes(text, "DC103")
    assert finding.fix is None


def test_host_network_with_ports_is_reported_once():
    text = (FIXTURES / "DC103.yaml").read_text()
    assert [f.code for f in codes(text) if f.code in ("DC103", "DC104")] == ["DC103"]


# DC105 default network


def test_only_data_services_on_default_network_is_fine():
    text = "services:\n  db:\n    image: postgres:17\n    volumes: ['pgdata:/var/lib/postgresql/data']\n  cache:\n    image: redis:7\n"
    assert codes(text, "DC105") == []


# DC106 links


def test_links_fix_renames_to_depends_on_and_is_safe_on_default_network():
    text = "services:\n  app:\n    build: .\n    links:\n      - db\n  db:\n    image: postgres:17\n"
    (finding,) = codes(text, "DC106")
    assert finding.fix.applicability is Applicability.SAFE
    assert apply(text, [finding]) == text.replace("links:", "depends_on:")


def test_links_fix_is_unsafe_with_custom_networks():
    text = (
        "services:\n  app:\n    build: .\n    networks: [a]\n    links: [db]\n"
        "  db:\n    image: postgres:17\n    networks: [b]\n"
    )
    (finding,) = codes(text, "DC106")
    assert finding.fix.applicability is Applicability.UNSAFE


def test_links_next_to_depends_on_gets_no_fix():
    text = "services:\n  app:\n    build: .\n    depends_on: [cache]\n    links: [db]\n"
    (finding,) = codes(text, "DC106")
    assert finding.fix is None and finding.no_fix_reason


# DC107 secrets


@pytest.mark.parametrize("name", ["DB_PASSWORD", "GITHUB_TOKEN", "STRIPE_API_KEY", "JWT_SECRET", "REDIS_PASS"])
def test_secret_names_with_literal_values_are_found(name):
    assert len(codes(f"services:\n  app:\n    image: a:1\n    environment:\n      {name}: abc123xyz\n", "DC107")) == 1


@pytest.mark.parametrize("name", ["PASSWORD_FILE", "KEYCLOAK_URL", "SECRETARY_NAME", "TOKEN_TTL", "PRIMARY_KEY_TYPE"])
def test_names_that_only_look_like_secrets_are_left_alone(name):
    assert codes(f"services:\n  app:\n    image: a:1\n    environment:\n      {name}: abc123xyz\n", "DC107") == []


# DC108 image tag


def test_image_with_build_is_the_local_name_and_needs_no_tag():
    assert codes("services:\n  app:\n    build: .\n    image: myapp\n", "DC108") == []


# DC109 docker socket


def test_docker_socket_with_trailing_slash_or_run_path_is_found():
    text = "services:\n  a:\n    image: a:1\n    volumes: ['/run/docker.sock/:/var/run/docker.sock']\n"
    assert len(codes(text, "DC109")) == 1


# parsing


def test_merge_keys_are_resolved_and_their_source_is_not_edited():
    text = (
        "x-db: &db\n  image: postgres:17\n  network_mode: host\n  ports: ['5432:5432']\n"
        "services:\n  db:\n    <<: *db\n"
    )
    found = codes(text)
    assert {"DC101", "DC103"} <= {f.code for f in found}
    assert all(f.fix is None for f in found if f.code in ("DC101", "DC103"))


def test_invalid_yaml_is_an_error_with_its_line():
    with pytest.raises(DfoptError) as err:
        check_compose("compose.yaml", "services:\n  db:\n    image: [postgres\n")
    assert err.value.path == "compose.yaml" and err.value.line is not None


def test_top_level_list_is_not_a_compose_file():
    with pytest.raises(DfoptError, match="top level must be a mapping"):
        check_compose("compose.yaml", "- a\n- b\n")


def test_empty_file_has_no_findings():
    assert check_compose("compose.yaml", "") == []
    assert check_compose("compose.yaml", "# nothing\n") == []


def test_yaml_tags_are_not_constructed():
    text = "services:\n  a:\n    image: !!python/object/apply:os.system ['echo hi']\n"
    assert codes(text, "DC108") == []  # a non-str tag is not a plain image name; nothing ran


def test_is_compose_path_knows_the_compose_file_names():
    from dfopt.compose.model import is_compose_path

    for name in ("compose.yaml", "compose.yml", "docker-compose.yml", "a/docker-compose.prod.yaml",
                 "compose.override.yml", "docker-compose-dev.yml"):
        assert is_compose_path(name), name
    for name in ("Dockerfile", "compose.json", "values.yaml", "my-compose.yaml", "composer.yaml"):
        assert not is_compose_path(name), name


def describe(text: str, findings: list[Finding]) -> str:
    """What a user sees: position, span, message, and each fix as a diff."""
    out = []
    for f in findings:
        line = text.count("\n", 0, f.start) + 1
        column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        out.append(f"{f.code} {line}:{column} {text[f.start:f.end]!r} [{f.severity.value}] {f.message}")
        if f.fix is None:
            out.append(f"  no fix: {f.no_fix_reason}")
            continue
        out.append(f"  fix ({f.fix.applicability.value}): {f.fix.message}")
        diff = difflib.unified_diff(text.splitlines(True), apply(text, [f]).splitlines(True), n=0)
        out.extend("  " + d.rstrip("\n") for d in list(diff)[2:])
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("code", CODES)
def test_findings_as_a_user_sees_them(code, text_snapshot):
    text = (FIXTURES / f"{code}.yaml").read_text()
    assert describe(text, codes(text, code)) == text_snapshot


def test_long_syntax_port_gets_host_ip_on_its_own_line():
    text = "services:\n  db:\n    image: postgres:17\n    ports:\n      - target: 5432\n        published: 5432  # psql\n    restart: always\n"
    fixed = apply(text, codes(text, "DC101"))
    assert fixed == text.replace("# psql\n", "# psql\n        host_ip: 127.0.0.1\n")


def test_long_syntax_wildcard_host_ip_is_replaced():
    text = "services:\n  db:\n    image: postgres:17\n    ports:\n      - {target: 5432, published: 5432, host_ip: 0.0.0.0}\n"
    assert apply(text, codes(text, "DC101")) == text.replace("0.0.0.0", "127.0.0.1")


def test_long_syntax_port_at_end_of_file_without_newline():
    text = "services:\n  db:\n    image: redis:7\n    ports:\n      - target: 6379\n        published: 6379"
    fixed = apply(text, codes(text, "DC101"))
    assert fixed == text + "\n        host_ip: 127.0.0.1\n"
    assert codes(fixed, "DC101") == []


def test_ignore_comment_on_the_line_or_above_suppresses_only_its_codes():
    text = (
        "services:\n  agent:\n    image: example/agent\n    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock  # dfopt: ignore=DC109\n"
        "      # it manages containers\n      # dfopt: ignore=DC109\n      - /run/docker.sock:/run/docker.sock\n"
        "      - /var/run/docker.sock:/x.sock  # dfopt: ignore=DC101\n"
    )
    found = [f for f in codes(text) if f.code in ("DC101", "DC108", "DC109")]
    assert [(f.code, text.count("\n", 0, f.start) + 1) for f in found] == [("DC108", 3), ("DC109", 9)]


def test_fix_compose_applies_safe_fixes_only_unless_asked_and_settles():
    from dfopt.fixer import fix_compose

    text = (FIXTURES / "DC101.yaml").read_text() + (FIXTURES / "DC103.yaml").read_text().replace("services:\n", "", 1)
    rules = [RULES["DC101"], RULES["DC103"]]
    safe = fix_compose(text, rules=rules)
    assert [a.code for a in safe.applied] == ["DC103"]
    full = fix_compose(text, rules=rules, unsafe=True)
    assert sorted({a.code for a in full.applied}) == ["DC101", "DC103"]
    assert fix_compose(full.text, rules=rules, unsafe=True).applied == []
    assert all(f.fix is None for f in full.remaining)


# DC110-DC124


def test_limits_decided_by_the_environment_count_as_set():
    text = "services:\n  api:\n    image: example/api:1\n    mem_limit: ${API_MEMORY}\n    cpus: ${API_CPUS-2}\n"
    assert codes(text, "DC115") == []
    zero_default = text.replace("${API_CPUS-2}", "${API_CPUS:-0}")
    assert len(codes(zero_default, "DC115")) == 1


def test_zero_limit_is_reported_without_a_fix_that_compose_would_refuse():
    text = "services:\n  api:\n    image: example/api:1\n    mem_limit: 0\n    cpus: 1\n"
    (finding,) = codes(text, "DC115")
    assert finding.fix is None and "written as 0" in finding.no_fix_reason


@pytest.mark.parametrize("code", ["DC111", "DC112", "DC113", "DC115"])
def test_service_wide_fixes_are_refused_for_services_from_anchors_and_flow_mappings(code):
    anchored = "x-base: &base\n  image: example/api:1\nservices:\n  api: *base\n"
    flow = "services:\n  api: {image: example/api:1}\n"
    for text in (anchored, flow):
        (finding,) = codes(text, code)
        assert finding.fix is None and finding.no_fix_reason


@pytest.mark.parametrize("code", ["DC111", "DC112", "DC113", "DC115"])
def test_service_wide_fixes_add_lines_after_the_last_key_and_nothing_else(code):
    text = "services:\n  api:\n    image: example/api:1\n    command: [\"serve\"]  # keep\n\n  # next\n  web:\n    image: x/y:1\n"
    finding = next(f for f in codes(text, code) if text[f.start:f.end] == "api")
    fixed = apply(text, [finding])
    head = "services:\n  api:\n    image: example/api:1\n    command: [\"serve\"]  # keep\n"
    assert fixed.startswith(head) and fixed.endswith("\n\n  # next\n  web:\n    image: x/y:1\n")
    added = fixed[len(head) : -len("\n  # next\n  web:\n    image: x/y:1\n")]
    assert added and all(line.startswith("    ") for line in added.splitlines() if line)
    assert not [f for f in codes(fixed, code) if text[f.start:f.end] == "api" and f.fix]


def test_service_wide_fix_at_end_of_file_without_newline_keeps_crlf():
    text = "services:\r\n  api:\r\n    image: example/api:1"
    fixed = apply(text, codes(text, "DC113"))
    assert fixed == text + "\r\n    read_only: true\r\n"


def test_service_wide_fix_refuses_a_block_scalar_at_the_end():
    text = "services:\n  api:\n    image: example/api:1\n    command: |\n      serve\n\n"
    (finding,) = codes(text, "DC113")
    assert finding.fix is None


def test_all_unsafe_fixes_together_pass_compose_lint_checks_dfopt_shares():
    text = (FIXTURES / "DC112.yaml").read_text()
    from dfopt.fixer import fix_compose

    fixed = fix_compose(text, unsafe=True).text
    left = {f.code for f in codes(fixed)}
    assert not left & {"DC111", "DC112", "DC113", "DC114", "DC115"}
    yaml.safe_load(fixed)


def test_known_image_fixes_add_back_the_entrypoint_capabilities_only_without_cap_add():
    text = "services:\n  db:\n    image: mysql:8.4\n"
    fixed = apply(text, codes(text, "DC112"))
    assert yaml.safe_load(fixed)["services"]["db"]["cap_add"] == ["CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"]
    own = "services:\n  db:\n    image: mysql:8.4\n    cap_add: [SYS_NICE]\n"
    assert yaml.safe_load(apply(own, codes(own, "DC112")))["services"]["db"]["cap_add"] == ["SYS_NICE"]


def test_sensitive_mounts_match_by_folder_not_by_prefix_text():
    from dfopt.compose.rules.sensitive_mount import sensitive

    assert sensitive("/etc/ssl/certs") == "/etc" and sensitive("//") == "/"
    assert sensitive("/etcetera") is None and sensitive("/usr/share/zoneinfo") is None
    assert sensitive("/var/lib/docker/") == "/var/lib/docker" and sensitive("./etc") is None


def test_database_on_the_default_network_needs_a_file_that_defines_networks():
    text = "services:\n  app:\n    build: .\n  db:\n    image: postgres:17\n"
    assert codes(text, "DC122") == [] and len(codes(text, "DC105")) == 1


# DC121's safe fix: one counterexample per refusal in its rule page


def test_dc121_refuses_ports_shared_through_an_anchor():
    text = ("x-ports: &ports\n  - '8080:8080'\nservices:\n  web:\n    image: nginx:1.27\n    ports: *ports\n"
            "  worker:\n    image: example/worker:2\n    network_mode: none\n    ports: *ports\n")
    (finding,) = codes(text, "DC121")
    assert finding.fix is None  # removing the anchor's text would unpublish `web` too


def test_dc121_refuses_network_mode_from_a_merge_key():
    text = ("x-isolated: &isolated\n  network_mode: none\nservices:\n  worker:\n    <<: *isolated\n"
            "    image: example/worker:2\n    ports: ['8080:8080']\n")
    (finding,) = codes(text, "DC121")
    assert finding.fix is not None  # own ports, merged mode: the mode is still none here
    shared = text.replace("    ports: ['8080:8080']\n", "") .replace("  network_mode: none\n", "  network_mode: none\n  ports: ['8080:8080']\n")
    (finding,) = codes(shared, "DC121")
    assert finding.fix is None


def test_dc121_refuses_ports_on_one_line_with_other_keys():
    text = "services:\n  worker: {image: example/worker:2, network_mode: none, ports: ['8080:8080']}\n"
    (finding,) = codes(text, "DC121")
    assert finding.fix is None


def test_dc121_is_silent_when_the_mode_comes_from_the_environment():
    text = "services:\n  worker:\n    image: example/worker:2\n    network_mode: ${NET_MODE}\n    ports: ['8080:8080']\n"
    assert codes(text, "DC121") == []


def test_service_wide_fix_refuses_a_service_ending_in_a_merged_mapping():
    text = ("x-log: &log\n  driver: json-file\nservices:\n  api:\n    image: example/api:1\n"
            "    logging:\n      <<: *log\n  web:\n    image: x/y:1\n")
    finding = next(f for f in codes(text, "DC113") if text[f.start:f.end] == "api")
    assert finding.fix is None  # the alias's marks point at the anchor: the end is not where it seems


def test_host_network_ports_fix_is_unsafe_for_a_service_that_may_be_a_swarm_stack():
    text = ("services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n    ports:\n      - \"8080:80\"\n"
            "    deploy:\n      replicas: 2\n")
    (finding,) = codes(text, "DC103")
    assert finding.fix.applicability is Applicability.UNSAFE


def test_dc121_fix_is_unsafe_for_a_service_a_swarm_stack_may_run():
    text = ("services:\n  worker:\n    image: example/worker:2\n    network_mode: none\n"
            "    ports: ['8080:8080']\n    deploy:\n      replicas: 2\n")
    (finding,) = codes(text, "DC121")
    assert finding.fix.applicability == Applicability.UNSAFE  # a stack ignores network_mode and publishes
