"""RUNs far deeper than Python's recursion limit are analysed, and the rest of the file is fixed."""

from dfopt.catalogue import CATALOGUE, rules_for
from dfopt.fixer import fix_text
from dfopt.shell.run import not_analysed
from dfopt.syntax import parse

CHAIN = " && \\\n    ".join(f"echo {i}" for i in range(2000))
SUBSHELLS = "( " * 300 + "pip install flask" + " )" * 300
IFS = "if true; then " * 300 + "echo deep" + "; fi" * 300


def test_a_long_chain_and_deep_nesting_are_analysed_and_the_rest_is_fixed():
    text = (f"FROM python:3.12\nRUN {CHAIN} && pip install requests\nRUN {SUBSHELLS}\nRUN {IFS}\n"
            "RUN pip install gunicorn\n")
    assert not_analysed(parse(text)) == []
    result = fix_text(text, rules_for("Dockerfile", CATALOGUE))
    assert "pip install --no-cache-dir gunicorn" in result.text
    # Inside the 2,000-command chain too, and in the command 300 subshells deep.
    assert "echo 1999 && pip install --no-cache-dir requests" in result.text
    assert "( pip install --no-cache-dir flask )" in result.text
    assert {a.code for a in result.applied} == {"DF106"}


def test_eleven_hundred_stages_built_from_each_other_are_checked_and_fixed():
    text = "FROM debian AS s0\nRUN apt-get update && apt-get install -y curl\n"
    text += "".join(f"FROM s{i - 1} AS s{i}\nRUN echo {i}\n" for i in range(1, 1100))
    text += "RUN pip install flask\nRUN apt-get install -y git\n"
    result = fix_text(text, rules_for("Dockerfile", CATALOGUE))
    assert "pip install --no-cache-dir flask" in result.text
    assert {"DF103", "DF106"} <= {a.code for a in result.applied}
