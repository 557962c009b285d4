"""## What it does
Finds `ADD` whose sources are local files or folders that are neither archives nor URLs, and
turns it into `COPY`.

## Why is this bad?
`ADD` also downloads URLs and unpacks local tar archives. Used for plain files it hides that
magic from the reader, and a file that happens to be an archive is silently unpacked. `COPY`
says exactly what happens.

## Example
```dockerfile
ADD package.json /app/
```

## Use instead
```dockerfile
COPY package.json /app/
```

## Fix safety
Safe when every source is a folder or names a file that is not an archive (by its extension):
ADD and COPY then copy the same bytes with the same ownership and permissions. ADD unpacks a
local tar archive whatever its name, so a source that names no extension could in principle be
one; folders are never unpacked. A wildcard that could match an archive (`conf/*`) makes the fix
unsafe. Sources with variables, archive names (`.tar`, `.tgz`, `.gz`, `.xz`, ...), URLs, git
references, or ADD-only flags (`--checksum`, `--keep-git-dir`, `--unpack`) are left alone. Zip,
jar, deb and wheel files are never unpacked by ADD, so they count as plain files.

## References
- Dockerfile reference: ADD, COPY
- hadolint DL3020
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule

ARCHIVE = re.compile(
    r"\.(tar|tgz|tb2|tbz|tbz2|tpz|tlz|txz|tzst|tz|taz|gz|bz2|xz|lz|lzma|lz4|z|zst)$",
    re.IGNORECASE,
)
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^git@|\.git(#.*)?$", re.IGNORECASE)
ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack", "exclude-git"})


def classify(src: str) -> str:
    """"plain" (never unpacked), "wildcard" (may match an archive), or "special" (URL, git,
    variable, archive name: ADD is doing its job)."""
    if "$" in src or REMOTE.search(src):
        return "special"
    name = src.rstrip("/").rsplit("/", 1)[-1]
    if ARCHIVE.search(name):
        return "special"
    if any(c in name for c in "*?["):
        # plain only when the pattern fixes a non-archive extension (`*.json`)
        ext = name.rsplit(".", 1)[1] if "." in name else ""
        if ext and not any(c in ext for c in "*?[") and not ARCHIVE.search("." + ext):
            return "plain"
        return "wildcard"
    return "plain"


class AddForPlainFiles(Rule):
    code = "DF403"
    title = "ADD of plain local files: use COPY"
    severity = Severity.ERROR
    fix_safety = Applicability.SAFE
    hadolint = ("DL3020",)

    def check(self, ctx: CheckContext):
        for ins in ctx.dockerfile.instructions:
            add = ins.effective
            if add.cmd != "ADD" or add.heredocs:
                continue
            if any(f.name in ADD_ONLY_FLAGS for f in add.flags):
                continue
            words = list(add.exec_args) if add.form == "exec" else add.args.split()
            kinds = {classify(s) for s in words[:-1]}
            if not kinds or "special" in kinds:
                continue
            keyword = "COPY" if add.keyword.isupper() else "copy" if add.keyword.islower() else "Copy"
            edit = Edit(add.keyword_start, add.keyword_end, keyword)
            if "wildcard" in kinds:
                fix = Fix((edit,), Applicability.UNSAFE,
                          "replaced ADD with COPY (a wildcard source that matches a tar archive is no longer unpacked)")
            else:
                fix = Fix((edit,), Applicability.SAFE, "replaced ADD with COPY")
            yield self.finding(add.keyword_start, add.keyword_end,
                               "ADD of local files that are not archives: use COPY", fix)
