"""What every language's stage split (rule DF310) shares: reading the original single stage into
a placement (each instruction carried into the build or runtime stage, replaced by the template,
or the reason the split is refused), and the checks any split makes before it renders.

A language module (node_split.py, python_go_split.py) says only what is its own: which commands
it understands (`classify`), which COPYs it can place, and when its install or build has run.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dfopt.project import node as nodeproject
from dfopt.syntax import Dockerfile, Instruction

# System packages that only compile things; everything else is assumed to be needed at run time.
BUILD_PACKAGES = frozenset({
    "autoconf", "automake", "build-base", "build-essential", "cmake", "g++", "gcc", "git", "libc-dev",
    "libc6-dev", "libtool", "linux-headers", "make", "musl-dev", "nasm", "node-gyp", "pkg-config",
    "pkgconf", "python3", "python3-dev", "python", "python-is-python3", "py3-setuptools",
})
SIMPLE_WORD = re.compile(r"[A-Za-z0-9_@%+=:,./-]+\Z")


class Blocked(Exception):
    """The split cannot be made with confidence; the message says what stands in the way."""

    def __init__(self, message: str, instruction: Instruction | None = None):
        super().__init__(message)
        self.instruction = instruction


@dataclass
class Placement:
    """Where each instruction of the original stage goes: build or runtime stage, or the template."""
    build_env: list[str] = field(default_factory=list)
    runtime_env: list[str] = field(default_factory=list)
    runtime_setup: list[str] = field(default_factory=list)
    expose: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    workdirs: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    copies: list[Instruction] = field(default_factory=list)
    cmd: Instruction | None = None
    entrypoint: Instruction | None = None
    package_comments: list[str] = field(default_factory=list)   # above the RUNs of runtime packages


def place_instructions(df: Dockerfile, *, built: Callable[[], bool], classify: Callable[[list[str]], bool],
                       place_copy: Callable[[Instruction, str, Placement], bool], stages: str,
                       runtime_packages: Callable[[], int]) -> Placement:
    """Place every instruction of the single stage after its FROM, or raise Blocked naming the
    first one that has no certain place. `built()` says whether the install or build the template
    replaces has been seen (ARG/ENV after it never reached it, so the build stage does not get
    them); `classify(words)` records one command of a RUN and says whether the split understands
    it; `place_copy` places a COPY and says whether it could; `stages` names the new stages in
    messages; `runtime_packages()` counts the run-time system packages seen so far (the comments
    above a RUN that adds some go with them)."""
    out = Placement()
    for ins in df.stages[0].instructions[1:]:
        text = df.text[ins.start:ins.end].rstrip("\r\n")
        if ins.cmd in ("ARG", "ENV"):
            if not built():
                out.build_env.append(text)
            out.runtime_env.append(text)
        elif ins.cmd in ("LABEL", "MAINTAINER"):
            out.runtime_env.append(text)
        elif ins.cmd == "EXPOSE":
            out.expose.append(text)
        elif ins.cmd in ("HEALTHCHECK", "STOPSIGNAL", "VOLUME"):
            out.tail.append(text)
        elif ins.cmd in ("WORKDIR", "USER"):
            (out.workdirs if ins.cmd == "WORKDIR" else out.users).append(ins.args)
        elif ins.cmd in ("CMD", "ENTRYPOINT"):
            setattr(out, ins.cmd.lower(), ins)
        elif ins.cmd == "COPY" and not ins.heredocs and place_copy(ins, text, out):
            continue
        elif ins.cmd == "RUN" and ins.form == "shell" and not ins.heredocs and not ins.flags:
            segments = command_segments(ins.args)
            if segments is None:
                raise Blocked(f"RUN on line {ins.start_line} uses shell syntax beyond a list of commands", ins)
            before = runtime_packages()
            for words in segments:
                if not classify(list(words)):
                    raise Blocked(f"RUN on line {ins.start_line} runs `{' '.join(words)[:60]}`, which has no "
                                  f"place in the {stages} stage that dfopt can be sure of", ins)
            if runtime_packages() > before:
                out.package_comments.extend(comments_above(df, ins))
        else:
            raise Blocked(f"{ins.cmd} on line {ins.start_line} cannot be placed with confidence", ins)
    return out


def comments_above(df: Dockerfile, ins: Instruction) -> list[str]:
    """The comment lines directly above an instruction (no blank line between)."""
    nodes = list(df.nodes)
    i = next(k for k, node in enumerate(nodes) if node is ins)
    out: list[str] = []
    while i > 0 and nodes[i - 1].kind == "comment":
        i -= 1
        out.insert(0, df.text[nodes[i].start:nodes[i].end].rstrip("\r\n"))
    return out


def command_segments(script: str) -> list[list[str]] | None:
    """`a && b; c` -> [[a...], [b...], [c...]]; None when the shell does more than run commands."""
    lexer = shlex.shlex(script.replace("\\\n", " "), posix=True, punctuation_chars=";&|<>()")
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        return None
    out: list[list[str]] = [[]]
    for tok in tokens:
        if tok in ("&&", ";"):
            out.append([])
        elif set(tok) <= set(";&|<>()") or "$(" in tok or "`" in tok:
            return None
        else:
            out[-1].append(tok)
    return [seg for seg in out if seg]


def sort_packages(names: list[str], build_pkgs: list[str], runtime_pkgs: list[str],
                  also_build: frozenset[str] = frozenset()) -> None:
    """System packages of an install, into build tools (compilers, headers: the build stage) and
    the rest (the runtime stage); a name that is not a plain package name blocks the split."""
    for name in names:
        if not re.fullmatch(r"[a-z0-9][a-z0-9.+:=~_-]*", name):
            raise Blocked(f"system package {name!r} is not a plain package name")
        base = re.split(r"[=~]", name)[0]
        build = base in BUILD_PACKAGES or base in also_build or base.endswith("-dev")
        (build_pkgs if build else runtime_pkgs).append(name)


def package_run(pkgs: list[str], alpine: bool) -> str:
    if alpine:
        return "RUN apk add --no-cache " + " ".join(pkgs)
    return ("RUN apt-get update \\\n    && apt-get install -y --no-install-recommends " + " ".join(pkgs) +
            " \\\n    && rm -rf /var/lib/apt/lists/*")


def exec_words(ins: Instruction) -> list[str] | None:
    if ins.form == "exec":
        return list(ins.exec_args or ())
    try:
        words = shlex.split(ins.args)
    except ValueError:
        return None
    return words if all(SIMPLE_WORD.match(w) for w in words) else None


def check_copy(ins: Instruction, root: Path, workdir: str) -> None:
    """A COPY into the app folder may be dropped only when `COPY . .` puts the same files in the
    same places: the whole context, files into the app folder, or a folder under its own name."""
    words = ins.args.split()
    sources, dest = words[:-1], words[-1]
    dest_rel = nodeproject.relative(dest[len(workdir):] if dest.startswith(workdir) else dest)
    for src in sources:
        src_rel = nodeproject.relative(src)
        if src_rel == "" and dest_rel == "":
            continue
        if dest_rel == "" and ("*" in src_rel or (root / src_rel).is_file()):
            continue
        if dest_rel == src_rel and "*" not in src_rel:
            continue
        raise Blocked(f"COPY on line {ins.start_line} puts {src} at {dest}, where `COPY . .` would not", ins)


def stage_workdir(workdirs: list[str]) -> str:
    if not workdirs:
        raise Blocked("no WORKDIR: the original works in /, which a split cannot reproduce cleanly")
    if len(set(workdirs)) > 1 or not re.fullmatch(r"/[A-Za-z0-9._/-]*", workdirs[0]) or ".." in workdirs[0]:
        raise Blocked(f"WORKDIR {', '.join(workdirs)}: one absolute folder without variables is needed")
    return workdirs[0].rstrip("/") or "/"


def first_port(expose: list[str]) -> int | None:
    for text in expose:
        m = re.search(r"\b(\d{1,5})\b", text)
        if m and 0 < int(m.group(1)) < 65536:
            return int(m.group(1))
    return None


def check_healthcheck(tail, runtime_pkgs, imgs) -> None:
    """A carried HEALTHCHECK must find its curl or wget in the runtime image."""
    for text in tail:
        if not text.lstrip().upper().startswith("HEALTHCHECK"):
            continue
        for tool in ("curl", "wget"):
            if re.search(rf"\b{tool}\b", text) and tool not in runtime_pkgs and imgs.runtime != imgs.build:
                raise Blocked(f"HEALTHCHECK uses {tool}, which {imgs.runtime} does not have and no RUN installs")
