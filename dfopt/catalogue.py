"""The one catalogue of rules, by stable code: the Dockerfile rules (dfopt/rules) and the compose
rules (dfopt/compose/rules) meet here and nowhere else. The fixer and the commands take their
rules from it; a rule is called only when it is enabled."""

from __future__ import annotations

from dfopt.compose.model import is_compose_path
from dfopt.compose.rule import ComposeRule
from dfopt.compose.rules import ALL_RULES as COMPOSE_RULES
from dfopt.findings import RuleInfo
from dfopt.rules.base import Rule
from dfopt.rules.add_to_copy import AddForPlainFiles
from dfopt.rules.apk_no_cache import ApkWithoutNoCache
from dfopt.rules.apt_lists import AptListsLeftInImage
from dfopt.rules.apt_update_alone import AptUpdateAlone
from dfopt.rules.assume_yes import MissingAssumeYes
from dfopt.rules.dependency_first import DependencyFirstCopy
from dfopt.rules.dockerignore_missing import DockerignoreMissing
from dfopt.rules.exec_form import ShellFormCommand
from dfopt.rules.frozen_lockfile import FrozenLockfileInstall
from dfopt.rules.maintainer import MaintainerDeprecated
from dfopt.rules.merge_package_runs import MergePackageRuns
from dfopt.rules.no_install_recommends import MissingNoInstallRecommends
from dfopt.rules.node_cache import NodeCacheLeftInImage
from dfopt.scaffold.split_rule import SplitNodeBuild
from dfopt.rules.pip_no_cache import PipWithoutNoCacheDir
from dfopt.rules.rpm_clean import RpmCacheLeftInImage
from dfopt.rules.consecutive_runs import ConsecutiveRuns
from dfopt.rules.pin_apt import AptUnpinned
from dfopt.rules.pin_apk import ApkUnpinned
from dfopt.rules.pin_pip import PipUnpinned
from dfopt.rules.pin_npm import NpmUnpinned
from dfopt.rules.pipefail import PipeWithoutPipefail
from dfopt.rules.cd_workdir import CdInsteadOfWorkdir
from dfopt.rules.apt_tool import AptInScripts
from dfopt.rules.wget_progress import WgetProgress
from dfopt.rules.sudo import SudoInRun
from dfopt.rules.untagged_image import UntaggedImage
from dfopt.rules.latest_tag import LatestTag
from dfopt.rules.root_user import LastUserRoot
from dfopt.rules.relative_copy import RelativeCopyWithoutWorkdir
from dfopt.rules.repeated_cmd import RepeatedCmdOrEntrypoint
from dfopt.rules.named_user import NamedUser
from dfopt.rules.curl_and_wget import CurlAndWget
from dfopt.rules.copy_from_unknown import CopyFromUnknownStage
from dfopt.rules.copy_whole_fs import CopyWholeFilesystem
from dfopt.rules.secret_in_env import SecretInArgOrEnv
from dfopt.rules.label_key import InvalidLabelKey
from dfopt.rules.pin_gem_go import GemGoUnpinned
from dfopt.rules.ln_bin_sh import LinkOverBinSh
from dfopt.rules.pointless_commands import PointlessCommand
from dfopt.rules.useradd_log import UseraddLargeUid
from dfopt.rules.pin_rpm import RpmUnpinned
from dfopt.rules.zypper_dist_upgrade import ZypperDistUpgrade
from dfopt.rules.shellcheck import ShellCheckRun
from dfopt.rules.trusted_registry import UntrustedRegistry
from dfopt.rules.healthcheck_missing import MissingHealthcheck
from dfopt.rules.label_missing import MissingLabel
from dfopt.rules.label_superfluous import SuperfluousLabel
from dfopt.rules.label_empty import EmptyLabel
from dfopt.rules.label_url import UrlLabel
from dfopt.rules.label_time import Rfc3339Label
from dfopt.rules.label_spdx import SpdxLabel
from dfopt.rules.label_hash import GitHashLabel
from dfopt.rules.label_semver import SemverLabel
from dfopt.rules.label_email import EmailLabel
from dfopt.rules.inline_ignore import InlineIgnore
from dfopt.rules.duplicate_stage import DuplicateStageName
from dfopt.rules.reserved_stage import ReservedStageName
from dfopt.rules.platform_constant import ConstantPlatform
from dfopt.rules.platform_default import DefaultPlatform
from dfopt.rules.relative_workdir import RelativeWorkdir
from dfopt.rules.copy_archive_extract import CopiedArchiveExtracted
from dfopt.rules.expose_range import PortOutOfRange
from dfopt.rules.copy_dest_slash import CopyDestinationWithoutSlash
from dfopt.rules.env_same_statement import EnvReadsItsOwnPair
from dfopt.rules.before_from import InstructionBeforeFrom

# Codes: DF1xx RUN and package managers (DF110-DF129: RUN hygiene a hadolint DL rule also checks:
# consecutive RUNs, pinning, pipefail, cd, apt, wget, sudo), DF2xx COPY/ADD and the build context,
# DF3xx stages, base images and users, DF4xx instruction forms and metadata. A rule's hadolint codes
# are its `hadolint` attribute.
DOCKERFILE_RULES: tuple[type[Rule], ...] = (
    AptUpdateAlone,
    MergePackageRuns,
    AptListsLeftInImage,
    MissingAssumeYes,
    ApkWithoutNoCache,
    PipWithoutNoCacheDir,
    RpmCacheLeftInImage,
    NodeCacheLeftInImage,
    MissingNoInstallRecommends,
    ConsecutiveRuns,
    AptUnpinned,
    ApkUnpinned,
    PipUnpinned,
    NpmUnpinned,
    PipeWithoutPipefail,
    CdInsteadOfWorkdir,
    AptInScripts,
    WgetProgress,
    SudoInRun,
    CurlAndWget,
    GemGoUnpinned,
    LinkOverBinSh,
    PointlessCommand,
    UseraddLargeUid,
    RpmUnpinned,
    ZypperDistUpgrade,
    DependencyFirstCopy,
    FrozenLockfileInstall,
    DockerignoreMissing,
    SplitNodeBuild,
    UntaggedImage,
    LatestTag,
    LastUserRoot,
    NamedUser,
    CopyFromUnknownStage,
    CopyWholeFilesystem,
    DuplicateStageName,
    ReservedStageName,
    ConstantPlatform,
    DefaultPlatform,
    UntrustedRegistry,
    MissingHealthcheck,
    MaintainerDeprecated,
    ShellFormCommand,
    AddForPlainFiles,
    RelativeCopyWithoutWorkdir,
    RepeatedCmdOrEntrypoint,
    SecretInArgOrEnv,
    InvalidLabelKey,
    RelativeWorkdir,
    CopiedArchiveExtracted,
    PortOutOfRange,
    CopyDestinationWithoutSlash,
    EnvReadsItsOwnPair,
    InstructionBeforeFrom,
    MissingLabel,
    SuperfluousLabel,
    EmptyLabel,
    UrlLabel,
    Rfc3339Label,
    SpdxLabel,
    GitHashLabel,
    SemverLabel,
    EmailLabel,
    InlineIgnore,
    ShellCheckRun,
)

# Every rule, for `dfopt rules`, the docs and --select: the Dockerfile rules, then the compose-file
# rules (DC1xx: ports, networks, volumes, secrets of compose services), which run on compose files.
CATALOGUE: tuple[type[RuleInfo], ...] = (*DOCKERFILE_RULES, *COMPOSE_RULES)
_BY_CODE: dict[str, type[RuleInfo]] = {rule.code: rule for rule in CATALOGUE}


def get(code: str) -> type[RuleInfo] | None:
    """The rule with this code, or the first that answers to it as an alias (DL3008)."""
    found = lookup(code)
    return found[0] if found else None


def lookup(code: str) -> list[type[RuleInfo]]:
    """The rule with this code, else every rule that has it as an alias (a hadolint code can
    map to several dfopt rules)."""
    code = code.upper()
    if code in _BY_CODE:
        return [_BY_CODE[code]]
    return [rule for rule in CATALOGUE if code in rule.aliases() or _finding_alias(rule, code, whole=False)]


def _names(rule: type[RuleInfo]) -> tuple[str, ...]:
    return (rule.code, *rule.aliases())


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None,
                 rules: tuple[type[RuleInfo], ...] = DOCKERFILE_RULES) -> list[type[RuleInfo]]:
    """Enabled rules: the defaults, or those whose code starts with a `select` prefix; minus
    `ignore` prefixes. Prefixes as in ruff: `DF1` selects DF100-DF199, `ALL` selects every rule.
    A rule's aliases count as its codes: `DL3008` (or `DL30`) selects or ignores the rules that
    answer to it."""
    def matches(rule: type[RuleInfo], prefixes: list[str], whole: bool) -> bool:
        return any(p.upper() == "ALL" or any(name.startswith(p.upper()) for name in _names(rule))
                   or _finding_alias(rule, p, whole) for p in prefixes)

    if select:
        chosen = [r for r in rules if matches(r, select, whole=False)]
    else:
        chosen = [r for r in rules if r.default_enabled]
    if ignore:
        # `--ignore SC2086` drops those findings only (see `ignored_finding`); `--ignore SC` the rule.
        chosen = [r for r in chosen if not matches(r, ignore, whole=True)]
    return chosen


def rules_for(path: str, rules) -> list[type[RuleInfo]]:
    """Of `rules`, those that run on this file: compose-file rules for compose.yaml and its
    kin (by name), Dockerfile rules for everything else."""
    compose = is_compose_path(path)
    return [r for r in rules if issubclass(r, ComposeRule) == compose]


def _finding_alias(rule: type[RuleInfo], prefix: str, whole: bool) -> bool:
    """Whether `prefix` names codes that `rule`'s findings carry (SC2086 for ShellCheck); with
    `whole`, only a prefix that covers all of them (SC) counts."""
    own = rule.finding_aliases
    if not own:
        return False
    p = prefix.upper()
    if whole:
        return own.startswith(p)
    return p.startswith(own) and p[len(own):].isdigit() or own.startswith(p)


def ignored_finding(aliases: tuple[str, ...], ignore) -> bool:
    """Whether a finding is ignored by one of its own codes (`--ignore SC2086`)."""
    return any(alias.startswith(p.upper()) for alias in aliases for p in ignore or () if p.upper() != "ALL")


# hadolint codes that dfopt answers with a parse error, not a rule: BuildKit rejects these files too,
# so there is nothing to select, ignore or fix.
PARSE_ERRORS = {
    "DL1000": "a file that does not parse is reported as an error (exit 2), with its file and line",
    "DL3043": "ONBUILD of ONBUILD, FROM or MAINTAINER does not parse (BuildKit rejects it too): "
              "reported as an error (exit 2), with its file and line",
}


def unknown_codes(prefixes: list[str]) -> list[str]:
    """The prefixes that name no rule code and no alias."""
    names = [name for rule in CATALOGUE for name in _names(rule)]
    return [p for p in prefixes if p.upper() != "ALL" and not any(c.startswith(p.upper()) for c in names)
            and not any(_finding_alias(rule, p, whole=False) for rule in CATALOGUE)]


def canonical(code: str) -> str:
    """A rule's own code for a code or an alias that names exactly one rule (for rule options
    keyed by a hadolint code); otherwise the code as given."""
    found = lookup(code)
    return found[0].code if len(found) == 1 else code.upper()
