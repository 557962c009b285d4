"""The data every layer shares: findings, their severity, and fixes as text edits on a file.

Rules and compose rules produce them, the fixer applies their edits, reports render them. Also
`RuleInfo`, what every kind of rule says about itself (code, title, severity, fix safety, docs),
which the catalogue, the docs and the reports read without knowing the kind.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field


class Applicability(str, enum.Enum):
    """How safe a fix is (ruff's model).

    SAFE keeps what the image does: same files apart from package-manager caches, same user,
    entrypoint, env and ports. UNSAFE may change behaviour; it is applied only on request.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    STYLE = "style"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.STYLE: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True)
class Edit:
    """Replace the text between two offsets (str indices into the file's text) with `content`."""

    start: int
    end: int
    content: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    # What applying it did, for people, in the past tense: "merged apt-get update into the install
    # on line 9" (`rewrite` lists it so; `check` shows it in the imperative, dfopt/app/hints.py).
    message: str
    # Applied only in a pass where no other fix is left: a fix that reshapes what other rules fix
    # (joining RUNs) waits until they are done, so the result does not depend on which comes first.
    last: bool = False

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    severity: Severity
    # Offsets into the file's text; line/column are derived by the reporter from the text.
    start: int
    end: int
    fix: Fix | None = None
    # Why no fix is offered, when the rule could have fixed this kind of problem elsewhere.
    no_fix_reason: str | None = None
    path: str = field(default="", compare=False)
    # Codes of other tools this one finding also answers to, beyond its rule's (a ShellCheck
    # finding's SC2086): reports list them with the rule's aliases, suppressions accept them.
    aliases: tuple[str, ...] = ()


class RuleInfo:
    """A rule's identity: a stable code, a title, a severity and how safe its fix is. Its module
    docstring is its documentation, in ruff's sections: What it does, Why is this bad?, Example,
    Use instead, Fix safety, References."""

    code: str = ""
    title: str = ""
    severity: Severity = Severity.WARNING
    # The applicability of the fix the rule usually offers; None when it never fixes.
    fix_safety: Applicability | None = None
    default_enabled: bool = True
    # hadolint codes this rule answers to (its aliases): `# hadolint ignore=DL3009`, `--ignore
    # DL3009`, `dfopt rules DL3009` and the reports' "aliases" all accept or show them.
    hadolint: tuple[str, ...] = ()
    # The prefix of other codes its findings carry one each (ShellCheck's "SC"): such codes
    # select the rule, and ignoring one drops only the findings that carry it.
    finding_aliases: str = ""

    @classmethod
    def aliases(cls) -> tuple[str, ...]:
        return tuple(cls.hadolint)

    @classmethod
    def option_problem(cls, options) -> str | None:
        """Why the options configured for this rule are wrong (one line), or None."""
        return None

    @classmethod
    def docs(cls) -> str:
        return _module_docs(cls.__module__)


@functools.cache
def _module_docs(module: str) -> str:
    """A module's docstring, cleaned: rules of one family share it, and a report asks for it more
    than once a rule."""
    import inspect
    import sys

    return inspect.cleandoc(sys.modules[module].__doc__ or "")
