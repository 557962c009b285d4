"""The label schema DF420-DF428 check LABELs against, and the checks of its value types.

The schema is DF420's option `label-schema` (label name -> type: text, url, spdx, hash, rfc3339,
semver, email), with `strict-labels` (labels outside the schema are reported, DF421); a
.hadolint.yaml's `label-schema:` and `strict-labels:` give the same options. No schema, no findings.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator, Mapping

from dfopt.rules.label_key import LabelPair, label_pairs

SCHEMA_RULE = "DF420"
SCHEMA_OPTION = "label-schema"
STRICT_OPTION = "strict-labels"
TYPES = ("text", "url", "spdx", "hash", "rfc3339", "semver", "email")


def option_problem(options: Mapping[str, Any]) -> str | None:
    """Why DF420's options are not a label schema (one line), or None."""
    schema = options.get(SCHEMA_OPTION, {})
    if not isinstance(schema, Mapping) or not all(isinstance(name, str) for name in schema):
        return f"`{SCHEMA_OPTION}` must map label names to types ({', '.join(TYPES)})"
    for name, kind in schema.items():
        if not isinstance(kind, str) or kind.lower() not in TYPES:
            return f"`{SCHEMA_OPTION}`: label `{name}` has type {kind!r}; types are {', '.join(TYPES)}"
    if not isinstance(options.get(STRICT_OPTION, False), bool):
        return f"`{STRICT_OPTION}` must be true or false"
    return None


def no_options_problem(options: Mapping[str, Any]) -> str | None:
    """The label rules other than DF420 take no options of their own: they read DF420's."""
    if options:
        return f"this rule takes no options; the label schema ({SCHEMA_OPTION}, {STRICT_OPTION}) is {SCHEMA_RULE}'s"
    return None


def label_schema(ctx) -> dict[str, str]:
    """Label name -> type, from the options (empty when none is configured or it is malformed:
    settings report a malformed one before any rule runs)."""
    options = ctx.options.get(SCHEMA_RULE) or {}
    if option_problem(options) is not None:
        return {}
    return {name: kind.lower() for name, kind in (options.get(SCHEMA_OPTION) or {}).items()}


def strict_labels(ctx) -> bool:
    return (ctx.options.get(SCHEMA_RULE) or {}).get(STRICT_OPTION) is True


def labels(ctx) -> Iterator[tuple[LabelPair, tuple[int, int], tuple[int, int]]]:
    """Each key=value of each LABEL (ONBUILD ones too), with the file spans of its key and of the
    whole pair."""
    df = ctx.dockerfile
    for ins in df.instructions:
        label = ins.effective
        if label.cmd == "LABEL" and label.arguments is not None:
            for pair in label_pairs(label, df.escape):
                yield (pair, label.arguments.source_span(pair.key_start, pair.key_end),
                       label.arguments.source_span(pair.key_start, pair.end))


# The value checks' patterns are compiled on first use (re caches them): most files have no
# label schema, and these are costly to compile for each run of dfopt.

# RFC 3986: an absolute URI (scheme ":" hier-part), with an optional query and fragment.
_PCT = r"%[0-9A-Fa-f]{2}"
_CHARS = r"A-Za-z0-9\-._~!$&'()*+,;="  # unreserved and sub-delims
_PCHAR = rf"(?:[{_CHARS}:@]|{_PCT})"
_SEGMENTS = rf"(?:/{_PCHAR}*)*"
_AUTHORITY = rf"(?:(?:[{_CHARS}:]|{_PCT})*@)?(?:\[(?P<ip>[^\[\]/]*)\]|(?:[{_CHARS}]|{_PCT})*)(?::[0-9]*)?"
_URI = (rf"[A-Za-z][A-Za-z0-9+.\-]*:(?://{_AUTHORITY}{_SEGMENTS}|/(?:{_PCHAR}+{_SEGMENTS})?|"
                  rf"{_PCHAR}+{_SEGMENTS}|)(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?")
_IP_FUTURE = rf"v[0-9A-Fa-f]+\.[{_CHARS}:]+"


def is_url(value: str) -> bool:
    m = re.fullmatch(_URI, value)
    if m is None:
        return False
    ip = m.group("ip")
    if ip is None or re.fullmatch(_IP_FUTURE, ip):
        return True
    import ipaddress

    try:
        ipaddress.IPv6Address(ip)
    except ValueError:
        return False
    return True


# RFC 3339 date-time: full-date "T" full-time (T and Z in either case), seconds up to 60 (leap).
_TIME = (r"(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?"
                   r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)")


def is_rfc3339(value: str) -> bool:
    m = re.fullmatch(_TIME, value)
    if m is None:
        return False
    try:
        date(int(m.group(1)) or 1, int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def spdx_problem(value: str) -> str | None:
    """Why `value` is not an SPDX license identifier in use, or None."""
    from dfopt.rules.spdx_ids import CURRENT, DEPRECATED

    if value in CURRENT:
        return None
    if value in DEPRECATED:
        return "a deprecated SPDX identifier"
    return "not an SPDX license identifier (case matters: `MIT`, `Apache-2.0`, `GPL-2.0-only`)"


_HASH = r"[0-9a-f]{7}|[0-9a-f]{40}"


def is_git_hash(value: str) -> bool:
    return re.fullmatch(_HASH, value) is not None


# Semantic Versioning 2.0.0, the grammar of semver.org.
_NUMBER = r"(?:0|[1-9]\d*)"
_SEMVER = (rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}"
                     rf"(?:-(?:{_NUMBER}|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:{_NUMBER}|\d*[A-Za-z-][0-9A-Za-z-]*))*)?"
                     r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?")


def is_semver(value: str) -> bool:
    return re.fullmatch(_SEMVER, value) is not None


# RFC 5322 addr-spec without comments or folding white space: a dot-atom or quoted local part, a
# host name (labels of letters, digits and inner hyphens) or a [domain literal].
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = (rf'(?:{_ATOM}(?:\.{_ATOM})*|"(?:[^"\\\r\n]|\\.)*")@(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[^\[\]\\\s]*\])')


def is_email(value: str) -> bool:
    return re.fullmatch(_EMAIL, value) is not None


class LabelTypeRule:
    """The shape of DF423-DF428: a label the schema gives type `label_type` whose value is not of
    that type. `problem(value)` says why, or None. Values with `$` are known only at build time
    and are left alone."""

    label_type = ""

    @classmethod
    def option_problem(cls, options) -> str | None:
        return no_options_problem(options)

    def problem(self, value: str) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def check(self, ctx):
        names = {name for name, kind in label_schema(ctx).items() if kind == self.label_type}
        if not names:
            return
        for pair, _key, span in labels(ctx):
            if pair.key in names and "$" not in pair.value:
                problem = self.problem(pair.value)
                if problem is not None:
                    yield self.finding(*span, f"label `{pair.key}`: `{pair.value}` is {problem}")
