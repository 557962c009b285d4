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

## Why this is safe
The same packages are installed from an index fetched at the same time; only the cache is left
out: `apk add` without `--no-cache` does not refresh the index kept in `/var/cache/apk`, so
adding the option leaves that index as it was. `apk update` is removed only when it is a plain
step of the `&&` chain, every other apk command in the RUN is `apk add` (with `--no-cache`) or
`apk del`, and nothing after the RUN reads the index it kept.

## When dfopt refuses
- a later RUN of the stage (or a stage built FROM it) runs an apk command that reads the kept
  index (`apk upgrade`, `apk search`, `apk fetch`, `apk info`, ...), or runs code dfopt cannot
  read (a script), or the RUN itself runs such code: `apk update` stays (`--no-cache` is still added);
- the RUN has `--network=none` or the install passes `--no-network`: with `--no-cache` apk must
  download the index, which it cannot: no fix;
- a RUN with a cache mount on `/var/cache/apk` or `/etc/apk/cache` is left alone.

## Fix safety
Safe, under the conditions above.

## References
- Alpine wiki: apk, "--no-cache"
- hadolint DL3019
"""

from __future__ import annotations

from functools import lru_cache

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import LaterIndex, insert_option, run_of, runs
from dfopt.shell.commands import hidden_code

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
            message = "apk add keeps its package index in the image; use --no-cache"
            first = adds[0].command
            if run.flag_value("network") == "none" or any(i.has_option("--no-network") for i in adds):
                yield self.finding(first.start, first.end, message, no_fix_reason=(
                    "the install runs without network: with --no-cache apk would have to download the index"))
                continue
            edits = [insert_option(i.action_words[0], "--no-cache") for i in adds]
            others = [i for i in apk if i.action not in NO_INDEX and i.action != "update"]
            hidden = any(hidden_code(c) for c in run.script.commands)
            if not others and not hidden and not _index_read_later(ctx.dockerfile, run):
                inner = run.instruction.effective.inner_lines
                for update in (i for i in apk if i.action == "update"):
                    edit = _drop_from_chain(run.script, update.command)
                    if edit and not any(edit.start <= line.start < edit.end for line in inner):
                        edits.append(edit)
            fix = Fix(tuple(edits), Applicability.SAFE, "used `apk add --no-cache`"
                      + (" and dropped `apk update`" if len(edits) > len(adds) else ""))
            yield self.finding(first.start, first.end, message, fix)


def _index_read_later(df, run) -> bool:
    """Whether a later RUN that sees this one's files may read apk's kept index."""
    return _index_readers(df).after(run.instruction) is not None


@lru_cache(maxsize=8)
def _index_readers(df) -> LaterIndex:
    """RUNs that may read apk's kept index: apk commands other than `add`/`del`, an `add` that
    cannot download one, code dfopt cannot read, and RUNs it does not analyse."""
    out = []
    for ins in df.instructions:
        if ins.effective.cmd != "RUN":
            continue
        run = run_of(df, ins)
        if run is None or any(hidden_code(c) for c in run.script.commands) or any(
                i.action not in NO_INDEX | {"update"} or (i.action == "add" and (
                    run.flag_value("network") == "none" or i.has_option("--no-network")))
                for i in run.tools("apk")):
            out.append(ins)
    return LaterIndex(df, out)


def _drop_from_chain(script, command) -> Edit | None:
    """Delete `command && ` when it is a plain, unconditional step followed by `&&`."""
    if command.subshell or command.conditional:
        return None
    later = [c for c in script.commands if c.index >= command.index_end]
    if not later or script.text[command.index_end : later[0].index].strip() != "&&":
        return None
    return Edit(command.start, later[0].start, "")
