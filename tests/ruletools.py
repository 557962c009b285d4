"""Helpers for rule tests: findings and fixed text for one rule on inline Dockerfile text."""

from dfopt.fixer import check, fix_text
from dfopt.syntax import parse


def findings(rule, text):
    return check(parse(text), [rule])


def codes(rule, text):
    return [f.code for f in findings(rule, text)]


def fixed(rule, text, unsafe=False):
    return fix_text(text, [rule], unsafe=unsafe).text


def only(rule, text):
    (finding,) = findings(rule, text)
    return finding
