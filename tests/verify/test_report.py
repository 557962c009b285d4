"""What a user reads: the text and JSON renderings of a verify result."""

import json

from dfopt.verify import Side, VerifyResult
from dfopt.verify.compare import AppliedFix, config_changes, differences
from dfopt.verify.docker import Build
from dfopt.verify.fsdiff import FsDiff, Group
from dfopt.verify.report import render_json, render_text

FIXES = [AppliedFix("DF101", "line 4: merged apt-get update into the install on line 5", safe=True),
         AppliedFix("DF109", "line 5: added `--no-install-recommends` to `apt-get install`", safe=False)]


def sample() -> VerifyResult:
    original = Side("original", Build(True, 41.25, "sha256:aa", 7, 1, 30_500),
                    Build(True, 7.5, "sha256:ab", 7, 4, 30_549), size=330_700_000, layers=9)
    rewritten = Side("rewritten", Build(True, 35.0, "sha256:ba", 6, 1, 30_500),
                     Build(True, 2.25, "sha256:bb", 6, 5, 30_549), size=252_700_000, layers=8)
    fs = FsDiff(caches=[Group("apt package lists", "cache", "removed", 9, 19_900_000)],
                packages=[Group("ca-certificates", "dpkg", "removed", 164, 253_200, "20250419~deb12u2")],
                volatile=6)
    config = config_changes({"Cmd": ["/bin/sh", "-c", "node server.js"], "User": ""},
                            {"Cmd": ["node", "server.js"], "User": ""})
    result = VerifyResult(original, rewritten, FIXES, fs=fs, config=config, source_change="src/server.js")
    result.differences = differences(fs, config, FIXES)
    return result


def test_text_report_shows_numbers_caches_differences_and_verdict(snapshot):
    assert render_text(sample(), "Dockerfile") == snapshot


def test_text_report_names_the_fix_behind_a_removed_package():
    text = render_text(sample())
    assert "dpkg package removed: ca-certificates" in text and "<- DF109" in text
    assert text.rstrip().endswith("verdict: different: every difference comes from a fix marked unsafe")


def test_json_report_carries_the_same_facts():
    doc = json.loads(render_json(sample(), "Dockerfile"))
    assert doc["verdict"] == "different" and doc["safe_violation"] is False
    assert doc["original"]["size"] == 330_700_000 and doc["rewritten"]["rebuild_after_source_change"]["seconds"] == 2.25
    assert doc["caches"] == [{"name": "apt package lists", "change": "removed", "files": 9, "bytes": 19_900_000}]
    assert [d["fixes"] for d in doc["differences"]] == [["DF109"]]
    assert doc["config_changes"][0]["same_command"]


def test_a_failed_rewrite_shows_the_end_of_its_build_log():
    result = sample()
    result.rewritten.build = Build(False, 3.0, None, log_tail=["#7 ERROR: process \"/bin/sh -c exit 3\" did not complete"])
    text = render_text(result)
    assert "the rewritten Dockerfile failed to build" in text and "exit 3" in text
    assert "verdict: the rewritten Dockerfile does not build" in text
