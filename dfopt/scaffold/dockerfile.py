"""What every generated Dockerfile shares: carried instructions (`Carry`, kept verbatim), the
layout (`tidy`) and rendering a template into Dockerfile text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dfopt.scaffold import templates

DEBIAN_NUMBER = {"bullseye": "11", "bookworm": "12", "trixie": "13"}


@dataclass(frozen=True)
class Carry:
    """Instructions from an existing Dockerfile, verbatim, and where they go (the split rule)."""
    global_args: tuple[str, ...] = ()
    build_setup: tuple[str, ...] = ()     # RUNs installing build tools, in the base stage
    build_env: tuple[str, ...] = ()       # ARG/ENV the install and build see
    runtime_setup: tuple[str, ...] = ()   # RUNs installing runtime packages
    runtime_env: tuple[str, ...] = ()     # ARG/ENV/LABEL for the runtime stage
    expose: tuple[str, ...] = ()
    runtime_tail: tuple[str, ...] = ()    # HEALTHCHECK, STOPSIGNAL, ...
    user: str | None = None
    entrypoint: tuple[str, ...] | None = None
    command: tuple[str, ...] | None = None
    runtime_files: tuple[str, ...] = ()   # more build-stage paths the app reads at run time
    raw_cmd: tuple[str, ...] = ()         # a CMD kept as written (shell form)
    runtime_packages: tuple[str, ...] = ()          # system packages the runtime needs
    runtime_package_comments: tuple[str, ...] = ()  # the comment lines above their RUN
    workdir: str = "/app"
    expose_default: bool = True           # EXPOSE the detected port when no EXPOSE is carried


class Verbatim:
    """Carried instructions stand in the template as one-line placeholders, so that tidying the
    template's blank lines never touches their text (a heredoc body may hold blank lines)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, items: tuple[str, ...]) -> list[str]:
        out = []
        for text in items:
            out.append(f"\x00verbatim:{len(self.texts)}\x00")
            self.texts.append(text.rstrip("\r\n"))
        return out

    def restore(self, text: str) -> str:
        return re.sub(r"\x00verbatim:(\d+)\x00", lambda m: self.texts[int(m.group(1))], text)


def tidy(text: str) -> str:
    """One blank line before each FROM and after the header comments, none elsewhere."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        starts_stage = line.startswith("FROM ")
        after_header = out and out[-1].startswith("#") and not line.startswith("#") and all(
            o.startswith("#") for o in out)
        if out and (starts_stage or after_header) and out[-1] != "":
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def render_dockerfile(template: str, context: dict) -> str:
    verbatim: Verbatim = context.pop("_verbatim")
    return verbatim.restore(tidy(templates.render(template, **context)))
