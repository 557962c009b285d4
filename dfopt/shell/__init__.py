"""RUN bodies as shell scripts: tree-sitter-bash parsing with spans in the file, and recognisers
for package managers and state-changing builtins."""

from dfopt.shell.commands import Invocation, invocations, recognise
from dfopt.shell.script import STATE_BUILTINS, Command, Script, Statement, Word, file_span, parse_script

__all__ = [
    "STATE_BUILTINS", "Command", "Invocation", "Script", "Statement", "Word", "file_span",
    "invocations", "parse_script", "recognise",
]  # fmt: skip
