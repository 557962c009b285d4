"""## What it does
Finds a `RUN` that directly follows another `RUN` of the same stage (only comments between them),
with the same flags, when each runs a single command, and offers to join them with `&&`.

## Why is this bad?
Each `RUN` makes a layer and a build step. Short consecutive RUNs make more layers than needed and
split work that belongs together; one RUN is smaller to pull and easier to read. A RUN of two or
more commands (`a && b`, `a | b`) is left alone, as hadolint does: splitting such work in several
steps is often deliberate (it keeps the cache of the first step when the second changes).

## Example
```dockerfile
RUN mkdir -p /app/data
RUN chown app /app/data
```

## Use instead
```dockerfile
RUN mkdir -p /app/data && chown app /app/data
```

## Fix safety
Unsafe: the image holds the same files, but in one layer instead of two, so the build cache
changes: a change to either command reruns both. A first RUN that changes the shell's state
(`cd`, `export`, ...) is wrapped in a subshell so that the second one runs as before.
dfopt does not join RUNs with different flags (`--mount`, `--network`), heredoc RUNs, ONBUILD
RUNs, a first RUN ending with `;`, `&` or a comment, or a second RUN that is not a plain `&&`
chain (its exit status could be lost). Consecutive apt RUNs that depend on each other are
DF102's (reported and fixed there); an `apt-get update` alone is left to DF101, which merges it
into its install. Joins come last: `rewrite` applies them only once no other fix is left, so the
rules that append to a package-manager RUN (clean-ups, cache flags) are done with both RUNs
before they are joined.

## References
- Dockerfile best practices: minimise the number of layers
- hadolint DL3059 (dfopt, unlike hadolint, also joins RUNs separated by comment lines, keeping
  the comments)
"""

from __future__ import annotations

from dfopt.findings import Applicability, Fix, Severity
from dfopt.rules.base import CheckContext, Rule
from dfopt.rules.apt_update_alone import mergeable as update_mergeable
from dfopt.rules.merge_package_runs import depends
from dfopt.rules.run_analysis import between, chain_runs, keyword_span, line_of, only_updates, run_of

# A RUN of more commands than this is deliberate work of its own (what hadolint 2.x reports).
MAX_COMMANDS = 1


def _size(run) -> int:
    return len([c for c in run.script.commands if c.words]) if run is not None else 1


class ConsecutiveRuns(Rule):
    code = "DF110"
    title = "consecutive short RUNs: join them"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE
    hadolint = ("DL3059",)

    def check(self, ctx: CheckContext):
        df = ctx.dockerfile
        instructions = df.instructions
        previous_joined = False
        for first_ins, second_ins in zip(instructions, instructions[1:]):
            chained = previous_joined
            previous_joined = False
            if not self._pair(df, first_ins, second_ins):
                continue
            first, second = run_of(df, first_ins), run_of(df, second_ins)
            start, end = keyword_span(second_ins)
            line = line_of(df, first_ins.start)
            message = f"this RUN directly follows the RUN on line {line}; join them"
            if first is None or second is None:
                yield self.finding(start, end, message, no_fix_reason="one of the RUNs could not be analysed")
            elif only_updates(first) and update_mergeable(df, first):
                yield self.finding(start, end, message,
                                   no_fix_reason="DF101 merges the `apt-get update` into its install instead")
            elif chained:
                # Pairs joined in one pass share no RUN: a chain is joined two by two from its
                # start, whatever order the fixes are applied in.
                yield self.finding(start, end, message,
                                   no_fix_reason=f"the RUN on line {line} is joined to the RUN before it first")
            else:
                edits = chain_runs(df, first, second)
                if isinstance(edits, str):
                    yield self.finding(start, end, message, no_fix_reason=edits)
                else:
                    previous_joined = True
                    # `last`: the package-manager rules append to such RUNs; they finish first.
                    yield self.finding(start, end, message,
                                       Fix(edits, Applicability.UNSAFE, f"joined this RUN to the RUN on line {line}",
                                           last=True))

    @staticmethod
    def _pair(df, first_ins, second_ins) -> bool:
        """Whether hadolint's consecutive-RUN shape holds and no other rule owns the pair."""
        if first_ins.cmd != "RUN" or second_ins.cmd != "RUN":
            return False
        if [(f.name, f.value) for f in first_ins.flags] != [(f.name, f.value) for f in second_ins.flags]:
            return False
        if any(n.kind == "instruction" for n in between(df, first_ins, second_ins)):
            return False
        first, second = run_of(df, first_ins), run_of(df, second_ins)
        if _size(first) > MAX_COMMANDS or _size(second) > MAX_COMMANDS:
            return False
        # DF102 reports (and safely fixes) dependent apt RUNs
        return first is None or second is None or not depends(first, second)
