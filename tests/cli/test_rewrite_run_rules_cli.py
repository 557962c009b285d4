"""`dfopt rewrite` with the RUN rules: applied fixes are listed, --verbose names what is left alone."""

from click.testing import CliRunner

from dfopt.cli import cli


def rewrite(*args, input):
    return CliRunner().invoke(cli, ["rewrite", *args, "-"], input=input, catch_exceptions=False)


def test_applied_fixes_are_listed_with_their_line():
    result = rewrite(input="FROM d\nRUN apt-get update\nRUN apt-get install -y curl\n")
    assert result.stdout == ("FROM d\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")
    assert "<stdin>:2: DF101 merged apt-get update into the install on line 3" in result.stderr


def test_verbose_reports_runs_that_are_not_analysed():
    text = 'FROM d\nSHELL ["powershell", "-Command"]\nRUN Install-Package x\nFROM e\nRUN ["apt-get", "install", "x"]\n'
    result = rewrite("--verbose", input=text)
    assert "<stdin>:3: not analysed: RUN (SHELL powershell is not a POSIX shell)" in result.stderr
    assert "<stdin>:5: not analysed: RUN (exec-form RUN runs no shell)" in result.stderr


def test_unsafe_fixes_are_held_back_and_reported_in_verbose():
    result = rewrite("--verbose", input="FROM d\nRUN apt-get install -y curl\n")
    assert result.stdout == ("FROM d\nRUN apt-get install -y curl\n")
    assert "DF109" in result.stderr and "needs --unsafe-fixes" in result.stderr
