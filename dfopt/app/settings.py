"""Settings from `.dfopt.toml` or `[tool.dfopt]` in pyproject.toml, merged with command-line flags.

    [tool.dfopt]                 # in .dfopt.toml the same keys sit at the top level, or under
                                 # this same [tool.dfopt] header
    select = ["DF1", "DF301"]    # codes or code prefixes; "ALL" selects every rule
    ignore = ["DF102"]
    unsafe-fixes = false
    fail-level = "warning"       # error | warning | info | style

    [tool.dfopt.rules.DF101]     # per-rule options, passed to that rule
    some-option = 3

The file is looked up from the current folder upwards; in one folder `.dfopt.toml` wins over
pyproject.toml, and a pyproject.toml without `[tool.dfopt]` is skipped. A project's .hadolint.yaml
(nearest from the current folder up) is read too, unless `hadolint-config = false`: its
`ignored`, `override`, `failure-threshold`, `trustedRegistries`, `label-schema` and `strict-labels`
apply (see `with_hadolint`). Precedence: a command-line flag replaces the file's value (`--select`
replaces `select`, it does not extend it, and also drops the file's `ignore`), and the file
replaces the defaults. Within one source, `ignore` wins over
`select`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Mapping

from dfopt.errors import DfoptError
from dfopt.findings import Severity

if TYPE_CHECKING:  # pathlib costs milliseconds at start-up; it is imported when a file is looked up
    from pathlib import Path

CONFIG_FILES = (".dfopt.toml", "pyproject.toml")
KEYS = {"select", "ignore", "unsafe-fixes", "fail-level", "rules", "hadolint-config"}
HADOLINT_FILES = (".hadolint.yaml", ".hadolint.yml")
# The option the rule that answers to DL3026 (registries of base images) takes.
TRUSTED_REGISTRIES_OPTION = "trusted-registries"


@dataclass(frozen=True)
class Settings:
    # None: the rules that are on by default.
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    fail_level: Severity = Severity.WARNING
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # The file these settings came from, if any (for messages).
    source: Path | None = None
    # The keys the command line gave: their values did not come from `source`.
    from_flags: frozenset[str] = field(default=frozenset(), compare=False)
    # Severities of rules changed by a .hadolint.yaml `override` (rule code -> severity).
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    # .hadolint.yaml's `failure-threshold: none` or `no-fail: true`: findings never fail the run.
    never_fail: bool = False
    # The .hadolint.yaml these settings took values from, if any.
    hadolint_source: Path | None = None

    def override(self, **flags: Any) -> "Settings":
        """Command-line flags win: every flag given (not None) replaces the file's value. A
        command-line `select` starts the selection afresh, so the file's `ignore` is dropped with
        the file's `select` (as in ruff): `--select DF401` runs DF401 even if the file ignores it."""
        given = {key: value for key, value in flags.items() if value is not None}
        if "select" in given and "ignore" not in given:
            given["ignore"] = ()
        return replace(self, **given, from_flags=self.from_flags | set(given))

    def rules(self) -> list:
        """The rules these settings enable, from the one catalogue (both kinds: each file gets those
        of its kind). An unknown code is an error, naming the configuration file when it came
        from there."""
        from dfopt import catalogue

        def codes(key: str, values) -> list[tuple[str, str]]:
            return [(key, code) for code in values or ()]

        named = codes("select", self.select) + codes("ignore", self.ignore) + codes("rule_options", self.rule_options)
        unknown = catalogue.unknown_codes([code for _, code in named])
        if unknown:
            from_file = any(key not in self.from_flags for key, code in named if code in unknown)
            where = str(self.source) if self.source and from_file else None
            parse_errors = [code for code in unknown if code.upper() in catalogue.PARSE_ERRORS]
            if parse_errors:
                code = parse_errors[0].upper()
                raise DfoptError(f"{code} is no rule in dfopt: {catalogue.PARSE_ERRORS[code]}", where)
            raise DfoptError(f"unknown rule code(s): {', '.join(unknown)} (see `dfopt rules`)", where)
        return catalogue.select_rules(list(self.select or ()), list(self.ignore), catalogue.CATALOGUE)


def _load_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as err:
        raise DfoptError(f"cannot read the configuration: {err.strerror}", str(path)) from None
    except tomllib.TOMLDecodeError as err:
        raise DfoptError(f"invalid TOML: {err}", str(path)) from None
    except UnicodeDecodeError as err:
        raise DfoptError(f"invalid TOML: not UTF-8 text (byte 0x{err.object[err.start]:02x})", str(path)) from None


def _table(path: Path, data: dict) -> dict | None:
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise DfoptError("`tool` must be a table ([tool.dfopt] holds dfopt's settings)", str(path))
        table = tool.get("dfopt")
        if table is not None and not isinstance(table, dict):
            raise DfoptError("`tool.dfopt` must be a table, like [tool.dfopt]", str(path))
        return table
    tool = data.get("tool")
    if isinstance(tool, dict) and "dfopt" in tool:  # .dfopt.toml written with pyproject's header
        others = sorted(set(data) - {"tool"}) + sorted(f"tool.{k}" for k in set(tool) - {"dfopt"})
        if others:
            raise DfoptError(f"settings both under [tool.dfopt] and outside it ({', '.join(others)}); "
                             "put them all in one place", str(path))
        if not isinstance(tool["dfopt"], dict):
            raise DfoptError("`tool.dfopt` must be a table, like [tool.dfopt]", str(path))
        return tool["dfopt"]
    return data


def find_config(start: Path) -> Path | None:
    """The nearest `.dfopt.toml`, or pyproject.toml with a `[tool.dfopt]` table, from `start` up."""
    folder = start.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _table(candidate, _load_toml(candidate)) is not None):
                return candidate
    return None


def _codes(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DfoptError(f"`{key}` must be a list of rule codes, like [\"DF101\"]", str(path))
    return tuple(v.strip().upper() if v.strip().upper() != "ALL" else "ALL" for v in value)


def parse_fail_level(value: str, where: str | None = None) -> Severity:
    try:
        return Severity(value.lower())
    except (ValueError, AttributeError):
        choices = ", ".join(s.value for s in Severity)
        raise DfoptError(f"fail-level must be one of {choices}, not {value!r}", where) from None


def settings_from_table(path: Path, table: Mapping[str, Any]) -> Settings:
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise DfoptError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}", str(path))
    settings = Settings(source=path)
    if "select" in table:
        settings = replace(settings, select=_codes(path, "select", table["select"]))
    if "ignore" in table:
        settings = replace(settings, ignore=_codes(path, "ignore", table["ignore"]))
    if "unsafe-fixes" in table:
        if not isinstance(table["unsafe-fixes"], bool):
            raise DfoptError("`unsafe-fixes` must be true or false", str(path))
        settings = replace(settings, unsafe_fixes=table["unsafe-fixes"])
    if "fail-level" in table:
        settings = replace(settings, fail_level=parse_fail_level(table["fail-level"], str(path)))
    if "hadolint-config" in table and not isinstance(table["hadolint-config"], bool):
        raise DfoptError("`hadolint-config` must be true or false", str(path))
    if "rules" in table:
        rules = table["rules"]
        if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
            raise DfoptError("`rules` must hold one table a rule, like [tool.dfopt.rules.DF101]", str(path))
        from dfopt.catalogue import canonical, get

        settings = replace(settings, rule_options={canonical(code): dict(opts) for code, opts in rules.items()})
        for code, opts in settings.rule_options.items():
            rule = get(code)
            problem = rule.option_problem(opts) if rule is not None else None
            if problem:
                raise DfoptError(f"[rules.{code}]: {problem}", str(path))
    return settings


def load_settings(start: Path | None = None, config: Path | None = None) -> Settings:
    """Settings from `config` if given, else from the nearest configuration file above `start`
    (default: the current folder), else the defaults; then, unless that file says
    `hadolint-config = false`, what the nearest .hadolint.yaml adds (see `with_hadolint`)."""
    from pathlib import Path

    start = start or Path.cwd()
    path = config if config is not None else find_config(start)
    table = None
    if path is None:
        settings = Settings()
    else:
        table = _table(path, _load_toml(path))
        if table is None:
            if config is not None and path.name == "pyproject.toml":
                raise DfoptError("no [tool.dfopt] table in this file", str(path))
            settings = Settings(source=path)
        else:
            settings = settings_from_table(path, table)
    if table is not None and table.get("hadolint-config", True) is False:
        return settings
    hadolint = find_hadolint_config(start)
    return with_hadolint(settings, hadolint, table or {}) if hadolint is not None else settings


def find_hadolint_config(start: Path) -> Path | None:
    """The nearest .hadolint.yaml (or .yml) from `start` up, as hadolint reads it from the
    folder it runs in."""
    folder = start.resolve()
    for candidate_folder in (folder, *folder.parents):
        for name in HADOLINT_FILES:
            candidate = candidate_folder / name
            if candidate.is_file():
                return candidate
    return None


def with_hadolint(settings: Settings, path: Path, table: Mapping[str, Any]) -> Settings:
    """`settings` with what a project's .hadolint.yaml says, so switching costs nothing:

    - `ignored`: the dfopt rules that answer to those codes are ignored too (codes of rules
      dfopt does not have are skipped);
    - `override`: {error|warning|info|style: [codes]} changes those rules' severities;
    - `failure-threshold` (error|warning|info|style|ignore|none): the fail level, unless dfopt's
      own file sets `fail-level`; `none` and `ignore`, like `no-fail: true`, never fail;
    - `trustedRegistries`: the `trusted-registries` option of the rule that answers to DL3026,
      unless dfopt's file sets it;
    - `label-schema` and `strict-labels`: the options of the same names of DF420, whose schema
      the label rules DF420-DF428 share (DL3049-DL3058), unless dfopt's file sets them.

    PyYAML is imported only here, when such a file exists."""
    import yaml

    from dfopt import catalogue

    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise DfoptError(f"cannot read the configuration: {err.strerror}", where) from None
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise DfoptError(f"invalid YAML: {' '.join(str(err).split())}", where) from None
    if not isinstance(data, dict):
        raise DfoptError("a .hadolint.yaml must be a mapping (ignored:, override:, ...)", where)

    def codes(value: Any, key: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DfoptError(f"`{key}` must be a list of rule codes, like [DL3008]", where)
        return [v.strip().upper() for v in value]

    def rules_of(code: str) -> list[str]:
        return [rule.code for rule in catalogue.lookup(code)]

    changes: dict[str, Any] = {"hadolint_source": path}
    ignored = [code for hadolint_code in codes(data.get("ignored"), "ignored") for code in rules_of(hadolint_code)]
    if ignored:
        changes["ignore"] = tuple(dict.fromkeys((*settings.ignore, *ignored)))
    override = data.get("override") or {}
    if not isinstance(override, dict):
        raise DfoptError("`override` must map error/warning/info/style to lists of codes", where)
    severities: dict[str, Severity] = dict(settings.severity_overrides)
    for level, listed in override.items():
        severity = parse_fail_level(str(level), where)
        for hadolint_code in codes(listed, f"override.{level}"):
            for code in rules_of(hadolint_code):
                severities[code] = severity
    changes["severity_overrides"] = severities
    threshold = data.get("failure-threshold")
    if data.get("no-fail") is True or str(threshold).lower() in ("none", "ignore"):
        changes["never_fail"] = True
    elif threshold is not None and "fail-level" not in table:
        changes["fail_level"] = parse_fail_level(str(threshold), where)
    options = {code: dict(opts) for code, opts in settings.rule_options.items()}
    registries = data.get("trustedRegistries")
    if registries is not None:
        if not isinstance(registries, list) or not all(isinstance(r, str) for r in registries):
            raise DfoptError("`trustedRegistries` must be a list of registry names", where)
        for code in rules_of("DL3026"):
            options.setdefault(code, {}).setdefault(TRUSTED_REGISTRIES_OPTION, list(registries))
    schema = {key: data[key] for key in ("label-schema", "strict-labels") if data.get(key) is not None}
    if schema:
        from dfopt.rules.label_schema import SCHEMA_RULE, option_problem

        problem = option_problem(schema)
        if problem:
            raise DfoptError(problem, where)
        for key, value in schema.items():
            options.setdefault(SCHEMA_RULE, {}).setdefault(key, value)
    if options != settings.rule_options:
        changes["rule_options"] = options
    return replace(settings, **changes)
