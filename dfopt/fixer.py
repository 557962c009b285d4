"""Run rules over a file and apply their fixes until nothing changes; read suppression comments.

Dockerfiles and compose files go through the same loop, each with the rules of its kind from the
catalogue (`check_file`, `fix_file`).

Every fix is a set of text edits on the file. One pass applies the fixes whose edits do not overlap
any edit already taken (in file order); the text is re-parsed and checked again, until a pass
applies nothing. Rules therefore never fight, and the result is idempotent. A fix marked `last`
(joining RUNs) is applied only in a pass that has no other fix to apply.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from dfopt.errors import DfoptError
from dfopt.findings import Applicability, Edit, Finding
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax import Dockerfile, Instruction, parse
from dfopt.syntax.suppressions import ALL_CODES, SUPPRESS_RE, parse_suppression

MAX_PASSES = 20

# "line 7", "lines 7 and 9", "line 7, 9": how messages name lines of the text they were made from.
_LINE_REFERENCE = re.compile(r"(\blines? )(\d+(?:(?:, | and |-)\d+)*)")

@dataclass(frozen=True)
class AppliedFix:
    code: str
    message: str
    line: int  # line of the finding in the original text (the file the user has)
    applicability: Applicability = Applicability.SAFE


@dataclass
class FixResult:
    original: str
    text: str
    applied: list[AppliedFix] = field(default_factory=list)
    # What is left after fixing: findings without a fix, or whose fix needs --unsafe-fixes.
    remaining: list[Finding] = field(default_factory=list)
    # The edits of each pass, as (start, end, length of the new text) in that pass's input.
    passes: list[list[tuple[int, int, int]]] = field(default_factory=list, repr=False)
    # Per pass, the output offsets where each edit's text starts (for a binary search), and the
    # lines of texts that messages are mapped from: built once, so mapping every finding of a
    # large file stays linear.
    _pass_starts: list[list[int]] = field(default_factory=list, repr=False)
    _line_starts: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def original_offset(self, offset: int) -> int:
        """Where an offset of the fixed text comes from in the original: text that an edit
        wrote maps to the start of what the edit replaced."""
        if len(self._pass_starts) != len(self.passes):
            self._pass_starts = [_output_starts(edits) for edits in self.passes]
        for edits, starts in zip(reversed(self.passes), reversed(self._pass_starts)):
            offset = _offset_before(offset, edits, starts)
        return offset

    def _lines_of(self, text: str) -> list[int]:
        if text not in self._line_starts:
            if len(self._line_starts) > 4:
                self._line_starts.clear()
            self._line_starts[text] = line_starts(text)
        return self._line_starts[text]

    def original_line(self, offset: int) -> int:
        """The line of the original text (the file the user has) for an offset of the fixed text,
        so messages name the lines `check` names."""
        return bisect_right(self._lines_of(self.original), self.original_offset(offset))

    def original_lines_in(self, message: str | None, text: str) -> str | None:
        """A message written about `text` (a later pass's input), with its `line N` references
        turned into lines of the original."""
        if not self.passes or not message:
            return message
        starts = self._lines_of(text)

        def line(number: str) -> str:
            n = int(number)
            return str(self.original_line(starts[n - 1])) if 0 < n <= len(starts) else number

        def lines(m: re.Match) -> str:
            return m.group(1) + re.sub(r"\d+", lambda d: line(d.group(0)), m.group(2))

        return _LINE_REFERENCE.sub(lines, message)


def check(dockerfile: Dockerfile, rules: list[type[Rule]], path: str = "Dockerfile",
          build_context=None, options: dict | None = None) -> list[Finding]:
    """All findings of the given rules, in file order, minus suppressed ones."""
    ctx = CheckContext(dockerfile, path, build_context, options)
    findings: list[Finding] = []
    file_wide, suppressed = _suppressions(dockerfile)
    aliases = _aliases_of(tuple(rules))
    for rule_cls in rules:
        for finding in _findings_of(rule_cls, ctx, path):
            names = _names(finding, aliases)
            if not names.isdisjoint(file_wide) or _is_suppressed(finding, suppressed, names):
                continue
            findings.append(_normalise_endings(_before_dangling_escape(finding, dockerfile), dockerfile))
    for f in findings:
        object.__setattr__(f, "path", path)
    findings.sort(key=lambda f: (f.start, f.code))
    return findings


def fix_text(text: str, rules: list[type[Rule]], path: str = "Dockerfile", unsafe: bool = False,
             build_context=None, options: dict | None = None) -> FixResult:
    """Apply safe fixes (and unsafe ones when asked) to a Dockerfile, to a fixed point."""
    return fix_to_fixed_point(
        text, path, unsafe, lambda current: check(parse(current, path), rules, path, build_context, options))


def fix_to_fixed_point(text: str, path: str, unsafe: bool,
                       findings_of: Callable[[str], list[Finding]]) -> FixResult:
    """The one fix loop, for any kind of file: each pass takes, in file order, the allowed fixes
    whose edits overlap no edit already taken, applies them, and checks the new text again, until
    a pass applies nothing. `findings_of` parses and checks a text; when it fails on text the
    fixes produced, that is a bug in a rule, and nothing is written."""
    result = FixResult(original=text, text=text)
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    applied: list[AppliedFix] = []
    for _ in range(MAX_PASSES):
        try:
            findings = findings_of(result.text)
        except DfoptError as err:
            if not applied:
                raise  # the input itself is bad: the user's error, reported as such
            codes = ", ".join(sorted({a.code for a in applied}))
            raise DfoptError(f"internal error: the fixes of {codes} produced text that does not parse "
                             f"({err.message}); nothing was written", path) from err
        taken = _TakenEdits()
        applied = []
        for last in (False, True):
            if taken.edits:
                break  # fixes marked `last` wait for a pass where nothing else is left
            for finding in findings:
                fix = finding.fix
                if fix is None or fix.applicability not in allowed or fix.last != last:
                    continue
                if any(taken.overlaps(e) for e in fix.edits):
                    continue
                for edit in fix.edits:
                    taken.add(edit)
                applied.append(AppliedFix(finding.code, result.original_lines_in(fix.message, result.text),
                                          result.original_line(finding.start), fix.applicability))
        if not taken.edits:
            result.remaining = [_original_lines_in_finding(f, result) for f in findings]
            return result
        result.text = apply_edits(result.text, taken.edits)
        result.passes.append([(e.start, e.end, len(e.content)) for e in taken.edits])
        result.applied.extend(applied)
    raise DfoptError(f"internal error: fixes did not settle after {MAX_PASSES} passes; "
                     "nothing was written", path)


def deferred(findings: list[Finding]) -> list[Finding]:
    """The findings as one round of fixes can take them, as `check` reports them: while another
    finding of the file has a fix, a fix marked `last` is not offered (applied together, the two
    could give another file than `rewrite` does); its finding says it waits."""
    if not any(f.fix is not None and not f.fix.last for f in findings):
        return findings
    return [replace(f, fix=None, no_fix_reason="waits for the other fixes of this file (`dfopt rewrite` "
                                               "applies it after them)")
            if f.fix is not None and f.fix.last else f for f in findings]


def _findings_of(rule_cls, ctx, path: str) -> list[Finding]:
    """One rule's findings. A rule that recurses over what the file nests (stages built FROM each
    other, shell or YAML nesting) and goes deeper than Python allows stops the check of this file
    with a one-line error, not a traceback."""
    try:
        return list(rule_cls().check(ctx))
    except RecursionError:
        raise DfoptError(f"{rule_cls.code} cannot check this file: it nests deeper than dfopt can follow",
                         path) from None


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (any order) to text."""
    out = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"overlapping edits at {edit.start}")
        out.append(text[pos:edit.start])
        out.append(edit.content)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def _original_lines_in_finding(finding: Finding, result: FixResult) -> Finding:
    if not result.passes:
        return finding
    fix = finding.fix
    if fix is not None:
        fix = replace(fix, message=result.original_lines_in(fix.message, result.text))
    return replace(finding, message=result.original_lines_in(finding.message, result.text), fix=fix,
                   no_fix_reason=result.original_lines_in(finding.no_fix_reason, result.text))


def _output_starts(edits: list[tuple[int, int, int]]) -> list[int]:
    """Where each edit's new text starts in the pass's output (edits sorted, not overlapping)."""
    starts, delta = [], 0
    for start, end, length in edits:
        starts.append(start + delta)
        delta += length - (end - start)
    return starts


def _offset_before(offset: int, edits: list[tuple[int, int, int]], starts: list[int]) -> int:
    """The offset in a pass's input of an offset in its output."""
    # The edits' texts follow each other in the output: only the last one starting at or before
    # the offset can hold it, and the edits up to that one decide how far it moved.
    k = bisect_right(starts, offset) - 1
    if k < 0:
        return offset
    start, end, length = edits[k]
    if offset < starts[k] + length:
        return start
    return offset - (starts[k] + length - end)


class _TakenEdits:
    """The edits of one pass, kept sorted, none overlapping another. Whether a new edit overlaps
    one of them is decided by its two neighbours in that order (see `overlaps`), so a pass costs
    a logarithmic search per edit instead of a comparison with every edit taken so far."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self._keys: list[tuple[int, int]] = []

    def overlaps(self, edit: Edit) -> bool:
        # Taken ranges are disjoint, so at most one of them contains a point; sorted by (start,
        # end), the one that could hold the new edit's start is right before its place, and the
        # first one that starts inside it (or is an insertion at its start) is right after.
        i = bisect_left(self._keys, (edit.start, edit.end))
        return any(_overlaps(edit, self.edits[k]) for k in (i - 1, i) if 0 <= k < len(self.edits))

    def add(self, edit: Edit) -> None:
        i = bisect_left(self._keys, (edit.start, edit.end))
        self._keys.insert(i, (edit.start, edit.end))
        self.edits.insert(i, edit)


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start  # two insertions at one point: order would be a guess
    return a.start < b.end and b.start < a.end


def _before_dangling_escape(finding: Finding, dockerfile: Dockerfile) -> Finding:
    """A file that ends with an escape character continues its last instruction into whatever is
    written after it: a fix that writes there would change that instruction, so it is not offered."""
    escape = dockerfile.dangling_escape
    if finding.fix is None or escape is None or all(e.start <= escape for e in finding.fix.edits):
        return finding
    line = dockerfile.position(escape)[0]
    reason = (f"the file ends with the escape character {dockerfile.escape} on line {line}: text written "
              "after it would become part of that instruction")
    return replace(finding, fix=None, no_fix_reason=reason)


def _normalise_endings(finding: Finding, dockerfile: Dockerfile) -> Finding:
    """Edits are written with "\\n"; in a CRLF file they get "\\r\\n" so the file stays uniform."""
    if finding.fix is None or dockerfile.line_ending != "\r\n":
        return finding
    edits = tuple(Edit(e.start, e.end, re.sub(r"(?<!\r)\n", "\r\n", e.content)) for e in finding.fix.edits)
    return replace(finding, fix=replace(finding.fix, edits=edits))


def _suppressions(dockerfile: Dockerfile) -> tuple[set[str], list[tuple[int, int, set[str]]]]:
    """The codes suppressed in the whole file (`global ignore=`), and (start, end, codes) for
    each instruction preceded by ignore comment lines. Codes are dfopt's or their aliases
    (hadolint's DL codes, ShellCheck's SC codes), whichever comment names them."""
    file_wide: set[str] = set()
    out = []
    pending: set[str] = set()
    for node in dockerfile.nodes:
        if node.kind == "comment":
            parsed = parse_suppression(node.text)
            if parsed is not None:
                is_global, codes = parsed
                if is_global:
                    file_wide |= codes
                else:
                    pending |= codes
            continue
        if isinstance(node, Instruction) and pending:
            out.append((node.start, node.end, pending))
        pending = set()
    return file_wide, out


@lru_cache(maxsize=8)
def _aliases_of(rules: tuple[type[Rule], ...]) -> dict[str, tuple[str, ...]]:
    # Once a run, not once a file: every file is checked with the same rules.
    return {rule.code: rule.aliases() for rule in rules}


def _names(finding: Finding, aliases: dict[str, tuple[str, ...]]) -> set[str]:
    return {finding.code, ALL_CODES, *aliases.get(finding.code, ()), *finding.aliases}


def _is_suppressed(finding: Finding, suppressed: list[tuple[int, int, set[str]]], names: set[str]) -> bool:
    # The spans are instructions, in file order and disjoint: only the last one starting at or
    # before the finding can hold it.
    k = bisect_right(suppressed, finding.start, key=lambda item: item[0]) - 1
    if k < 0:
        return False
    start, end, codes = suppressed[k]
    return start <= finding.start < end and not names.isdisjoint(codes)


def check_file(path: str, text: str, rules, build_context=None, options: dict | None = None,
               companion=None) -> list[Finding]:
    """The findings of those of `rules` that run on this kind of file (Dockerfile or compose; a
    compose file merged with its `companion`, see dfopt/compose/merge.py)."""
    from dfopt.catalogue import rules_for
    from dfopt.compose.model import is_compose_path

    rules = rules_for(path, rules)
    if is_compose_path(path):
        return check_compose(path, text, rules, companion)
    return check(parse(text, path), rules, path, build_context, options)


def fix_file(path: str, text: str, rules, unsafe: bool = False, build_context=None,
             options: dict | None = None, companion=None) -> FixResult:
    """`fix_text` or `fix_compose`, by the kind of file, with the rules of that kind."""
    from dfopt.catalogue import rules_for
    from dfopt.compose.model import is_compose_path

    rules = rules_for(path, rules)
    if is_compose_path(path):
        return fix_compose(text, path, rules, unsafe=unsafe, companion=companion)
    return fix_text(text, rules, path, unsafe=unsafe, build_context=build_context, options=options)


def check_compose(path: str, text: str, rules=None, companion=None) -> list[Finding]:
    """Findings for compose file `text` (offsets into `text`), in file order. `rules` defaults to
    every enabled compose rule. With a `companion` (its compose.override.yaml, or the base file
    of an override), the rules see the two merged as Compose merges them, and the findings whose
    text is in this file are kept. Raises DfoptError for YAML that does not parse.

    A finding is suppressed by `# dfopt: ignore=CODE[,CODE]` at the end of the line it starts on,
    or on the comment lines right above that line (as for Dockerfiles, where the comment precedes
    the instruction)."""
    from dfopt.catalogue import COMPOSE_RULES, select_rules
    from dfopt.compose.model import parse_compose

    compose = parse_compose(text, path)
    if companion is not None:
        from dfopt.compose.merge import merge

        compose = merge(compose, companion)
    chosen = rules if rules is not None else select_rules(rules=COMPOSE_RULES)
    findings = [f for rule in chosen for f in _findings_of(rule, compose, path) if f.path == path]
    lines = text.splitlines()
    aliases = {rule.code: rule.aliases() for rule in chosen}
    kept = [f for f in findings
            if _names(f, aliases).isdisjoint(_compose_suppressions(lines, text.count("\n", 0, f.start)))]
    return sorted(kept, key=lambda f: (f.start, f.code))


def fix_compose(text: str, path: str = "compose.yaml", rules=None, unsafe: bool = False,
                companion=None) -> FixResult:
    """Apply safe fixes (and unsafe ones when asked) to a compose file, to a fixed point, with the
    same loop as Dockerfiles."""
    return fix_to_fixed_point(text, path, unsafe, lambda current: check_compose(path, current, rules, companion))


def _compose_suppressions(lines: list[str], index: int) -> set[str]:
    """Codes named by ignore comments on line `index` (0-based) or the comment lines above it."""
    codes: set[str] = set()
    candidates = [lines[index]] if index < len(lines) else []
    above = index - 1
    while above >= 0 and lines[above].lstrip().startswith("#"):
        candidates.append(lines[above])
        above -= 1
    for line in candidates:
        parsed = parse_suppression(line)
        if parsed is not None and not parsed[0] and SUPPRESS_RE.search(line).group("tool").startswith("dfopt"):
            codes |= parsed[1]
    return codes
