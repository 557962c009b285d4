from dfopt.rules.latest_tag import LatestTag as R
from tests.ruletools import findings


def test_reports_latest():
    assert len(findings(R, "FROM node:latest\n")) == 1


def test_latest_with_digest_or_other_tag_passes():
    assert findings(R, "FROM node:latest@sha256:abc\nFROM node:20\n") == []
