"""DF321 (hadolint DL3057): images without a HEALTHCHECK; off by default."""

from dfopt.catalogue import select_rules
from dfopt.rules.healthcheck_missing import MissingHealthcheck as R
from tests.ruletools import findings


def test_off_by_default_and_selected_by_its_codes():
    assert R not in select_rules()
    assert R in select_rules(["DL3057"]) and R in select_rules(["DF321"])


def test_reports_the_images_at_their_from():
    text = "FROM debian:12\nCMD [\"x\"]\n"
    (found,) = findings(R, text)
    assert text[found.start:found.end] == "FROM" and found.fix is None


def test_build_stages_and_inherited_checks():
    text = """FROM debian:12 AS build
RUN make
FROM debian:12 AS base
HEALTHCHECK CMD ["true"]
FROM base AS app
COPY --from=build /out /app
FROM debian:12 AS tools
"""
    found = findings(R, text)
    assert [f.start for f in found] == [text.index("FROM debian:12 AS tools")]


def test_healthcheck_none_is_a_decision():
    assert findings(R, "FROM debian:12\nHEALTHCHECK NONE\n") == []


def test_a_stage_mounted_by_a_later_one_is_a_build_stage():
    text = "FROM debian:12 AS src\nFROM debian:12\nHEALTHCHECK CMD [\"true\"]\nRUN --mount=from=src,target=/s true\n"
    assert findings(R, text) == []
