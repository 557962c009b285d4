"""Invariants of the RUN rules on generated Dockerfiles full of package-manager work: the rewrite
is a fixed point, parses with BuildKit's parser, and keeps every comment line."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import buildkit
from dfopt.fixer import fix_text
from dfopt.catalogue import select_rules
from dfopt.syntax import parse

RULES = select_rules(["DF1", "DF2", "DF4"])
COMMANDS = st.sampled_from([
    "apt-get update", "apt-get install curl", "apt-get install -y git", "sudo apt-get -qq install x",
    "apk add curl", "apk update", "pip install -r r.txt", "python3 -m pip install x", "dnf install y",
    "npm install -g pm2", "yarn install", "cd /tmp", "export A=1", "rm -rf /var/lib/apt/lists/*",
    "echo é > /x", "make || true", "apt-get purge -y z", "set -e",
])
OPERATORS = st.sampled_from([" && ", " && \\\n    ", " \\\n    && ", "; ", " || "])


@st.composite
def package_dockerfiles(draw):
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["FROM debian AS base"]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["run", "run", "run", "comment", "other", "heredoc"]))
        if kind == "comment":
            lines.append("# a comment")
        elif kind == "other":
            lines.append(draw(st.sampled_from(["ENV A=1", "WORKDIR /app", "ADD . /app", "CMD node a.js",
                                               "COPY x /x", "FROM base", "ENTRYPOINT run $X"])))
        elif kind == "heredoc":
            body = draw(st.lists(COMMANDS, min_size=1, max_size=3))
            lines += ["RUN <<EOF", *body, "EOF"]
        else:
            cmds = draw(st.lists(COMMANDS, min_size=1, max_size=4))
            script = cmds[0]
            for c in cmds[1:]:
                script += draw(OPERATORS) + c
            flag = draw(st.sampled_from(["", "--mount=type=cache,target=/root/.npm ", "--network=host "]))
            lines.append(f"RUN {flag}{script}")
    return ("\n".join(lines) + "\n").replace("\n", nl)


def comments(text):
    """Comment lines, whether on their own or inside an instruction's continuation lines."""
    df = parse(text)
    inner = [df.text[x.start : x.end] for ins in df.instructions for x in ins.inner_lines if x.kind == "comment"]
    return sorted(line.strip() for line in [n.text for n in df.nodes if n.kind == "comment"] + inner)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(package_dockerfiles())
def test_run_rules_rewrite_is_idempotent_parses_and_keeps_comments(text):
    once = fix_text(text, RULES, unsafe=True)
    twice = fix_text(once.text, RULES, unsafe=True)
    assert twice.text == once.text and twice.applied == []
    assert comments(once.text) == comments(text)
    if buildkit is not None and once.changed:
        buildkit.parse_string(once.text)
