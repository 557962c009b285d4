"""Hypothesis strategies that write Dockerfiles: continuations (with comment and empty lines
inside), comments, heredocs, CRLF and both escape characters."""

from hypothesis import strategies as st

WORD = st.sampled_from(["a", "apt-get", "install", "-y", "curl", "&&", "echo", "$HOME", '"q x"', "'s'", "<<", "é", "--x"])
SPACE = st.sampled_from([" ", "  ", "\t"])
TRAIL = st.sampled_from(["", " ", "\t", "  "])
KEYWORD = st.sampled_from(["RUN", "run", "ENV K=v", "label a=\"b c\"", "CMD", "WORKDIR", "COPY", "EXPOSE"])


@st.composite
def dockerfiles(draw):
    escape = draw(st.sampled_from(["\\", "`"]))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    if draw(st.booleans()):
        lines.append(f"# escape={escape}" if escape == "`" or draw(st.booleans()) else "# syntax=docker/dockerfile:1")
        if escape == "`" and lines[0] != "# escape=`":
            lines.insert(0, "# escape=`")
    elif escape == "`":
        lines.append("# escape=`")
    lines.append("FROM debian AS base")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["instr", "cont", "comment", "blank", "heredoc"]))
        if kind == "comment":
            lines.append(draw(st.sampled_from(["# c", "  # indented", "#", f"# ends with {escape}"])))
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "   ", "\t"])))
        elif kind == "heredoc":
            name = draw(st.sampled_from(["EOF", "END_1"]))
            chomp = draw(st.booleans())
            quote = draw(st.sampled_from(["", '"', "'"]))
            lines.append(f"RUN <<{'-' if chomp else ''}{quote}{name}{quote} sh")
            for w in draw(st.lists(WORD, max_size=3)):
                lines.append(("\t" if chomp else "") + w)
            lines.append(("\t" if chomp else "") + name)
        else:
            keyword = draw(KEYWORD)
            words = draw(st.lists(WORD, min_size=1, max_size=4))
            if "=" in keyword:  # ENV and LABEL take name=value words only
                words = [f"w{i}={w}" for i, w in enumerate(words)]
            first = keyword + " " + " ".join(words)
            if kind == "instr":
                lines.append(first)
                continue
            lines.append(first + draw(SPACE) + escape + draw(TRAIL))

            def more(words):
                extra = draw(st.lists(WORD, min_size=1, max_size=3))
                return [f"x{i}={w}" for i, w in enumerate(extra)] if "=" in keyword else extra

            for _ in range(draw(st.integers(0, 3))):
                extra = draw(st.sampled_from(["comment", "blank", "more"]))
                if extra == "comment":
                    lines.append("  # inside")
                elif extra == "blank":
                    lines.append("")
                else:
                    lines.append("  " + " ".join(more(words)) + " " + escape + draw(TRAIL))
            lines.append("  " + " ".join(more(words)))
    text = nl.join(lines)
    if draw(st.booleans()):
        text += nl
    return text
