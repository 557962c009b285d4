"""## What it does
Finds `wget` without `--progress`, `-q`/`--quiet`, `-nv`/`--no-verbose` or an output log
(`-o`/`-a`), and adds `--progress=dot:giga`.

## Why is this bad?
`wget`'s default progress output in a build log is a line per few kilobytes: downloading a large
file writes thousands of lines that bury the build's real messages (and slow down CI logs).

## Example
```dockerfile
RUN wget https://example.com/big.tar.gz
```

## Use instead
```dockerfile
RUN wget --progress=dot:giga https://example.com/big.tar.gz
```

## Fix safety
Unsafe: BusyBox's `wget` (Alpine, BusyBox images) does not know `--progress` on every version and
then stops the build with an error. Only the log output changes with GNU wget. dfopt gives no fix
when the stage's base image is Alpine or BusyBox.

## References
- GNU Wget manual: --progress
- hadolint DL3047
"""

from __future__ import annotations

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.pinning import commands_named
from dfopt.rules.run_analysis import runs

_LONG_QUIET = ("--progress", "--quiet", "--no-verbose", "--output-file", "--append-output")


def _quiet(words) -> bool:
    for w in words[1:]:
        v = w.value or ""
        if v == "--":
            break
        if v == "-nv" or v.startswith(_LONG_QUIET):
            return True
        if v.startswith("-") and not v.startswith("--") and any(ch in v[1:] for ch in "qoa"):
            # short options cluster (`-qO-`): q, o or a before a value-taking letter
            for ch in v[1:]:
                if ch in "qoa":
                    return True
                if ch in "OPeUTtwYlQAR":  # options taking a value end the cluster
                    break
    return False


class WgetProgress(Rule):
    code = "DF118"
    title = "wget without --progress: the log fills with progress lines"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3047",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for command, words in commands_named(df, "wget"):
            if _quiet(words):
                continue
            message = "wget writes a progress line every few kilobytes: add `--progress=dot:giga`"
            ins = next((r.instruction for r in runs(df) if command in r.script.commands), None)
            stage = df.stage_of(ins) if ins is not None else None
            image = stage.image.lower() if stage is not None else ""
            if stage is None or "alpine" in image or "busybox" in image:
                yield self.finding(command.start, command.end, message,
                                   no_fix_reason="the base image may have BusyBox wget, which may not know --progress")
                continue
            yield self.finding(command.start, command.end, message,
                               Fix((Edit(words[0].end, words[0].end, " --progress=dot:giga"),), Applicability.UNSAFE,
                                   "added --progress=dot:giga to wget"))
