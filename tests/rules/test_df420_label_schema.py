"""DF420-DF428: LABELs against the label schema (hadolint DL3049-DL3058)."""

import pytest

from dfopt.catalogue import lookup
from dfopt.rules import label_schema as ls
from dfopt.rules.label_email import EmailLabel
from dfopt.rules.label_empty import EmptyLabel
from dfopt.rules.label_hash import GitHashLabel
from dfopt.rules.label_missing import MissingLabel
from dfopt.rules.label_semver import SemverLabel
from dfopt.rules.label_spdx import SpdxLabel
from dfopt.rules.label_superfluous import SuperfluousLabel
from dfopt.rules.label_time import Rfc3339Label
from dfopt.rules.label_url import UrlLabel
from tests.ruletools import findings


def schema(strict=False, **types):
    return {"DF420": {"label-schema": {k.replace("_", "."): v for k, v in types.items()}, "strict-labels": strict}}


# --- value types, each checked against what hadolint 2.15.1 answers for the same value

@pytest.mark.parametrize("value", ["http://x", "http:", "urn:isbn:123", "mailto:a@b", "http://[::1]/", "http://u:p@a:1/x",
                                   "http://a/b%20c", "http://a/b?c#d", "file:///x", "http://[v1.x]/", "a+b-c.d:x"])
def test_urls(value):
    assert ls.is_url(value)


@pytest.mark.parametrize("value", ["", "/relative", "example.com/x", "1x:y", "http://a b", "http://a/b#c#d", "http://[zz]/",
                                   "http://a:x/", "http://a/%4", "http://x.y/%zz", "http://a/ü", "http://a/{x}", "http://a/|",
                                   "git@example.com:a/b", "http://a/[x]", "-a:b", "a_b:c"])
def test_not_urls(value):
    assert not ls.is_url(value)


@pytest.mark.parametrize("value, ok", [("2020-01-01T10:00:00Z", True), ("2020-01-01t10:00:00.5z", True),
                                       ("2020-01-01T10:00:00+01:00", True), ("2020-02-29T10:00:00Z", True),
                                       ("2020-01-01T23:59:60Z", True), ("2020-01-01", False),
                                       ("2020-01-01T10:00:00", False), ("2020-01-01 10:00:00Z", False),
                                       ("2019-02-29T10:00:00Z", False), ("2020-13-01T10:00:00Z", False),
                                       ("2020-01-01T24:00:00Z", False), ("2020-01-01T10:00Z", False)])
def test_rfc3339(value, ok):
    assert ls.is_rfc3339(value) is ok


@pytest.mark.parametrize("value, ok", [("1.0.0", True), ("1.0.0-rc.1+b.2", True), ("1.0.0--", True), ("1.0.0-rc-1", True),
                                       ("1.0", False), ("v1.0.0", False), ("1.0.0.0", False), ("1.0.0-a..b", False),
                                       ("1.0.0+b+c", False), ("01.0.0", False), ("1.0.0-01", False)])
def test_semver(value, ok):
    assert ls.is_semver(value) is ok


@pytest.mark.parametrize("value, ok", [("a@b.c", True), ("a@b", True), ("x@localhost", True), ("a+b@c", True),
                                       ('"a b"@c', True), ("a@[1.2.3.4]", True), ("a@b.", True), ("a", False),
                                       ("Jane <a@b.c>", False), (".a@b", False), ("a..b@c", False), ("a@-b", False),
                                       ("a@b_c", False), ("a@b@c", False), ("ü@b", False)])
def test_email(value, ok):
    assert ls.is_email(value) is ok


@pytest.mark.parametrize("value, ok", [("abcdef1", True), ("0123456789abcdef0123456789abcdef01234567", True),
                                       ("ABCDEF1", False), ("abc", False), ("main", False), ("abcdef12", False)])
def test_git_hash(value, ok):
    assert ls.is_git_hash(value) is ok


@pytest.mark.parametrize("value, problem", [("MIT", None), ("Apache-2.0", None), ("GPL-2.0-only", None), ("0BSD", None),
                                            ("mit", "not"), ("GPL-2.0", "deprecated"), ("GPL-2.0+", "deprecated"),
                                            ("MIT OR Apache-2.0", "not"), ("LLVM-exception", "not")])
def test_spdx(value, problem):
    found = ls.spdx_problem(value)
    assert found is None if problem is None else problem in found


# --- the rules

TYPED = ("FROM debian:12\nLABEL u=\"not a url\" t=2020-01-01 l=mit h=main v=1.0 e=nobody\n"
         "LABEL u=https://example.com t=2020-01-01T10:00:00Z l=MIT h=abcdef1 v=1.0.0 e=a@example.com\n")


@pytest.mark.parametrize("rule, kind, key", [(UrlLabel, "url", "u"), (Rfc3339Label, "rfc3339", "t"), (SpdxLabel, "spdx", "l"),
                                             (GitHashLabel, "hash", "h"), (SemverLabel, "semver", "v"),
                                             (EmailLabel, "email", "e")])
def test_each_type_rule_reports_its_labels_on_the_pair(rule, kind, key):
    found = findings(rule, TYPED, schema(**{key: kind}))
    assert len(found) == 1 and TYPED[found[0].start:found[0].end].startswith(f"{key}=")
    assert found[0].fix is None
    assert findings(rule, TYPED, schema(**{key: "text"})) == []  # another type: not this rule's
    assert findings(rule, TYPED) == []  # no schema: nothing


def test_values_from_build_variables_are_left_alone():
    text = "FROM debian:12\nARG BUILD_DATE\nLABEL created=$BUILD_DATE version=${V}\n"
    assert findings(Rfc3339Label, text, schema(created="rfc3339")) == []
    assert findings(SemverLabel, text, schema(version="semver")) == []


def test_quoted_keys_and_values_and_the_legacy_form():
    text = 'FROM debian:12\nLABEL "url"=\'http://q\'\nLABEL url not a url\nONBUILD LABEL url=x\n'
    found = findings(UrlLabel, text, schema(url="url"))
    assert [f.message for f in found] == ["label `url`: `not a url` is not an absolute URL (scheme:...)",
                                          "label `url`: `x` is not an absolute URL (scheme:...)"]


def test_empty_labels_of_the_schema():
    text = 'FROM debian:12\nLABEL a="" b="" c=1\n'
    found = findings(EmptyLabel, text, schema(a="text", c="text"))
    assert [text[f.start:f.end] for f in found] == ['a=""']


def test_superfluous_labels_only_when_strict():
    text = "FROM debian:12\nLABEL a=1 extra=2 ${K}=3\n"
    assert findings(SuperfluousLabel, text, schema(a="text")) == []
    found = findings(SuperfluousLabel, text, schema(strict=True, a="text"))
    assert [text[f.start:f.end] for f in found] == ["extra"]


MULTI = """FROM debian:12 AS build
RUN make
FROM debian:12 AS base
LABEL org.example.url=https://example.com
FROM base AS app
COPY --from=build /out /app
FROM debian:12 AS other
"""


def test_missing_labels_only_in_images_and_inherited_from_earlier_stages():
    found = findings(MissingLabel, MULTI, schema(org_example_url="url", org_example_version="semver"))
    # build: copied from; base: built on; app: has url through base, lacks version; other: lacks both
    assert [(f.start, f.message) for f in found] == [
        (MULTI.index("FROM base"), "label `org.example.version` of the label schema missing"),
        (MULTI.index("FROM debian:12 AS other"), "labels `org.example.url`, `org.example.version` of the label schema missing"),
    ]
    assert findings(MissingLabel, MULTI) == []


def test_a_malformed_schema_reaches_no_rule():
    bad = {"DF420": {"label-schema": {"a": "colour"}}}
    assert findings(MissingLabel, "FROM debian:12\n", bad) == []
    assert "colour" in ls.option_problem(bad["DF420"])
    assert "strict-labels" in ls.option_problem({"strict-labels": "yes"})
    assert ls.option_problem({"label-schema": ["a"]}).startswith("`label-schema` must map")


@pytest.mark.parametrize("code, rule", [("DL3049", MissingLabel), ("DL3050", SuperfluousLabel), ("DL3051", EmptyLabel),
                                        ("DL3052", UrlLabel), ("DL3053", Rfc3339Label), ("DL3054", SpdxLabel),
                                        ("DL3055", GitHashLabel), ("DL3056", SemverLabel), ("DL3058", EmailLabel)])
def test_each_hadolint_code_names_exactly_one_rule(code, rule):
    assert lookup(code) == [rule]


def test_a_hadolint_ignore_comment_silences_only_its_code():
    text = "FROM debian:12\n# hadolint ignore=DL3052\nLABEL u=x v=1.0\n"
    from dfopt.fixer import check
    from dfopt.syntax import parse

    found = check(parse(text), [UrlLabel, SemverLabel], options=schema(u="url", v="semver"))
    assert [f.code for f in found] == ["DF427"]


@pytest.mark.parametrize("rule", [SuperfluousLabel, EmptyLabel, UrlLabel, Rfc3339Label, SpdxLabel, GitHashLabel,
                                  SemverLabel, EmailLabel])
def test_the_other_label_rules_point_to_the_schema_rule(rule):
    assert rule.option_problem({}) is None
    assert "DF420" in rule.option_problem({"label-schema": {"a": "url"}})
