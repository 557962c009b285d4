"""DF320 (hadolint DL3026): images from registries outside `trusted-registries`."""

import pytest

from dfopt.rules.trusted_registry import UntrustedRegistry as R
from dfopt.rules.trusted_registry import registry_of, trusted
from tests.ruletools import findings


def opts(*registries, default=None):
    options = {"trusted-registries": list(registries)}
    if default:
        options["default-registry"] = default
    return {"DF320": options}


def reported(text, options):
    return [text[f.start:f.end] for f in findings(R, text, options)]


@pytest.mark.parametrize("image, registry", [("debian:12", None), ("library/debian", None), ("a.b", None),
                                             ("my.reg/x:1", "my.reg"), ("localhost/x", "localhost"),
                                             ("host:5000/x", "host:5000"), ("MY.REG/x", "my.reg")])
def test_registry_of_a_reference(image, registry):
    assert registry_of(image) == registry


@pytest.mark.parametrize("registry, patterns, ok", [("a.corp.example", ["*.corp.example"], True),
                                                    ("corp.example", ["*.corp.example"], False),
                                                    ("docker.x", ["docker.*"], True), ("x.docker", ["docker.*"], False),
                                                    ("any.where", ["*"], True), ("my.reg", ["MY.REG"], True)])
def test_wildcards(registry, patterns, ok):
    assert trusted(registry, patterns) is ok


def test_off_without_registries():
    assert findings(R, "FROM other.io/x:1\n") == []
    assert findings(R, "FROM other.io/x:1\n", opts()) == []


TEXT = """FROM my.reg/debian:12 AS base
FROM debian:12 AS hub
FROM scratch
FROM base
FROM other.io/x:1 AS later
COPY --from=other.io/y:1 /a /b
COPY --from=hub /a /b
COPY --from=0 /a /b
RUN --mount=type=cache,from=other.io/z,target=/x true
RUN --mount=type=bind,from=hub,target=/x --mount=type=cache,target=/y true
FROM later
"""


def test_images_stages_copies_and_mounts():
    assert reported(TEXT, opts("my.reg")) == ["debian:12", "other.io/x:1", "--from=other.io/y:1",
                                              "--mount=type=cache,from=other.io/z,target=/x"]
    found = findings(R, TEXT, opts("my.reg"))
    assert "default registry" in found[0].message and "default-registry" in found[0].message
    assert "`other.io`" in found[1].message


def test_images_without_a_registry_are_trusted_through_the_named_default():
    assert reported(TEXT, opts("my.reg", "hub.name", default="hub.name")) == [
        "other.io/x:1", "--from=other.io/y:1", "--mount=type=cache,from=other.io/z,target=/x"]
    assert reported("FROM debian:12\n", opts("my.reg", default="hub.name")) == ["debian:12"]


def test_build_variables_read_with_their_global_defaults():
    text = "ARG BASE=my.reg/debian:12\nARG OTHER\nFROM ${BASE}\nFROM $OTHER\n"
    found = findings(R, text, opts("my.reg"))
    assert [text[f.start:f.end] for f in found] == ["$OTHER"]
    assert "known only at build time" in found[0].message


def test_a_stage_cannot_name_itself():
    assert reported("FROM foo AS foo\n", opts("my.reg")) == ["foo"]


def test_bad_options_are_named():
    assert R.option_problem({"trusted-registries": "my.reg"}) == "`trusted-registries` must be a list of registry names"
    assert R.option_problem({"default-registry": 3}) == "`default-registry` must be a registry name"
    assert R.option_problem({"trusted-registries": ["a"], "default-registry": "b"}) is None
