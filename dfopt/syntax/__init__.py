"""The lossless Dockerfile syntax tree: parse(text) -> Dockerfile; Dockerfile.render() == text."""

from dfopt.syntax.document import Dockerfile
from dfopt.syntax.nodes import (
    Blank,
    Comment,
    Directive,
    Flag,
    Heredoc,
    InnerLine,
    Instruction,
    Mapped,
    Stage,
)
from dfopt.syntax.parser import parse
from dfopt.syntax.source import decode, read_dockerfile

__all__ = [
    "Blank", "Comment", "Directive", "Dockerfile", "Flag", "Heredoc", "InnerLine", "Instruction",
    "Mapped", "Stage", "decode", "parse", "read_dockerfile",
]
