"""What the Dockerfiles read from the build context: COPY and ADD sources, and RUN bind mounts.

`COPY --from=...` reads another stage or image, heredoc sources are written inline, ADD of a URL
or git address downloads: none of these read the context. A variable in a source (`$APP/src`)
stands for any name (`*`), so everything it could name is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dfopt.context.dockerignore import IgnoreFile, normalize_path
from dfopt.context.gomatch import BadPattern, check_match_syntax
from dfopt.errors import DfoptError
from dfopt.syntax import parse, read_dockerfile

_VARIABLE = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Source:
    dockerfile: str  # the Dockerfile's path as given
    line: int
    instruction: str  # "COPY", "ADD" or "RUN --mount"
    written: str  # the source as written in the Dockerfile
    path: str | None  # cleaned, context-relative; None for the whole context
    glob: bool

    @property
    def broad(self) -> bool:
        """The whole context (`.`) or every name at the top (`*`): these copy whatever the ignore
        file lets through, so they do not make any one path needed."""
        return self.path is None or all(part == "*" for part in self.path.split("/"))

    def where(self) -> str:
        return f"{self.dockerfile}:{self.line}"

    def describe(self) -> str:
        return f"{self.instruction} {self.written}"


def dockerfile_sources(text: str, path: str = "Dockerfile") -> list[Source]:
    """The context sources of one Dockerfile (raises ParseError, a DfoptError, on bad input)."""
    tree = parse(text, path)
    sources: list[Source] = []
    for ins in tree.instructions:  # ONBUILD runs in a child build's context: not this one
        if ins.cmd in ("COPY", "ADD"):
            if ins.flag("from") is not None:
                continue
            words = list(ins.exec_args) if ins.exec_args is not None else ins.arguments.text.split()
            for word in words[:-1]:
                source = _source(path, ins.start_line, ins.cmd, word)
                if source is not None:
                    sources.append(source)
        elif ins.cmd == "RUN":
            for flag in ins.flags:
                if flag.name == "mount" and flag.value:
                    source = _bind_mount(path, ins.start_line, flag.value)
                    if source is not None:
                        sources.append(source)
    return sources


def _source(dockerfile: str, line: int, cmd: str, word: str) -> Source | None:
    written = word
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        word = word[1:-1]
    if word.startswith("<<"):  # a heredoc: written inline
        return None
    if cmd == "ADD" and (re.match(r"^[a-z][a-z0-9+.-]*://", word, re.I) or word.startswith("git@")):
        return None
    word = _VARIABLE.sub("*", word)
    if word.split("/")[0] == "..":
        return None
    path = normalize_path(word)
    if path is not None and path.split("/")[0] == "..":
        return None
    return Source(dockerfile, line, cmd, written, path, bool(path and _GLOB.search(path)))


def _bind_mount(dockerfile: str, line: int, value: str) -> Source | None:
    options: dict[str, str] = {}
    for item in value.split(","):
        key, _, val = item.partition("=")
        options[key.strip().lower()] = val.strip()
    if options.get("type", "bind") != "bind" or "from" in options:
        return None
    source = options.get("source", options.get("src", "/"))
    return _source(dockerfile, line, "RUN --mount", source)


def read_sources(paths: list[Path], display_root: Path | None = None) -> list[Source]:
    sources: list[Source] = []
    for path in paths:
        shown = str(path)
        if display_root is not None:
            try:
                shown = path.relative_to(display_root).as_posix()
            except ValueError:
                pass
        sources.extend(dockerfile_sources(read_dockerfile(str(path)), shown))
    return sources


def resolve(source: Source, names) -> list[str]:
    """The context names a source reads: the path itself, or what its glob matches (Go's
    filepath.Match: `*` does not cross `/`). `names` is a container of known names."""
    if source.path is None:
        return []
    if not source.glob:
        return [source.path]
    depth = source.path.count("/")
    try:
        check_match_syntax(source.path)
        matcher = IgnoreFile.parse(source.path + "\n", "COPY source")
    except (BadPattern, DfoptError):
        return []
    return sorted(n for n in names if n.count("/") == depth and matcher.matches(n))


DOCKERFILE_NAMES = re.compile(r"^(Dockerfile(\..+)?|.+\.[Dd]ockerfile)$")


def is_dockerfile_name(name: str) -> bool:
    return bool(DOCKERFILE_NAMES.match(name)) and not name.endswith(".dockerignore")
