"""Cost grows linearly with the size of a Dockerfile.

No wall time here (these machines are too noisy for timed tests): the work is counted instead, as
the number of lines of dfopt's own code the interpreter executes, which is the same from run to
run. A file ten times larger must cost at most twelve times the lines (linear is ten); the
quadratic searches this replaced (every stage searched for an instruction's stage, every RUN of
the file gathered for each RUN's later RUNs, every edit compared with every other) made it
twenty times and more.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dfopt
from dfopt import fixer
from dfopt.catalogue import CATALOGUE, rules_for
from dfopt.findings import Applicability, Edit, Finding, Fix, Severity
from dfopt.syntax import parse

DFOPT = str(Path(dfopt.__file__).parent)

# A few stages of the usual kinds: apt, npm and pip RUNs (several of them fixable), COPYs, a
# stage built FROM another, COPY --from, SHELL, HEALTHCHECK.
BLOCK = """\
FROM debian:bookworm-slim AS base{n}
ENV LANG=C.UTF-8
RUN apt-get update && \\
    apt-get install -y --no-install-recommends ca-certificates curl && \\
    echo "base {n}"
WORKDIR /srv/app{n}

FROM node:20-bookworm-slim AS web{n}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install
COPY src/ ./src/
RUN npm run build

FROM base{n} AS tools{n}
RUN apt-get update
RUN apt-get install -y python3-pip
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN pip install -r requirements.txt && pip install gunicorn==21.2.0

FROM base{n}
COPY --from=web{n} /app/dist /srv/app{n}/static
COPY --from=tools{n} /usr/local/lib /usr/local/lib
USER nobody
HEALTHCHECK CMD curl -fsS http://localhost/health || exit 1
CMD ["gunicorn", "app:app"]
"""


def dockerfile(blocks: int) -> str:
    return "".join(BLOCK.format(n=n) for n in range(blocks))


def lines_executed(work) -> int:
    """How many lines of dfopt's code `work()` executes (loop conditions count each time)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(DFOPT) else None

    old = sys.gettrace()
    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(old)
    return count


def fresh(text: str) -> str:
    # The parser caches trees by text: a trailing comment line makes a new text each time.
    fresh.n += 1
    return f"{text}# {fresh.n}\n"


fresh.n = 0


@pytest.mark.parametrize("job", ["check", "rewrite"])
def test_ten_times_the_file_costs_at_most_twelve_times_the_work(job):
    rules = rules_for("Dockerfile", CATALOGUE)

    def cost(blocks: int) -> int:
        text = fresh(dockerfile(blocks))
        if job == "check":
            return lines_executed(lambda: fixer.check(parse(text), rules))
        return lines_executed(lambda: fixer.fix_text(text, rules))

    small, large = cost(3), cost(30)
    assert large <= 12 * small, f"{job}: {large / small:.1f}x the work for 10x the file"


def test_fix_loop_compares_each_edit_with_its_neighbours_only(monkeypatch):
    """Whether a fix overlaps one already taken is decided by the two taken edits around it."""
    calls = 0
    real = fixer._overlaps

    def counted(a, b):
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(fixer, "_overlaps", counted)
    text = "x" * 4000
    findings = [Finding("DF999", "m", Severity.INFO, i, i + 1,
                        Fix((Edit(i, i + 1, "y"),), Applicability.SAFE, "f")) for i in range(0, 4000, 2)]
    passes = iter([findings, []])
    result = fixer.fix_to_fixed_point(text, "Dockerfile", False, lambda _: next(passes))
    assert result.text == "yx" * 2000
    assert calls <= 2 * len(findings)


def test_document_indexes_agree_with_a_search_of_every_stage():
    df = parse("ARG V=1\nFROM a AS one\nRUN x\nFROM one AS two\nRUN y\nFROM b\nFROM TWO AS three\n"
               "ONBUILD RUN z\nFROM one\nRUN w\n")
    for ins in df.instructions:
        expected = next((s for s in df.stages if any(i is ins for i in s.instructions)), None)
        assert df.stage_of(ins) is expected
    assert df.stage_of(df.instructions[-3].sub) is None  # the RUN inside ONBUILD
    one, two, b, three, last = df.stages
    assert [s.index for s in df.built_from(one)] == [1, 3, 4]
    assert df.built_from(b) == []
    assert df.base_stage(three) is two and df.base_stage(one) is None
    assert df.find_stage("ONE") is one and df.find_stage("2") is b and df.find_stage("nope") is None
    assert [i.cmd for i in df.stage_after(df.instructions[1])] == ["RUN"]
    assert [i.cmd for i in df.stage_before(df.instructions[2])] == ["FROM"]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 4)), max_size=40))
def test_taken_edits_find_the_same_overlaps_as_comparing_every_pair(spans):
    taken = fixer._TakenEdits()
    kept: list[Edit] = []
    for start, length in spans:
        edit = Edit(start, start + length, "")
        expected = any(fixer._overlaps(edit, t) for t in kept)
        assert taken.overlaps(edit) == expected
        if not expected:
            taken.add(edit)
            kept.append(edit)
    assert taken.edits == sorted(kept, key=lambda e: (e.start, e.end))

