"""The base of Dockerfile rules: what a rule sees (`CheckContext`) and the `Rule` class."""

from __future__ import annotations

from dfopt.findings import Finding, Fix, RuleInfo, Severity


class CheckContext:
    """What a rule sees: the parsed file, its path, the build context (None when unknown) and the
    rule options from the configuration."""

    def __init__(self, dockerfile, path: str = "Dockerfile", build_context=None, options=None):
        self.dockerfile = dockerfile
        self.path = path
        self.build_context = build_context
        self.options: dict = options or {}

    @property
    def line_ending(self) -> str:
        return self.dockerfile.line_ending


class Rule(RuleInfo):
    """A Dockerfile rule: its identity (code, title, severity, fix safety, docs) and `check`."""

    # hadolint codes this rule answers to, so `# hadolint ignore=DL3009` also silences it.
    hadolint: tuple[str, ...] = ()

    def check(self, ctx: CheckContext):  # pragma: no cover - interface
        raise NotImplementedError

    def finding(self, start: int, end: int, message: str, fix: Fix | None = None,
                no_fix_reason: str | None = None, severity: Severity | None = None) -> Finding:
        return Finding(code=self.code, message=message, severity=severity or self.severity,
                       start=start, end=end, fix=fix, no_fix_reason=no_fix_reason)
