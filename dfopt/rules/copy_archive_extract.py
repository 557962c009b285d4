"""## What it does
Finds a `COPY` of a local tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, ...)
that a later `RUN` of the same stage extracts (`tar -x`, `tar xzf`, or a decompressor such as
`gunzip` or `zcat`).

## Why is this bad?
The COPY layer keeps the archive for good, even when the RUN deletes it afterwards: the image
carries both the archive and what it holds. `ADD` extracts a local tar archive (plain, gzip, bzip2
or xz) into its destination in one layer, without the archive.

## Example
```dockerfile
COPY vendor.tar.gz /tmp/
RUN tar -xzf /tmp/vendor.tar.gz -C /opt && rm /tmp/vendor.tar.gz
```

## Use instead
```dockerfile
ADD vendor.tar.gz /opt/
```

## Fix safety
No fix: the RUN may extract with options `ADD` has no word for (`--strip-components`, a member
list, an owner), or somewhere else than the COPY's destination.

A compressed file that is no tar archive (`.gz`, `.bz2`, `.xz`, `.Z`) is not reported: `ADD` copies
it as it is, so it is no way to extract it (hadolint reports `gunzip file.gz`). Zip files are not
reported either (`ADD` does not extract them). The traditional `tar xzf` (options without a dash)
counts as an extraction; hadolint misses it.

## References
- Dockerfile reference: ADD (local tar archives are extracted)
- hadolint DL3010
"""

from __future__ import annotations

from dfopt.findings import Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import program_words
from dfopt.rules.run_analysis import line_of, run_of
from dfopt.syntax.words import split_words

TAR_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
_DECOMPRESSORS = frozenset({"gunzip", "bunzip2", "unxz", "zcat", "gzcat", "bzcat", "xzcat", "uncompress"})


def basename(path: str) -> str:
    path = path.strip("\"'")
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def is_tar_archive(path: str) -> bool:
    return basename(path).lower().endswith(TAR_ARCHIVES)


def copied_archives(ins, escape: str) -> list[str]:
    """Basenames of the tar archives a COPY from the build context puts in the image."""
    if ins.flag("from") is not None or ins.heredocs:
        return []
    paths = list(ins.exec_args) if ins.form == "exec" and ins.exec_args else [w for w, _, _ in split_words(ins.args, escape)]
    if len(paths) < 2:
        return []
    *sources, dest = paths
    if is_tar_archive(dest) and not dest.endswith("/"):
        return [basename(dest)]
    return [basename(s) for s in sources if is_tar_archive(s)]


def _extracts(words) -> bool:
    name = basename(words[0].value or "")
    if name in _DECOMPRESSORS:
        return True
    if name != "tar":
        return False
    args = [w.value or "" for w in words[1:]]
    if args and args[0] and not args[0].startswith("-") and args[0].isalpha() and "x" in args[0]:
        return True  # `tar xzf file`: the traditional form, options without a dash
    return any(a in ("--extract", "--get") or (a.startswith("-") and not a.startswith("--") and "x" in a)
               for a in args)


def extracted_names(run) -> set[str]:
    """Basenames of the files that the commands of a RUN extract or decompress."""
    out: set[str] = set()
    for command in run.script.commands:
        words = program_words(command)
        if words and words[0].value is not None and _extracts(words):
            out.update(basename(w.value) for w in words[1:] if w.value)
    return out


class CopiedArchiveExtracted(Rule):
    code = "DF411"
    title = "COPY of a tar archive that a RUN extracts: use ADD"
    severity = Severity.INFO
    hadolint = ("DL3010",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            if ins.cmd != "COPY":
                continue
            archives = copied_archives(ins, df.escape)
            if not archives:
                continue
            for later in df.stage_after(ins):
                run = run_of(df, later) if later.cmd == "RUN" else None
                done = sorted(set(archives) & extracted_names(run)) if run is not None else []
                if done:
                    start, end = ins.keyword_start, ins.keyword_end
                    yield self.finding(start, end, f"`{done[0]}` stays in this layer though the RUN on line "
                                                   f"{line_of(df, later.start)} extracts it: ADD extracts it without "
                                                   "keeping the archive")
                    break
