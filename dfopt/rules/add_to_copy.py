"""## What it does
Finds `ADD` whose sources are local files or folders that are not archives, and turns it into
`COPY`.

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

## Why this is safe
For a local source ADD and COPY do the same thing, with one exception: a source file that is a
tar archive, plain or compressed (gzip, bzip2, xz, zstd), is unpacked by ADD. Docker decides
that by the file's content, not its name (`notes.txt` that is a tar is unpacked, `site.tar.gz`
that is text is not), so dfopt reads each source file's first bytes in the context: compression
magic numbers, or a first 512-byte block that is a valid tar header. Folders are copied, never
unpacked, whatever they hold. Zip, jar, deb and wheel files are not tar archives and are copied
by both. The flags both accept (`--chown`, `--chmod`, `--link`, `--exclude`) mean the same.

## When dfopt refuses
The fix is unsafe (and says why) when:
- there is no build context, or only a listing of it: the files cannot be read;
- a source is not in the context, or .dockerignore leaves it out (dfopt reads only what is sent);
- a source is a symbolic link, or a wildcard with `[...]` or an escape;
- ADD carries a flag dfopt does not know to mean the same for COPY.

A source that is an archive, a URL, a git reference or holds a variable, a heredoc ADD and the
ADD-only flags are left alone (no fix).

## Fix safety
Safe when dfopt has read every source in the build context and none is an archive; otherwise
unsafe, with the reason. Sources that are URLs, git references or variables, sources that are
archives, and ADD-only flags (`--checksum`, `--keep-git-dir`, `--unpack`) are left alone.

## References
- Dockerfile reference: ADD, COPY
- hadolint DL3020
"""

from __future__ import annotations

import fnmatch
import re

from dfopt.context.dockerignore import normalize_path
from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule

ARCHIVE = re.compile(
    r"\.(tar|tgz|tb2|tbz|tbz2|tpz|tlz|txz|tzst|tz|taz|gz|bz2|xz|lz|lzma|lz4|z|zst)$",
    re.IGNORECASE,
)
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^git@|\.git(#.*)?$", re.IGNORECASE)
ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack", "exclude-git"})
SHARED_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})
# Magic numbers of the compressions Docker unpacks: gzip, bzip2, xz, zstd (and its skippable frames).
_COMPRESSED = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd")


def is_archive(head: bytes) -> bool:
    """Whether ADD would unpack a file that starts with these bytes (at least 512 of them when
    the file has them): compressed, or a first block with a valid tar header checksum. An all-zero
    first block counts too: unsure means archive."""
    if head.startswith(_COMPRESSED) or (len(head) >= 4 and head[1:4] == b"\x2a\x4d\x18" and head[0] & 0xF0 == 0x50):
        return True
    if len(head) < 512:
        return False
    block = head[:512]
    if not any(block):
        return True
    field = block[148:156]
    if field[0] & 0x80:
        return True  # base-256 number: unsure
    digits = field.strip(b" \x00")
    if not digits or any(c not in b"01234567" for c in digits):
        return False
    stored = int(digits, 8)
    rest = block[:148] + b" " * 8 + block[156:]
    return stored in (sum(rest), sum(b - 256 if b > 127 else b for b in rest))


def classify(src: str) -> str:
    """"special" (URL, git, variable: ADD is doing its job), "archive" (by name), or "plain"."""
    if "$" in src or REMOTE.search(src):
        return "special"
    name = src.rstrip("/").rsplit("/", 1)[-1]
    return "archive" if ARCHIVE.search(name) else "plain"


def read_sources(context, sources: list[str]) -> tuple[str, str]:
    """("plain", "") when every source is in the context and none is an archive; ("archive",
    name) when one is; ("unknown", why) when dfopt cannot tell."""
    if context is None or context.listing is not None:
        return "unknown", "without the build context dfopt cannot read the sources"
    for src in sources:
        if "[" in src or "\\" in src:
            return "unknown", f"dfopt does not expand the wildcard {src}"
        name = normalize_path(src)
        paths = _expand(context, name) if name is not None else [None]
        if not paths:
            return "unknown", f"{src} is not in the build context (or .dockerignore leaves it out)"
        for path in paths:
            kind = _kind(context, path)
            if kind != "plain":
                return kind, path or "."
    return "plain", ""


def _expand(context, name: str) -> list[str]:
    """The sent paths a source names, its wildcards (`*`, `?`) expanded segment by segment."""
    found = [""]
    for part in name.split("/"):
        nxt = []
        for base in found:
            if any(c in part for c in "*?"):
                names = [n for n in context.children(base) or () if fnmatch.fnmatchcase(n, part)]
            else:
                names = [part]
            nxt.extend(f"{base}/{n}" if base else n for n in names)
        found = [p for p in nxt if context.sent(p)]
    return found


def _kind(context, path: str | None) -> str:
    full = context.root if path is None else context.root / path
    if full.is_symlink():
        return "unknown"
    if full.is_dir():
        return "plain"  # folders are copied, never unpacked
    try:
        with open(full, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return "unknown"
    return "archive" if is_archive(head) else "plain"


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
            sources = words[:-1]
            kinds = {classify(s) for s in sources}
            if not kinds or "special" in kinds:
                continue
            if ctx.build_context is None and "archive" in kinds:
                continue  # by its name, most likely an archive ADD is meant to unpack
            found, why = read_sources(ctx.build_context, sources)
            if found == "archive":
                continue  # ADD unpacks it: doing its job
            unknown_flags = sorted({f.name for f in add.flags} - SHARED_FLAGS)
            if found == "plain" and unknown_flags:
                found, why = "unknown", f"dfopt does not know that --{unknown_flags[0]} means the same for COPY"
            keyword = "COPY" if add.keyword.isupper() else "copy" if add.keyword.islower() else "Copy"
            edit = Edit(add.keyword_start, add.keyword_end, keyword)
            if found == "plain":
                fix = Fix((edit,), Applicability.SAFE, "replaced ADD with COPY")
            else:
                fix = Fix((edit,), Applicability.UNSAFE,
                          f"replaced ADD with COPY (unsafe: {why}; ADD unpacks a tar archive whatever its name)")
            yield self.finding(add.keyword_start, add.keyword_end,
                               "ADD of local files that are not archives: use COPY", fix)
