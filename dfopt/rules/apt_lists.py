"""## What it does
Finds a RUN that runs `apt-get update` but leaves the package lists in `/var/lib/apt/lists`, and
appends `rm -rf /var/lib/apt/lists/*` to it.

## Why is this bad?
The lists are tens of megabytes that nothing in the running container needs. Removed in a later
RUN they still take their space in the earlier layer; only removing them in the same RUN keeps
them out of the image.

## Example
```dockerfile
RUN apt-get update && apt-get install -y curl
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
```

## Why this is safe
Only apt's package lists are removed, and every later step of the build that reads them gets
them back. dfopt follows the build after the RUN: the rest of its stage and every stage built
FROM it, until a RUN runs its own `apt-get update`. A RUN there that reads the lists (`apt-get
install`/`download`/`source`/`build-dep`, `apt-cache`, `aptitude`) gets `apt-get update && ` in
front of its first such command, so it fetches the lists it used to inherit (a fresh build
fetches them anyway). When the RUN that fetched the lists used secret, ssh or apt cache mounts,
the added update gets them too: an authenticated repository needs its credentials again. When the
next RUN can be combined with this one, DF102 combines them first. The lists count as a cache:
`apt-get install` run later in a container of the image needs its own `apt-get update`, as it
does on any image that follows Docker's advice.

## When dfopt refuses
- a RUN with a mount on `/var/lib/apt` or its lists (cache, tmpfs, bind): the lists are not in
  the image, and removing them would empty the mount: no finding;
- a later step runs code dfopt cannot read, which may use the lists: a shell script
  (`bash install.sh`, `sh -c '...'`, `curl ... | sh`), `source`, `eval`, `xargs`, a program run
  by its path (`./install`), a RUN in exec form or one that is not analysed;
- a later RUN reads the lists only under a condition (`if`, `||`, a loop, a function), inside a
  subshell or pipe, or in a heredoc: an `apt-get update` cannot be put in front of it;
- another stage copies or mounts `/var/lib/apt/lists` (or a folder holding it) from this stage
  or one built FROM it;
- an ONBUILD RUN reads the lists, or the update is itself an ONBUILD RUN: what runs after it is
  in another Dockerfile;
- the RUN that fetched the lists has a mount the later reader lacks that is not a secret, ssh or
  apt cache mount, or their `--network` flags differ;
- the RUN ends with `exit`/`exec`, a comment, `;` or `&`, or starts a background job.

## Fix safety
Safe, under the conditions above.

## References
- Docker docs: Best practices for writing Dockerfiles, "apt-get"
- hadolint DL3009
"""

from __future__ import annotations

from dfopt.rules import apt_update_alone, merge_package_runs
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.run_analysis import (APT_INSTALLS, append_command, copied_from_stage, keyword_span, later_paths, like,
                                line_of, only_updates, run_of, runs, updates_apt)
from dfopt.shell.commands import APT_TOOLS, hidden_code, removes_path

LISTS = "/var/lib/apt/lists"
CLEANUP = "rm -rf /var/lib/apt/lists/*"
# apt actions that read the package lists (installs need them to find packages).
APT_READS = APT_INSTALLS | frozenset({"download", "source", "satisfy", "changelog", "show", "showsrc",
                                      "search", "list", "policy", "depends", "rdepends", "madison"})
# Mounts an added `apt-get update` carries over from the RUN that fetched the lists.
_CARRIED = ("secret", "ssh")
_APT_CACHES = ("/var/cache/apt", "/var/lib/apt")


def reads_lists(inv) -> bool:
    if inv.tool in APT_TOOLS:
        return inv.action in APT_READS
    if inv.tool == "apt-cache":
        return True
    return inv.tool == "aptitude" and inv.action not in ("update", "clean", "autoclean")


def refreshes_lists(inv) -> bool:
    return (inv.tool in APT_TOOLS or inv.tool == "aptitude") and inv.action == "update" and not (
        inv.command.conditional or inv.command.subshell)


def _first_list_use(run):
    """The first command of a RUN that touches the package lists: ("refresh" | "read" | "hidden",
    what), or None."""
    by_command = {id(i.command): i for i in run.invocations}
    for command in run.script.commands:
        inv = by_command.get(id(command))
        if inv is not None and refreshes_lists(inv):
            return "refresh", inv
        if inv is not None and reads_lists(inv):
            return "read", inv
        if inv is None and hidden_code(command):
            return "hidden", command
    return None


def list_readers(df, run) -> list | str:
    """(RUN, first reading command) for each later RUN that reads the lists this RUN fetched before
    fetching its own; or why the lists must stay."""
    out: dict[int, tuple] = {}
    for path in later_paths(df, run.instruction):
        for ins in path:
            if ins.effective.cmd != "RUN":
                continue
            line = line_of(df, ins.start)
            later = run_of(df, ins)
            if later is None:
                return f"the RUN on line {line} is not analysed; it may read the package lists"
            use = _first_list_use(later)
            if use is None:
                continue
            kind, what = use
            if kind == "hidden":
                return (f"the RUN on line {line} runs code dfopt cannot read (`{what.words[0].text}`), "
                        "which may use the package lists")
            if ins.sub is not None:
                return f"the ONBUILD RUN on line {line} reads the package lists in the images built FROM this one"
            if kind == "refresh":
                break
            out.setdefault(id(ins), (later, what))
    return list(out.values())


def own_update(df, update_run, run, reader) -> tuple[Edit, ...] | str:
    """`apt-get update && ` in front of the RUN's first command that reads the lists, with the
    secret, ssh and apt cache mounts of the RUN that fetched them; or why not."""
    line = line_of(df, run.instruction.start)
    if run.body.heredoc_script or run.instruction.heredocs:
        return f"the RUN on line {line}, which reads these lists, uses a heredoc"
    if reader.command.conditional:
        return f"the RUN on line {line} reads these lists only under a condition"
    if reader.command.subshell:
        return f"the RUN on line {line} reads these lists inside a subshell or pipe"
    if update_run.flag_value("network") != run.flag_value("network"):
        return f"the RUN on line {line} has another --network than the update"
    have = {text for _, _, text in run.mounts()}
    carried = []
    for kind, target, text in update_run.mounts():
        if text in have:
            continue
        if kind in _CARRIED or (kind == "cache" and target.startswith(_APT_CACHES)):
            carried.append(text)
        else:
            return f"the update's mount `{text}` is not on the RUN on line {line}, which reads the lists"
    update = like(reader, "apt-get update") + " && "
    at = reader.command.start
    args = run.instruction.effective.arguments.source_offset(0)
    if not carried:
        return (Edit(at, at, update),)
    flags = " ".join(carried) + " "
    if at == args:
        return (Edit(at, at, flags + update),)
    return (Edit(args, args, flags), Edit(at, at, update))


class AptListsLeftInImage(Rule):
    code = "DF103"
    title = "apt lists left in the image"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE
    hadolint = ("DL3009",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for run in runs(df):
            if not updates_apt(run):
                continue
            if any(removes_path(i, LISTS) for i in run.invocations):
                continue
            if any(LISTS.startswith(t + "/") or t.startswith(LISTS) for _, t, _ in run.mounts() if t):
                continue
            readers = list_readers(df, run)
            if only_updates(run) and apt_update_alone.mergeable(df, run):
                continue  # DF101 merges the update into the install
            if readers and merge_package_runs.mergeable_next(df, run):
                continue  # DF102 combines it with the next RUN first
            yield self._finding(df, run, readers)

    def _finding(self, df, run, readers):
        start, end = keyword_span(run.instruction)
        message = "apt-get update without removing /var/lib/apt/lists in the same RUN"

        def refused(reason):
            return self.finding(start, end, message, no_fix_reason=reason)

        if isinstance(readers, str):
            return refused(readers)
        if run.instruction.sub is not None:
            return refused("an ONBUILD RUN runs in images built FROM this one, whose later steps are not in this file")
        copier = copied_from_stage(df, run.instruction, LISTS)
        if copier is not None:
            return refused(f"line {line_of(df, copier.start)} copies or mounts {LISTS} from this stage")
        installs = [i for i in run.tools(*APT_TOOLS) if i.action in APT_INSTALLS or i.action == "update"]
        edit = append_command(df, run, like(installs[-1], CLEANUP))
        if isinstance(edit, str):
            return refused(edit)
        edits = [edit]
        for later, reader in readers:
            update = own_update(df, run, later, reader)
            if isinstance(update, str):
                return refused(update)
            edits += update
        note = ""
        if readers:
            lines = ", ".join(str(line_of(df, r.instruction.start)) for r, _ in readers)
            note = f"; the RUN on line {lines} now runs its own apt-get update"
        return self.finding(start, end, message, Fix(tuple(edits), Applicability.SAFE, f"appended `{CLEANUP}`{note}"))
