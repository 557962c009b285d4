"""DF413 ends a COPY destination with `/`. The fix is safe only where the destination is already a
folder: then BuildKit copies every source into it with or without the `/`. Each test below is a
project where the folder may not exist, so the `/` would change the image (a folder of every
source instead of one file, the last source): the fix must be unsafe there. One test per entry of
"When dfopt refuses" in docs/rules/DF413.md."""

import pytest

from dfopt.findings import Applicability
from dfopt.rules.copy_dest_slash import CopyDestinationWithoutSlash as R
from tests.ruletools import findings, fixed


def applicability(text):
    (found,) = findings(R, text)
    return found.fix.applicability


def test_precondition_holds_safe():
    assert applicability("FROM a:1\nWORKDIR /app\nENV X=1\nCOPY a b /app\n") is Applicability.SAFE


def test_run_between_workdir_and_copy_may_remove_the_folder():
    # `rm -rf /app` leaves no folder: without `/` the image gets /app as a file (b's content).
    text = "FROM a:1\nWORKDIR /app\nRUN rm -rf /app\nCOPY a b /app\n"
    assert applicability(text) is Applicability.UNSAFE
    assert fixed(R, text) == text


@pytest.mark.parametrize("text", [
    "FROM a:1\nCOPY a b /app\n",  # no WORKDIR: /app may not exist in the base image
    "FROM a:1\nWORKDIR /srv\nCOPY a b /srv/app\n",  # another path than the WORKDIR's
    "FROM a:1\nWORKDIR /app\nWORKDIR /srv\nCOPY a b /app\n",  # not the last WORKDIR
    "FROM a:1\nWORKDIR /app\nCOPY a b app\n",  # relative: /app/app need not exist
    "FROM a:1\nARG D=/app\nWORKDIR $D\nCOPY a b $D\n",  # variables: known only at build time
])
def test_destination_not_known_to_be_a_folder(text):
    assert applicability(text) is Applicability.UNSAFE


def test_onbuild_copy_runs_in_another_build():
    assert applicability("FROM a:1\nWORKDIR /app\nONBUILD COPY a b /app\n") is Applicability.UNSAFE
