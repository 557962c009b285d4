"""## What it does
Finds `apk add` without `--no-cache` and adds it; an `apk update` that only fed those installs
is removed from the `&&` chain.

## Why is this bad?
Without `--no-cache`, apk keeps its package index in `/var/cache/apk` and it lands in the layer.
`--no-cache` fetches a fresh index for the command and stores nothing, which also makes a
separate `apk update` unnecessary.

## Example
```dockerfile
RUN apk update && apk add curl
```

## Use instead
```dockerfile
RUN apk add --no-cache curl
```

## Fix safety
Safe: the same packages are installed from an index fetched at the same time; only the cache
is left out. `apk update` is removed only when it is a plain step of the `&&` chain and every
other apk command in the RUN uses `--no-cache` (or is `apk del`). A RUN with a cache mount on
`/var/cache/apk` or `/etc/apk/cache` is left alone.

## References
- Alpine wiki: apk, "--no-cache"
- hadolint DL3019
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import insert_option, runs

APK_CACHES = ("/var/cache/apk", "/etc/apk/cache")
NO_INDEX = frozenset({"add", "del"})


class ApkWithoutNoCache(Rule):
    code = "DF105"
    title = "apk add without --no-cache"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3019",)

    def check(self, ctx: CheckContext):
        for run in runs(ctx.dockerfile):
            apk = run.tools("apk")
            if any(t.startswith(APK_CACHES) for t in run.cache_mounts()):
                continue
            adds = [i for i in apk if i.action == "add" and not i.has_option("--no-cache")]
            if not adds:
                continue
            edits = [insert_option(i.action_words[0], "--no-cache") for i in adds]
            others = [i for i in apk if i.action not in NO_INDEX and i.action != "update"]
            if not others:
                inner = run.instruction.effective.inner_lines
                for update in (i for i in apk if i.action == "update"):
                    edit = _drop_from_chain(run.script, update.command)
                    if edit and not any(edit.start <= line.start < edit.end for line in inner):
                        edits.append(edit)
            message = "apk add keeps its package index in the image; use --no-cache"
            fix = Fix(tuple(edits), Applicability.SAFE, "used `apk add --no-cache`"
                      + (" and dropped `apk update`" if len(edits) > len(adds) else ""))
            first = adds[0].command
            yield self.finding(first.start, first.end, message, fix)


def _drop_from_chain(script, command) -> Edit | None:
    """Delete `command && ` when it is a plain, unconditional step followed by `&&`."""
    if command.subshell or command.conditional:
        return None
    later = [c for c in script.commands if c.index >= command.index_end]
    if not later or script.text[command.index_end : later[0].index].strip() != "&&":
        return None
    return Edit(command.start, later[0].start, "")
