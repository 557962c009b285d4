"""A fix's message as `check` shows it: in the imperative ("add `--no-cache-dir`"), the way a
hint reads before anything is done. Rules write what applying the fix did ("added
`--no-cache-dir`"), which is how `dfopt rewrite` lists the fixes it applied; `check` turns the
verb that starts each clause into the imperative. Text in backticks (commands, options) is
left as it is."""

from __future__ import annotations

import re

# Past tense -> imperative, for the verbs fix messages start their clauses with. A rule that
# starts a message with a verb missing here shows it in the past tense in `check`, and the test
# over the corpus (tests/test_check_corpus.py) fails.
IMPERATIVE = {
    "added": "add", "appended": "append", "bound": "bind", "chained": "chain", "changed": "change",
    "cleaned": "clean", "combined": "combine", "converted": "convert", "copied": "copy",
    "deleted": "delete", "dropped": "drop", "inserted": "insert", "joined": "join", "kept": "keep",
    "limited": "limit", "made": "make", "merged": "merge", "moved": "move", "pinned": "pin",
    "quoted": "quote", "ran": "run", "removed": "remove", "renamed": "rename", "replaced": "replace",
    "set": "set", "sorted": "sort", "split": "split", "switched": "switch", "turned": "turn",
    "used": "use", "wrapped": "wrap", "wrote": "write", "declared": "declare", "enabled": "enable",
    "disabled": "disable", "marked": "mark", "fixed": "fix", "installed": "install",
    "updated": "update", "upgraded": "upgrade", "deduplicated": "deduplicate", "reordered": "reorder",
    "grouped": "group", "passed": "pass", "gave": "give", "told": "tell", "defined": "define",
}

_CLAUSE_VERB = re.compile(r"(^|; |, | and |: )([a-z]+)\b")


def imperative(message: str) -> str:
    """`message` with the past-tense verb at the start of each clause in the imperative."""
    if not message:
        return message
    parts = message.split("`")
    for i in range(0, len(parts), 2):  # outside backticks only
        parts[i] = _CLAUSE_VERB.sub(lambda m: m.group(1) + IMPERATIVE.get(m.group(2), m.group(2)), parts[i])
    return "`".join(parts)
