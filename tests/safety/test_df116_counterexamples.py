"""DF116's unsafe fix moves a leading `cd DIR &&` into WORKDIR DIR before the RUN and WORKDIR back
after it. One test per refusal in docs/rules/DF116.md: the file the fix would change further."""

from dfopt.rules.cd_workdir import CdInsteadOfWorkdir as R
from tests.ruletools import findings, fixed


def refused(text):
    assert fixed(R, text, unsafe=True) == text
    return [f.no_fix_reason for f in findings(R, text)]


def test_no_fix_when_the_folder_to_go_back_to_is_unknown():
    # php works in /var/www/html: a WORKDIR / after the RUN would move every later COPY and CMD.
    assert "unknown" in refused("FROM php:8.3-apache\nRUN cd /tmp && make\nCOPY x .\n")[0]
    assert "unknown" in refused("FROM a:1\nWORKDIR $HOME\nRUN cd /tmp && make\n")[0]


def test_no_fix_for_a_cd_that_does_not_always_run_first():
    # `cd /x || true && make`: make runs in / when /x is missing; under WORKDIR /x it never is.
    refused("FROM alpine:3\nRUN cd /x || true && make\n")
    refused("FROM alpine:3\nRUN make; cd /x && make install\n")
    refused("FROM alpine:3\nRUN if true; then cd /x; fi && make\n")
    refused("FROM alpine:3\nRUN (cd /x && make) && ls\n")


def test_no_fix_for_a_cd_alone_or_to_a_folder_known_only_at_run_time():
    refused("FROM alpine:3\nRUN cd /x\n")  # nothing would be left of the RUN
    refused("FROM alpine:3\nRUN cd $HOME && make\n")
    refused("FROM alpine:3\nRUN cd ~ && make\n")
    refused("FROM alpine:3\nRUN cd - && make\n")
    refused("FROM alpine:3\nRUN cd /opt/* && make\n")


def test_no_fix_in_onbuild_or_heredoc_runs():
    refused("FROM alpine:3\nONBUILD RUN cd /x && make\n")
    refused("FROM alpine:3\nRUN <<EOF\ncd /x && make\nEOF\n")


def test_no_fix_across_a_comment_line():
    refused("FROM alpine:3\nRUN cd /x \\\n# build it\n  && make\n")


def test_no_split_after_a_command_that_sets_shell_state():
    # `V=2` (or `export`) is gone in the second RUN: `make` would build another version.
    refused("FROM alpine:3\nRUN V=2 && cd /src && make VERSION=$V\n")
    refused("FROM alpine:3\nRUN export CC=clang && cd /src && make\n")


def test_no_split_of_a_run_with_flags():
    # What `fetch` writes to the tmpfs would be gone in the second RUN.
    refused("FROM alpine:3\nRUN --mount=type=tmpfs,target=/src fetch && cd /src && make\n")
