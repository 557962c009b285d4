"""DF404's unsafe fix writes down the base image's working directory; it offers none where that
folder is not known. One test per refusal in docs/rules/DF404.md: the image that would break."""

from dfopt.rules.relative_copy import RelativeCopyWithoutWorkdir as R
from tests.ruletools import findings, fixed


def test_no_fix_for_an_image_whose_workdir_dfopt_does_not_know():
    # php's official images work in /var/www/html: `WORKDIR /` would move index.php out of the
    # folder Apache serves.
    text = "FROM php:8.3-apache\nCOPY index.php .\n"
    assert fixed(R, text, unsafe=True) == text
    assert "unknown" in findings(R, text)[0].no_fix_reason


def test_no_fix_when_the_image_name_comes_from_a_variable_without_default():
    # `--build-arg BASE=golang` would make `/` the wrong folder; nothing in the file says which.
    text = "ARG BASE\nFROM ${BASE}:1\nCOPY main.go .\n"
    assert fixed(R, text, unsafe=True) == text


def test_a_name_that_only_ends_like_an_official_image_is_not_one():
    # someone/golang may set any WORKDIR.
    text = "FROM someone/golang:1\nCOPY main.go .\n"
    assert fixed(R, text, unsafe=True) == text
