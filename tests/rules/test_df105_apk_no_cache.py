from dfopt.rules.apk_no_cache import ApkWithoutNoCache as R
from ruletools import codes, fixed


def test_catches_apk_add_without_no_cache():
    assert codes(R, "FROM a\nRUN apk add curl\n") == ["DF105"]


def test_ignores_no_cache_and_cache_mounts():
    assert codes(R, "FROM a\nRUN apk add --no-cache curl\n") == []
    assert codes(R, "FROM a\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n") == []


def test_adds_no_cache_and_drops_the_update_step():
    assert fixed(R, "FROM a\nRUN apk update && apk add --virtual .deps gcc \\\n  && make\n") == (
        "FROM a\nRUN apk add --no-cache --virtual .deps gcc \\\n  && make\n")


def test_keeps_the_update_when_another_apk_command_needs_the_index():
    assert fixed(R, "FROM a\nRUN apk update && apk upgrade && apk add curl\n") == (
        "FROM a\nRUN apk update && apk upgrade && apk add --no-cache curl\n")


def test_keeps_an_update_that_is_not_a_plain_chain_step():
    assert fixed(R, "FROM a\nRUN apk update || true; apk add curl\n") == (
        "FROM a\nRUN apk update || true; apk add --no-cache curl\n")


def test_keeps_an_update_when_dropping_it_would_drop_a_comment_line():
    before = "FROM a\nRUN apk update && \\\n  # the tools\n  apk add curl\n"
    assert fixed(R, before) == "FROM a\nRUN apk update && \\\n  # the tools\n  apk add --no-cache curl\n"
