"""Helpers for rule tests: findings and fixed text for one rule on inline Dockerfile text."""

from dfopt.fixer import check, fix_text
from dfopt.syntax import parse


def findings(rule, text, options=None):
    """`options`: the rule options by code, as the configuration gives them."""
    return check(parse(text), [rule], options=options)


def codes(rule, text, options=None):
    return [f.code for f in findings(rule, text, options)]


def fixed(rule, text, unsafe=False):
    return fix_text(text, [rule], unsafe=unsafe).text


def only(rule, text):
    (finding,) = findings(rule, text)
    return finding
