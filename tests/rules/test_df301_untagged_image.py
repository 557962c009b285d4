from dfopt.rules.untagged_image import UntaggedImage as R
from tests.ruletools import findings, only


def test_reports_an_image_without_tag():
    assert "`debian`" in only(R, "FROM debian\n").message


def test_tags_digests_scratch_stages_and_variables_pass():
    assert findings(R, "FROM debian:12\nFROM scratch\nFROM x@sha256:abc\n") == []
    assert findings(R, "FROM node:20 AS build\nFROM build\n") == []
    assert findings(R, "ARG BASE\nFROM $BASE\nFROM ${P}busybox\n") == []


def test_registry_port_is_not_a_tag():
    assert len(findings(R, "FROM registry:5000/team/app\n")) == 1
