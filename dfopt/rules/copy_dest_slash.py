"""## What it does
Finds a `COPY` or `ADD` of several sources whose destination does not end with `/`, and adds the
`/`.

## Why is this bad?
Several sources go into a folder, and the trailing `/` is how a Dockerfile says the destination is
one. Without it the classic builder stops (`When using COPY with more than one source file, the
destination must be a directory and end with a /`), and BuildKit, when the path is no folder yet,
copies each source file to that one path in turn: the image gets a single file, the last source
(folders given as sources merge their contents into it either way).

## Example
```dockerfile
COPY package.json package-lock.json /app
```

## Use instead
```dockerfile
COPY package.json package-lock.json /app/
```

## Fix safety
Safe where the destination is already a folder of the stage, unsafe elsewhere: when the path does
not exist yet, the `/` turns the single file BuildKit would write (the last source) into a folder
holding every source.

## Why this is safe
- When the destination is an existing folder, BuildKit copies each source into it with or without
  the `/`: the files, their owners and modes are the same.
- The destination is known to be a folder when it is the working directory set by the last
  `WORKDIR` of the stage, written as the same absolute path without variables: WORKDIR creates the
  folder.

## When dfopt refuses
- A RUN between that WORKDIR and the COPY may remove or replace the folder: the fix is unsafe.
- A destination that is any other path, holds a variable or is relative is not known to exist: the
  fix is unsafe.
- `ONBUILD COPY` runs in another build, whose folders this file does not show: the fix is unsafe.
- A destination `.` (or ending in `/.`) already names a folder for BuildKit and is not reported
  (hadolint reports it).
- A destination that starts with `<<` gets no fix: a `/` after it would open a heredoc.

## References
- Dockerfile reference: COPY ("If multiple source resources are specified, then the destination
  must be a directory, and it must end with a slash /")
- hadolint DL3021
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax.words import split_words, strip_quotes


def sources_and_destination(ins, escape: str):
    """(number of sources, destination without quotes, its span in the file, offset in the file
    where a `/` goes to end it), or None when the instruction has no destination."""
    if ins.form == "exec" and ins.exec_args is not None:
        if len(ins.exec_args) < 2:
            return None
        quote = ins.args.rfind('"')
        opening = ins.args.rfind('"', 0, quote)
        span = ins.arguments.source_span(opening, quote + 1)
        return len(ins.exec_args) - 1, ins.exec_args[-1], span, ins.arguments.source_offset(quote)
    words = split_words(ins.args, escape)
    if len(words) < 2:
        return None
    word, start, end = words[-1]
    at = end - 1 if strip_quotes(word) != word else end
    return len(words) - 1, strip_quotes(word), ins.arguments.source_span(start, end), ins.arguments.source_offset(at)


def _known_folder(df, ins, dest: str) -> bool:
    """Whether `dest` is the folder the last WORKDIR of the stage created, with no RUN since."""
    for earlier in reversed(df.stage_before(ins)):
        if earlier.cmd == "RUN":
            return False
        if earlier.cmd == "WORKDIR":
            path = strip_quotes(earlier.args.strip())
            return "$" not in path and path.startswith("/") and path.rstrip("/") == dest.rstrip("/")
    return False


class CopyDestinationWithoutSlash(Rule):
    code = "DF413"
    title = "COPY of several sources to a destination without a trailing /"
    severity = Severity.WARNING
    fix_safety = Applicability.SAFE
    hadolint = ("DL3021",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            copy = ins.effective
            if copy.cmd not in ("COPY", "ADD"):
                continue
            found = sources_and_destination(copy, df.escape)
            if found is None:
                continue
            count, dest, (start, end), at = found
            if count < 2 or dest.endswith(("/", "/.")) or dest == ".":
                continue
            if dest.startswith("<<"):  # `<</` would open a heredoc: no fix can end this word
                yield self.finding(start, end, f"{count} sources go to `{dest}`: end it with `/` to make it a folder",
                                   no_fix_reason="a `/` after `<<` would start a heredoc")
                continue
            safe = copy is ins and "$" not in dest and dest.startswith("/") and _known_folder(df, ins, dest)
            fix = Fix((Edit(at, at, "/"),), Applicability.SAFE if safe else Applicability.UNSAFE,
                      f"ended the destination `{dest}` with `/`" + ("" if safe else
                      " (if it was no folder yet, it now holds every source instead of the last one)"))
            yield self.finding(start, end,
                               f"{count} sources go to `{dest}`: end it with `/` to make it a folder", fix)
