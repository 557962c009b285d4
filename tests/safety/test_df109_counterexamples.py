"""DF109 (unsafe): dropping recommends drops ca-certificates, and then curl, wget and git fail on
HTTPS (curl exits with 77). The fix adds ca-certificates when it drops it from an HTTPS client."""

import pytest

from dfopt.rules.no_install_recommends import MissingNoInstallRecommends as R
from ruletools import fixed, only


@pytest.mark.parametrize("client", ["curl", "wget", "git", "curl=7.88.1-10+deb12u8"])
def test_an_https_client_gets_ca_certificates(client):
    before = f"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y {client} procps\n"
    assert fixed(R, before, unsafe=True) == (
        f"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y {client} procps"
        " ca-certificates\n")
    assert "ca-certificates" in only(R, before).fix.message


def test_one_package_a_line_gets_ca_certificates_on_a_line_of_its_own():
    before = "FROM d\nRUN apt-get install -y \\\n    curl \\\n    less \\\n && rm -rf /var/lib/apt/lists/*\n"
    assert fixed(R, before, unsafe=True) == (
        "FROM d\nRUN apt-get install --no-install-recommends -y \\\n    curl \\\n    less \\\n    ca-certificates \\\n"
        " && rm -rf /var/lib/apt/lists/*\n")


def test_no_extra_package_when_ca_certificates_is_already_installed():
    before = "FROM d\nRUN apt-get install -y ca-certificates\nRUN apt-get install -y curl\n"
    assert "ca-certificates\n" not in fixed(R, before, unsafe=True).split("\n", 2)[2]
    before = "FROM d\nRUN apt-get install -y curl ca-certificates\n"
    assert fixed(R, before, unsafe=True).count("ca-certificates") == 1


def test_no_extra_package_without_an_https_client():
    assert fixed(R, "FROM d\nRUN apt-get install -y procps\n", unsafe=True) == (
        "FROM d\nRUN apt-get install --no-install-recommends -y procps\n")
