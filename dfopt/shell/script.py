"""A RUN body as a shell script: simple commands and their words, each with a span in the file.

tree-sitter-bash parses the logical script text (what the shell receives: continuations joined,
comment and empty continuation lines dropped). It reports byte offsets into the UTF-8 encoding of
that text; we turn them into str indices and then, through the caller's offset map, into offsets
in the Dockerfile, so an edit on a word is a splice of exactly its bytes in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterator

import tree_sitter
import tree_sitter_bash

OffsetMap = Callable[[int], int]

# Builtins whose effect outlives the command: a later command in the same shell sees it.
STATE_BUILTINS = frozenset(
    {
        "cd", "pushd", "popd", "export", "unset", "set", "shopt", "source", ".", "umask",
        "exit", "exec", "trap", "alias", "unalias", "declare", "typeset", "readonly", "local",
        "ulimit", "shift", "eval", "enable", "hash", "builtin", "return",
    }
)  # fmt: skip

_GLOB_CHARS = frozenset("*?[")
_SUBSTITUTIONS = ("command_substitution", "process_substitution")
_EXPANSIONS = frozenset({"simple_expansion", "expansion", "command_substitution"})
_WORD_NODES = frozenset(
    {
        "command_name", "word", "string", "raw_string", "number", "concatenation",
        "simple_expansion", "expansion", "command_substitution", "ansi_c_string",
        "translated_string", "variable_assignment", "variable_name",
    }
)  # fmt: skip


@lru_cache(maxsize=1)
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


@dataclass(frozen=True)
class Word:
    """One shell word. `text` is as written; `value` is what the program receives, or None when
    the word holds an expansion (`$X`, `$(...)`) whose value is only known at run time."""

    text: str
    value: str | None
    glob: bool  # an unquoted *, ? or [ that the shell may expand
    start: int  # offsets in the file (end exclusive)
    end: int
    index: int  # offset of the word in the script text
    index_end: int
    # The word after quote removal with its expansions left as written (`"$HOME/x"` -> `$HOME/x`);
    # `value` when it holds none.
    unquoted: str = ""


@dataclass(frozen=True)
class Command:
    """A simple command: `[VAR=x ...] word...`, or an export/declare/local/readonly statement."""

    words: tuple[Word, ...]  # the command line as written, wrappers (sudo, env) included
    assignments: tuple[Word, ...]  # leading VAR=value words
    start: int  # file offsets of the command itself (redirections excluded)
    end: int
    index: int  # offsets in the script text
    index_end: int
    subshell: bool  # runs in a child shell: ( ), a pipeline member, $( )
    conditional: bool  # may not run: inside if/while/for/case, after ||, in a function body

    @property
    def name(self) -> str | None:
        """The command word's value as written (`sudo` for `sudo apt-get ...`)."""
        return self.words[0].value if self.words else None

    @property
    def changes_shell_state(self) -> bool:
        """True when later commands of the same shell would see an effect of this one."""
        if self.subshell:
            return False
        if not self.words:
            return bool(self.assignments)  # `X=1` alone sets a shell variable
        return self.name in STATE_BUILTINS


@dataclass(frozen=True)
class Statement:
    """A simple statement in the order the shell runs them: a command, a declaration (`export`,
    `unset`, ...), an assignment (`X=1`), a test (`[ ... ]`, `[[ ... ]]`) or a negation (`! cmd`).
    Commands inside its words (`$(...)`) belong to it and are no statements of their own."""

    kind: str  # "command", "declaration", "assignment", "test", "negation"
    text: str  # as written in the script text
    index: int  # offsets in the script text
    index_end: int
    command: Command | None  # the analysed command ("command", "declaration", most "assignment")


@dataclass(frozen=True)
class Script:
    text: str
    commands: tuple[Command, ...]
    # Why the script is not analysed (a parse error), or None.
    error: str | None = None
    # Offsets (script text) of the ends of the top-level statements, in order.
    statement_ends: tuple[int, ...] = field(default=(), repr=False)
    heredoc: bool = False  # a heredoc redirect appears in the script text
    # Operators between top-level statements and inside top-level and-or lists
    # (";", "&", "\n", "&&", "||"), in no particular order.
    operators: tuple[str, ...] = ()
    comments: bool = False  # a `#` comment in the script
    functions: bool = False  # the script defines a shell function
    statements: tuple[Statement, ...] = ()
    # One top-level statement, a simple command or a `a && b && c` list of simple statements:
    # no `||`, `;`, pipeline, subshell, compound command, function, redirection or negation.
    plain_chain: bool = False
    # File spans of the pipelines (`a | b`, `a |& b`), nested ones and those in `$(...)` included.
    pipelines: tuple[tuple[int, int], ...] = ()

    @property
    def is_and_chain(self) -> bool:
        """One top-level statement, a plain `a && b && c` chain (or a single command): joining
        it to another script with `&&` keeps its exit status rules."""
        return len(self.statement_ends) == 1 and set(self.operators) <= {"&&", "\n"}

    @property
    def ends_at_last_statement(self) -> bool:
        """Nothing but white space after the last statement (no trailing `;`, `&` or comment)."""
        return bool(self.statement_ends) and not self.text[self.statement_ends[-1] :].strip()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def leaks_state(self) -> bool:
        return any(c.changes_shell_state for c in self.commands)


def parse_script(text: str, offset_map: OffsetMap | None = None) -> Script:
    """Parse `text`; every span is mapped through `offset_map` (script index -> file offset).

    A script tree-sitter cannot parse without an ERROR or MISSING node comes back with `error`
    set and no commands: callers must leave it alone rather than guess.
    """
    data = text.encode("utf-8")
    tree = _parser().parse(data)
    root = tree.root_node
    if root.has_error:
        line = _first_error_line(root)
        return Script(text=text, commands=(), error=f"the shell parser reports a syntax error on line {line} of the script")
    to_index = _byte_to_index(text, data)
    mapping = offset_map or (lambda i: i)
    walker = _Walker(text, to_index, mapping)
    walker.walk(root, subshell=False, conditional=False)
    statements = [c for c in root.named_children if c.type != "comment"]
    operators = [c.type for c in root.children if not c.is_named]
    for statement in statements:
        operators += _chain_operators(statement)
    top = [c for c in root.children if c.type != "comment"]
    plain_chain = walker.plain and len(top) == 1 and top[0].type in ("command", "list")
    return Script(
        text=text,
        commands=tuple(sorted(walker.commands, key=lambda c: c.index)),
        statement_ends=tuple(to_index(c.end_byte) for c in statements),
        heredoc=walker.heredoc,
        operators=tuple(operators),
        comments="#" in text and any(c.type == "comment" for c in _descendants(root, ("comment",))),
        functions=walker.functions,
        statements=tuple(sorted(walker.statements, key=lambda st: st.index)),
        plain_chain=plain_chain,
        pipelines=tuple(sorted(walker.pipelines)),
    )


def _chain_operators(node: tree_sitter.Node) -> list[str]:
    """The `&&`/`||` operators of a top-level and-or list (tree-sitter nests it to the left)."""
    ops: list[str] = []
    while node.type == "list":
        ops += [c.type for c in node.children if c.type in ("&&", "||")]
        node = node.named_children[0]
    return ops


def file_span(index: int, index_end: int, offset_map: OffsetMap) -> tuple[int, int]:
    """File offsets of the script text between two indices: the end is just past the last
    character, not the start of whatever follows (which may be on a later line)."""
    start = offset_map(index)
    end = offset_map(index_end - 1) + 1 if index_end > index else start
    return start, end


def _first_error_line(node: tree_sitter.Node) -> int:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return n.start_point[0] + 1
        stack.extend(reversed(n.children))
    return node.start_point[0] + 1


def _byte_to_index(text: str, data: bytes) -> Callable[[int], int]:
    if len(data) == len(text):
        return lambda b: b
    table = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8")))
    table.append(len(text))
    return lambda b: table[b]


class _Walker:
    """Collects the commands and statements of a tree. It keeps its own stack of steps instead of
    recursing: a script nests as deep as its longest `&&` chain (tree-sitter nests `a && b && c`
    to the left), which can be far deeper than Python's recursion limit."""

    def __init__(self, text: str, to_index: Callable[[int], int], mapping: OffsetMap):
        self.text = text
        self.to_index = to_index
        self.mapping = mapping
        self.commands: list[Command] = []
        self.heredoc = False
        self.statements: list[Statement] = []
        self.plain = True  # see Script.plain_chain
        self.functions = False
        self.pipelines: list[tuple[int, int]] = []
        self._inside = 0  # > 0 while walking the inside of a statement
        self._steps: list[tuple[Callable[..., None], tuple]] = []

    def walk(self, node: tree_sitter.Node, subshell: bool, conditional: bool) -> None:
        """Visit `node` and everything under it, in the order a recursive walk would."""
        steps = self._steps
        steps.append((self._visit, (node, subshell, conditional)))
        while steps:
            step, args = steps.pop()
            step(*args)

    def _then(self, step: Callable[..., None], *args) -> None:
        """Run `step` after the steps already queued by the current one (a stack: queue the last
        step first)."""
        self._steps.append((step, args))

    def _visit_all(self, nodes: list, subshell: bool, conditional: bool) -> None:
        for node in reversed(nodes):
            self._then(self._visit, node, subshell, conditional)

    def _visit(self, node: tree_sitter.Node, subshell: bool, conditional: bool) -> None:
        if self._inside:
            self._walk(node, subshell, conditional)
            return
        node_type = node.type
        if node_type in _NOT_PLAIN:
            self.plain = False
        kind = _statement_kind(node, node_type)
        if kind is None:
            self._walk(node, subshell, conditional)
            return
        self._inside += 1
        self._then(self._leave, node, kind, len(self.commands))
        self._walk(node, subshell, conditional)

    def _leave(self, node: tree_sitter.Node, kind: str, before: int) -> None:
        """The end of a statement: everything inside it has been visited."""
        self._inside -= 1
        i, j = self.to_index(node.start_byte), self.to_index(node.end_byte)
        made = self.commands[-1] if len(self.commands) > before else None
        if made is None or made.index != i or kind not in ("command", "declaration", "assignment"):
            made = None  # a test or negation, or a command inside the statement
        self.statements.append(Statement(kind, self.text[i:j], i, j, made))

    def _walk(self, node: tree_sitter.Node, subshell: bool, conditional: bool) -> None:
        kind = node.type
        if kind == "heredoc_redirect":
            self.heredoc = True
        elif kind == "function_definition":
            self.functions = True
        elif kind == "pipeline":
            self.pipelines.append(self._span(node)[:2])
        if kind in ("command", "declaration_command", "unset_command"):
            self._command(node, subshell, conditional)
            return
        if kind == "variable_assignment" and node.parent is not None and node.parent.type in (
            "program", "list", "compound_statement", "subshell", "do_group", "if_statement",
            "elif_clause", "else_clause", "case_item", "redirected_statement",
        ):  # fmt: skip
            self._assignment(node, subshell, conditional)
            return
        if kind in ("subshell", "pipeline", "command_substitution", "process_substitution"):
            subshell = True
        elif kind in (
            "if_statement", "while_statement", "for_statement", "c_style_for_statement",
            "case_statement", "function_definition",
        ):  # fmt: skip
            conditional = True
        if kind == "list":
            self._list(node, subshell, conditional)
            return
        self._visit_all(node.named_children, subshell, conditional)

    def _list(self, node: tree_sitter.Node, subshell: bool, conditional: bool) -> None:
        # `a || b`: b runs only when a fails; `a && b`: b is the normal chain, not "conditional"
        # for our purposes (the build stops when a fails).
        seen_or = False
        if not self._inside and any(c.type in ("||", ";") for c in node.children):
            self.plain = False
        visits = []
        for child in node.children:
            if child.type == "||":
                seen_or = True
                continue
            if child.is_named:
                visits.append((child, conditional or seen_or))
        for child, child_conditional in reversed(visits):
            self._then(self._visit, child, subshell, child_conditional)

    def _span(self, node: tree_sitter.Node) -> tuple[int, int, int, int]:
        i, j = self.to_index(node.start_byte), self.to_index(node.end_byte)
        start, end = file_span(i, j, self.mapping)
        return start, end, i, j

    def _word(self, node: tree_sitter.Node) -> Word:
        start, end, i, j = self._span(node)
        text = self.text[i:j]
        value, glob = _literal(node, text)
        unquoted = value if value is not None else _literal(node, text, keep_expansions=True)[0]
        return Word(text, value, glob, start, end, i, j, text if unquoted is None else unquoted)

    def _command(self, node: tree_sitter.Node, subshell: bool, conditional: bool) -> None:
        words: list[Word] = []
        assignments: list[Word] = []
        if node.type in ("declaration_command", "unset_command"):
            keyword = node.children[0]
            start, end, i, j = self._span(keyword)
            text = self.text[i:j]
            words.append(Word(text, text, False, start, end, i, j, text))
        start, end, i, j = self._span(node)
        hides_commands = _may_substitute(self.text[i:j])
        hidden: list[tree_sitter.Node] = []
        for child in node.named_children:
            if child.type == "variable_assignment" and not words:
                assignments.append(self._word(child))
            elif child.type in _WORD_NODES:
                named = child.named_children
                target = named[0] if child.type == "command_name" and named else child
                words.append(self._word(target))
            # commands hidden in words: `$(...)`, `<(...)`
            if hides_commands:
                hidden += _descendants(child, _SUBSTITUTIONS, include_self=True)
        # The command comes after the commands hidden in its words, as the shell runs them.
        self._then(self.commands.append,
                   Command(tuple(words), tuple(assignments), start, end, i, j, subshell, conditional))
        self._visit_all(hidden, True, conditional)

    def _assignment(self, node: tree_sitter.Node, subshell: bool, conditional: bool) -> None:
        word = self._word(node)
        self._then(self.commands.append,
                   Command((), (word,), word.start, word.end, word.index, word.index_end, subshell, conditional))
        if _may_substitute(word.text):
            self._visit_all(list(_descendants(node, _SUBSTITUTIONS)), True, conditional)


_STATEMENT_KINDS = {
    "command": "command", "declaration_command": "declaration", "unset_command": "declaration",
    "test_command": "test", "negated_command": "negation",
}  # fmt: skip
# Statements that keep a script from being a plain `&&` chain.
_NOT_PLAIN = frozenset(
    {
        "pipeline", "subshell", "if_statement", "for_statement", "c_style_for_statement",
        "while_statement", "compound_statement", "case_statement", "function_definition",
        "redirected_statement", "negated_command",
    }
)  # fmt: skip


def _statement_kind(node: tree_sitter.Node, node_type: str) -> str | None:
    if node_type == "variable_assignment":
        return "assignment" if node.parent is None or node.parent.type != "command" else None
    return _STATEMENT_KINDS.get(node_type)


def _may_substitute(text: str) -> bool:
    """Whether a command or assignment can hold a command or process substitution (`$(...)`,
    backticks, `<(...)`, `>(...)`): most cannot, and then their words need not be searched."""
    return "$(" in text or "`" in text or "<(" in text or ">(" in text


def _descendants(node: tree_sitter.Node, kinds: tuple[str, ...], include_self: bool = False) -> Iterator[tree_sitter.Node]:
    """The outermost nodes of these kinds under `node`, in order (none inside another)."""
    if include_self and node.type in kinds:
        yield node
        return
    stack = list(reversed(node.named_children))
    while stack:
        child = stack.pop()
        if child.type in kinds:
            yield child
        else:
            stack.extend(reversed(child.named_children))


def _literal(node: tree_sitter.Node, text: str, keep_expansions: bool = False) -> tuple[str | None, bool]:
    """The value a word passes to the program after quote removal, and whether it may glob.
    With `keep_expansions`, expansions stand in the value as written instead of making it None."""
    kind = node.type
    if keep_expansions and kind in _EXPANSIONS:
        return text, False
    if kind in ("word", "number"):
        glob = not _GLOB_CHARS.isdisjoint(_unescaped(text))
        return _unescape(text), glob
    if kind == "raw_string":
        return text[1:-1], False
    if kind == "string":
        parts, inner = [], node.children[1:-1]
        if "".join(c.text.decode("utf-8") for c in inner) != text[1:-1]:
            return None, False  # text the tree does not cover: not read as a literal
        for child in inner:
            if not child.is_named:  # a bare `$` (`"a$"`) is literal
                parts.append(child.text.decode("utf-8"))
                continue
            if keep_expansions and child.type in _EXPANSIONS:
                parts.append(child.text.decode("utf-8"))
                continue
            if child.type != "string_content":
                return None, False
            parts.append(_unescape(child.text.decode("utf-8"), '$`"\\\n'))
        return "".join(parts), False
    if kind == "concatenation":
        values, glob = [], False
        for child in node.children:
            child_text = child.text.decode("utf-8")
            if not child.is_named:  # a bare `$` (`a$`) is literal
                values.append(child_text)
                continue
            value, g = _literal(child, child_text, keep_expansions)
            if value is None:
                return None, False
            values.append(value)
            glob = glob or g
        return "".join(values), glob
    if kind == "variable_assignment":
        name = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        if name is None:
            return None, False
        if value_node is None:
            return name.text.decode("utf-8") + "=", False
        value, _ = _literal(value_node, value_node.text.decode("utf-8"), keep_expansions)
        return (None if value is None else name.text.decode("utf-8") + "=" + value), False
    return None, False


def _unescaped(text: str) -> str:
    """The characters of an unquoted word that are not backslash-escaped."""
    if "\\" not in text:
        return text
    out, skip = [], False
    for c in text:
        if skip:
            skip = False
        elif c == "\\":
            skip = True
        else:
            out.append(c)
    return "".join(out)


def _unescape(text: str, escapable: str | None = None) -> str:
    """Drop the backslash before an escaped character (inside double quotes, only before the
    characters that it escapes there)."""
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and (escapable is None or text[i + 1] in escapable):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
