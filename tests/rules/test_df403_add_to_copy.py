import pytest

from dfopt.context import BuildContext
from dfopt.fixer import fix_text
from dfopt.rules.add_to_copy import AddForPlainFiles as R
from dfopt.findings import Applicability
from ruletools import codes, only


@pytest.mark.parametrize("line", ["ADD . /app", "ADD package.json yarn.lock /app/", "add --chown=1:1 src/ /src",
                                  'ADD ["a b.txt", "/x/"]', "ADD lib.jar /opt/", "ADD *.json /app/"])
def test_catches_add_of_plain_files(line):
    assert codes(R, f"FROM a\n{line}\n") == ["DF403"]


@pytest.mark.parametrize("line", ["ADD https://example.com/x.sh /x", "ADD rootfs.tar.gz /", "ADD app.tgz /app",
                                  "ADD $SRC /app", "ADD --checksum=sha256:abc x /x", "COPY . /app",
                                  "ADD git@example.com:a/b.git /src"])
def test_ignores_urls_archives_variables_and_add_only_flags(line):
    assert codes(R, f"FROM a\n{line}\n") == []


def test_keeps_the_keyword_case_and_the_rest_of_the_line(tmp_path):
    (tmp_path / "index.js").write_text("x\n")
    ctx = BuildContext.from_dir(tmp_path)
    text = "FROM a\nadd --chown=app . /app\n"
    assert fix_text(text, [R], build_context=ctx).text == "FROM a\ncopy --chown=app . /app\n"


def test_without_a_context_the_fix_is_unsafe():
    f = only(R, "FROM a\nADD conf/* /etc/conf/\n")
    assert f.fix.applicability is Applicability.UNSAFE and "build context" in f.fix.message
