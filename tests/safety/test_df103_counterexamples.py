"""DF103 counterexamples: projects that still read the package lists after the RUN that fetched
them. Each one either keeps its file (with the reason) or gets the lists back where it reads them."""

import pytest

from dfopt.rules.apt_lists import AptListsLeftInImage as R
from ruletools import fixed, only

UPDATE = "FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\n"
FIXED_UPDATE = UPDATE.replace("curl\n", "curl && rm -rf /var/lib/apt/lists/*\n")


@pytest.mark.parametrize("later, line", [
    ("RUN bash install.sh\n", "`bash`"),
    ("RUN sh -c 'apt-get install -y git'\n", "`sh`"),
    ("RUN curl -fsSL https://example.invalid/setup | sh\n", "`sh`"),
    ("RUN ./scripts/bootstrap\n", "`./scripts/bootstrap`"),
    ("RUN . /etc/profile && setup-tools\n", "`.`"),
    ("RUN echo git | xargs apt-get install -y\n", "`xargs`"),
    ("RUN $INSTALLER git\n", "`$INSTALLER`"),
    ("RUN timeout 600 apt-get install -y git\n", "`timeout`"),
    ("RUN eatmydata apt-get install -y git\n", "`eatmydata`"),
    ("RUN nala install -y git\n", "`nala`"),
    ("RUN /usr/local/bin/setup-tools\n", "`/usr/local/bin/setup-tools`"),
])
def test_a_later_script_may_install_with_the_lists(later, line):
    before = UPDATE + "WORKDIR /src\n" + later
    assert fixed(R, before) == before
    assert line in only(R, before).no_fix_reason


def test_a_later_exec_form_run_is_not_read_so_the_lists_stay():
    before = UPDATE + 'WORKDIR /src\nRUN ["apt-get", "install", "-y", "git"]\n'
    assert fixed(R, before) == before


@pytest.mark.parametrize("reader", [
    "aptitude install -y git", "apt-get download git", "apt-get source hello", "apt-cache policy git",
    "apt-get build-dep -y hello",
])
def test_later_readers_of_the_lists_get_their_own_update(reader):
    before = UPDATE + f"WORKDIR /src\nRUN {reader}\n"
    assert fixed(R, before) == FIXED_UPDATE + f"WORKDIR /src\nRUN apt-get update && {reader} && rm -rf /var/lib/apt/lists/*\n"


def test_a_reader_in_a_pipe_keeps_the_lists():
    before = UPDATE + "WORKDIR /src\nRUN yes | apt-get install git\n"
    assert fixed(R, before) == before
    assert "subshell or pipe" in only(R, before).no_fix_reason


@pytest.mark.parametrize("later", [
    "RUN test -f /x || apt-get install -y git\n",
    "RUN if [ -n \"$DEV\" ]; then apt-get install -y git; fi\n",
    "RUN install() { apt-get install -y \"$1\"; } && install git\n",
])
def test_a_reader_under_a_condition_keeps_the_lists(later):
    before = UPDATE + "WORKDIR /src\n" + later
    assert fixed(R, before) == before


def test_a_conditional_update_does_not_count_as_fresh_lists():
    before = UPDATE + "WORKDIR /src\nRUN [ -n \"$X\" ] && echo || apt-get update\nRUN test -f /y || apt-get install -y git\n"
    assert fixed(R, before) == before


@pytest.mark.parametrize("copy", [
    "COPY --from=base /var/lib/apt/lists /var/lib/apt/lists\n",
    "COPY --from=0 /var/lib/apt /var/lib/apt\n",
    "COPY --from=base / /\n",
    "RUN --mount=type=bind,from=base,source=/var/lib/apt/lists,target=/var/lib/apt/lists apt-cache policy\n",
])
def test_another_stage_that_copies_or_mounts_the_lists(copy):
    before = UPDATE + "FROM debian:bookworm-slim\n" + copy
    assert fixed(R, before) == before
    assert "copies or mounts" in only(R, before).no_fix_reason


def test_copies_from_a_stage_built_from_this_one_count_too():
    before = UPDATE + "FROM base AS tools\nRUN echo\nFROM debian:bookworm-slim\nCOPY --from=tools /var/lib/apt/lists /l\n"
    assert fixed(R, before) == before


def test_the_added_update_carries_the_secret_and_cache_mounts_of_the_original():
    mounts = "--mount=type=secret,id=auth,target=/etc/apt/auth.conf --mount=type=cache,target=/var/cache/apt"
    before = f"FROM d\nRUN {mounts} apt-get update && apt-get install -y a\nWORKDIR /x\nRUN apt-get install -y b\n"
    after = (f"FROM d\nRUN {mounts} apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\nWORKDIR /x\n"
             f"RUN {mounts} apt-get update && apt-get install -y b\n")
    assert fixed(R, before).startswith(after[:-1])


def test_refuses_when_the_update_used_a_bind_mount_the_reader_lacks():
    before = ("FROM d\nRUN --mount=type=bind,source=extra.list,target=/etc/apt/sources.list.d/extra.list "
              "apt-get update && apt-get install -y a\nWORKDIR /x\nRUN apt-get install -y b\n")
    assert fixed(R, before) == before


def test_refuses_a_reader_on_another_network():
    before = "FROM d\nRUN apt-get update && apt-get install -y a\nWORKDIR /x\nRUN --network=none apt-get install -y b\n"
    assert fixed(R, before) == before


@pytest.mark.parametrize("target", ["/var/lib/apt", "/var/lib/apt/lists", "/var/lib/apt/lists/"])
def test_a_mount_on_the_lists_is_not_emptied(target):
    for kind in ("cache", "tmpfs"):
        before = f"FROM d\nRUN --mount=type={kind},target={target} apt-get update && apt-get install -y a\n"
        assert fixed(R, before) == before


def test_an_onbuild_reader_keeps_the_lists():
    before = UPDATE + "ONBUILD RUN apt-get install -y git\n"
    assert fixed(R, before) == before
    assert "ONBUILD" in only(R, before).no_fix_reason


def test_an_onbuild_update_is_left_alone():
    before = "FROM d\nONBUILD RUN apt-get update && apt-get install -y a\n"
    assert fixed(R, before) == before


def test_each_child_stage_is_followed_separately():
    # The update in the first child stage does not give the second child fresh lists.
    before = (UPDATE + "FROM base AS one\nRUN apt-get update && apt-get install -y a\n"
              "FROM base AS two\nRUN apt-get install -y b\n")
    after = fixed(R, before)
    assert "FROM base AS two\nRUN apt-get update && apt-get install -y b" in after


def test_a_program_from_a_system_folder_is_no_script():
    before = UPDATE + "WORKDIR /src\nRUN /usr/bin/git --version && echo apt-get\n"
    assert fixed(R, before) == FIXED_UPDATE + "WORKDIR /src\nRUN /usr/bin/git --version && echo apt-get\n"
