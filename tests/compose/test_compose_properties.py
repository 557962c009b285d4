"""Whatever the YAML, checking never crashes, findings lie inside the text, and fixing settles."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfopt.fixer import check_compose, fix_compose
from dfopt.errors import DfoptError

KEYS = ["image", "ports", "volumes", "environment", "network_mode", "networks", "links", "command",
        "depends_on", "build", "volumes_from", "<<", "host_ip", "target", "published", "type", "source"]
VALUES = ["postgres", "redis:7", "mysql:latest", "host", "5432:5432", "0.0.0.0:6379:6379", "6379",
          "/var/run/docker.sock:/x", "db-data:/var/lib/postgresql/data", "/data", "--appendonly",
          "yes", "PASSWORD=hunter2", "db", "", None, 5432, True]

scalars = st.sampled_from(VALUES)
trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    max_leaves=25,
)
documents = st.fixed_dictionaries(
    {"services": st.dictionaries(st.sampled_from(["db", "cache", "app", "web"]), trees, max_size=4)}
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents, st.booleans())
def test_any_compose_shaped_document_is_checked_and_fixed_without_crashing(doc, flow):
    text = yaml.safe_dump(doc, default_flow_style=flow, sort_keys=False)
    for finding in check_compose("compose.yaml", text):
        assert 0 <= finding.start <= finding.end <= len(text)
    fixed = fix_compose(text, unsafe=True)
    yaml.safe_load(fixed.text)
    assert fix_compose(fixed.text, unsafe=True).text == fixed.text


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t %@`,?\ufeff\r")), max_size=60))
def test_arbitrary_text_is_findings_or_a_dfopt_error(text):
    try:
        check_compose("compose.yaml", text)
    except DfoptError as err:
        assert err.path == "compose.yaml"
