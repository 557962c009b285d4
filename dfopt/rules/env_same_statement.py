r"""## What it does
Finds an `ENV` whose value refers to a variable that the same `ENV` sets in an earlier pair
(`ENV VERSION=2 URL=https://example.com/$VERSION`).

## Why is this bad?
BuildKit expands every value of one `ENV` against the variables as they were before it: `$VERSION`
in the example is the old value (or empty), not `2`. The line reads as if it used the new value,
and the image quietly gets another.

## Example
```dockerfile
ENV APP_HOME=/srv/app PATH=$APP_HOME/bin:$PATH
```

## Use instead
```dockerfile
ENV APP_HOME=/srv/app
ENV PATH=$APP_HOME/bin:$PATH
```

## Fix safety
Unsafe: the fix splits the ENV before the pair that reads the variable (`ENV APP_HOME=/srv/app` on
one line, `ENV PATH=$APP_HOME/bin:$PATH` on the next), so the value becomes the one the line seems
to mean; the image's environment changes, which is the point but the author's call. An ENV written
over several lines, or inside ONBUILD, gets no fix.

hadolint's check differs in two ways. It leaves the reference alone when an earlier ARG or ENV
defined the variable; dfopt reports it, as the value read is then that earlier one, still not the
new one. It also reports a reference to a variable that a later pair sets (`ENV A=$B B=1`);
dfopt does not, as that reads the old value in the order it is written. References in single
quotes or behind the escape character (`'$A'`, `\$A`) expand to nothing and are not references.

## References
- Dockerfile reference: ENV, environment replacement ("ENV abc=bye def=$abc" gives def the old
  value of abc)
- hadolint DL3044
"""

from __future__ import annotations

import re

from dfopt.findings import Applicability, Edit, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.syntax.words import name_value_words

_REF = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}?|([A-Za-z_][A-Za-z0-9_]*))")


def env_pairs(ins, escape: str) -> list[tuple[str, int, str]]:
    """(name, index of the value in the arguments, value as written) of each `name=value` word;
    empty for the one-pair form `ENV name value`."""
    return [(name, at, value) for name, _start, value, at, _end in name_value_words(ins.args, escape) or ()]


def references(value: str, escape: str) -> list[tuple[str, int, int]]:
    """The variables a value expands, with their spans in it; single quotes and the escape
    character keep `$` literal, as in BuildKit."""
    out, quote, i = [], None, 0
    while i < len(value):
        ch = value[i]
        if ch == escape and quote != "'":
            i += 2
            continue
        if ch in "'\"" and quote in (None, ch):
            quote = None if quote == ch else ch
        elif ch == "$" and quote != "'":
            match = _REF.match(value, i)
            if match:
                out.append((match.group(1) or match.group(2), i, match.end()))
                i = match.end()
                continue
        i += 1
    return out


class EnvReadsItsOwnPair(Rule):
    code = "DF415"
    title = "ENV reads a variable the same ENV sets"
    severity = Severity.WARNING
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3044",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        for ins in df.instructions:
            env = ins.effective
            if env.cmd != "ENV":
                continue
            set_before: set[str] = set()
            previous_end = None
            for name, at, value in env_pairs(env, df.escape):
                for ref, start, end in references(value, df.escape):
                    if ref in set_before:
                        first, last = env.arguments.source_span(at + start, at + end)
                        yield self.finding(first, last, f"`${ref}` is {ref} as it was before this ENV, "
                                                        f"not the value set here: set {ref} in an ENV of its own",
                                           self._split(ins, previous_end, at - len(name) - 1, ref))
                set_before.add(name)
                previous_end = at + len(value)

    @staticmethod
    def _split(ins, previous_end: int, pair_start: int, ref: str) -> Fix | None:
        """End the ENV after the pair before `pair_start` and start a new one there."""
        if ins.sub is not None or ins.start_line != ins.end_line or ins.inner_lines:
            return None
        first = ins.arguments.source_offset(previous_end)
        last = ins.arguments.source_offset(pair_start)
        return Fix((Edit(first, last, f"{ins.line_ending}{ins.keyword} "),), Applicability.UNSAFE,
                   f"split the ENV so that this pair reads the {ref} set before it")
