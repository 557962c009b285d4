"""DF405 drops a CMD, ENTRYPOINT or HEALTHCHECK that a later one of the same stage overrides.
One test per precondition of docs/rules/DF405.md, and an exhaustive check of the image
configuration (as BuildKit computes it) before and after the fix over short instruction lists."""

import itertools

from dfopt.fixer import fix_text
from dfopt.rules.repeated_cmd import RepeatedCmdOrEntrypoint as R
from dfopt.syntax import parse


def config(text):
    """The final (Cmd, Entrypoint, Healthcheck) of the last stage, by BuildKit's rules: an
    ENTRYPOINT clears an inherited CMD unless a CMD was set in this stage."""
    stages = {}
    cmd = entry = health = None
    cmd_set = False
    for ins in parse(text).instructions:
        if ins.cmd == "FROM":
            words = ins.args.split()
            base = stages.get(words[0], ("base-cmd", "base-entry", "base-health"))
            cmd, entry, health = base
            cmd_set = False
            if len(words) == 3:
                stages[words[2]] = None  # filled at the end of the stage
            current = words[2] if len(words) == 3 else None
        elif ins.cmd == "CMD":
            cmd, cmd_set = ins.args, True
        elif ins.cmd == "ENTRYPOINT":
            entry = ins.args
            if not cmd_set:
                cmd = None
        elif ins.cmd == "HEALTHCHECK":
            health = ins.args
        if current is not None:
            stages[current] = (cmd, entry, health)
    return cmd, entry, health


def test_image_configuration_is_kept_for_every_short_sequence():
    kinds = ["CMD c{}", "ENTRYPOINT e{}", "HEALTHCHECK CMD h{}", "RUN r{}"]
    for n in range(1, 5):
        for seq in itertools.product(kinds, repeat=n):
            body = "".join(k.format(i) + "\n" for i, k in enumerate(seq))
            for text in ("FROM a:1\n" + body, "FROM a:1 AS s\nCMD base\n" + body + "FROM s\n" + body):
                assert config(fix_text(text, [R]).text) == config(text), text


def test_stages_are_separate_a_cmd_in_an_earlier_stage_is_kept():
    text = "FROM a:1 AS build\nCMD a\nFROM build\nCMD b\n"
    assert fix_text(text, [R]).text == text


def test_onbuild_triggers_are_never_dropped():
    text = "FROM a:1\nONBUILD CMD a\nCMD b\nONBUILD CMD c\n"
    assert fix_text(text, [R]).text == text


def test_entrypoint_after_cmd_keeps_the_cmd():
    text = "FROM a:1\nENTRYPOINT [\"x\"]\nCMD [\"c\"]\nENTRYPOINT [\"y\"]\n"
    out = fix_text(text, [R]).text
    assert out == "FROM a:1\nCMD [\"c\"]\nENTRYPOINT [\"y\"]\n"
    assert config(out) == config(text)
