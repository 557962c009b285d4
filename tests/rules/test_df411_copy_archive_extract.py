import pytest

from dfopt.rules.copy_archive_extract import CopiedArchiveExtracted as R
from tests.ruletools import findings


@pytest.mark.parametrize("text", [
    "COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar\n",
    "COPY packaged-app.tar /usr/src/app\nWORKDIR /usr/src/app\nRUN foo bar && echo something && tar -xf packaged-app.tar\n",
    "COPY foo/bar/packaged-app.tar /foo.tar\nRUN tar -xf /foo.tar\n",
    "COPY vendor.tar.gz /tmp/\nRUN tar xzf /tmp/vendor.tar.gz -C /opt && rm /tmp/vendor.tar.gz\n",
    "COPY a.txt vendor.tgz /tmp/\nRUN tar --extract --file /tmp/vendor.tgz\n",
    "COPY v.tar.xz /tmp/\nRUN xzcat /tmp/v.tar.xz | tar -x -C /opt\n",
    "COPY [\"v.tar.bz2\", \"/tmp/\"]\nRUN sudo tar -xjf /tmp/v.tar.bz2\n",
])
def test_copied_archive_extracted_later(text):
    text = "FROM debian:12\n" + text
    (found,) = findings(R, text)
    assert text[found.start:found.end] == "COPY" and found.fix is None


@pytest.mark.parametrize("text", [
    "COPY packaged-app.tar /usr/src/app\nFROM debian:11 AS next\nRUN tar -xf packaged-app.tar\n",
    "COPY package.json /usr/src/app\nRUN tar -xf package.json\n",
    "COPY --from=builder /usr/local/share/some.tar /opt/some.tar\nRUN tar -xf /opt/some.tar\n",
    "COPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
    "COPY app.tar.gz /srv/\nRUN tar -tzf /srv/app.tar.gz\n",
    "COPY app.tar.gz /srv/\nRUN tar -czf other.tar.gz /srv\n",
    "RUN tar -xf app.tar\nCOPY app.tar /srv/\n",
])
def test_archives_not_extracted_or_not_from_the_context_pass(text):
    assert findings(R, "FROM debian:12\n" + text) == []
