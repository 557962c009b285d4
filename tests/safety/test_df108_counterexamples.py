"""DF108 counterexamples: RUNs that install nothing, Yarn 2+ projects whose cache holds the
installed packages, and later installs that read the cache."""

import pytest

from dfopt.context import BuildContext
from dfopt.findings import Applicability
from dfopt.fixer import check, fix_text
from dfopt.rules.node_cache import NodeCacheLeftInImage as R
from dfopt.syntax import parse
from ruletools import fixed, only


def in_context(text, root, unsafe=False):
    return fix_text(text, [R], build_context=BuildContext.from_dir(root), unsafe=unsafe).text


def finding_in_context(text, root):
    (f,) = check(parse(text), [R], build_context=BuildContext.from_dir(root))
    return f


@pytest.mark.parametrize("run", [
    "RUN tar -xzf /tmp/yarn.tgz -C /opt && /opt/yarn/bin/yarn --version\n",
    "RUN yarn --version\n",
    "RUN yarn -v && node --version\n",
    "RUN npm --version\n",
])
def test_a_run_that_installs_nothing_gets_no_clean(run):
    before = "FROM node:20-bookworm-slim\n" + run
    assert fixed(R, before) == before


@pytest.mark.parametrize("files", [
    {".yarnrc.yml": "nodeLinker: pnp\n"},
    {"package.json": '{"name": "x", "packageManager": "yarn@4.1.0"}'},
    {".yarn/releases/yarn-3.6.4.cjs": "//"},
])
def test_yarn_berry_in_the_context_gets_no_fix(tmp_path, files):
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    before = "FROM node:20-bookworm-slim\nCOPY . .\nRUN yarn install --frozen-lockfile\n"
    assert in_context(before, tmp_path, unsafe=True) == before
    assert "Plug'n'Play" in finding_in_context(before, tmp_path).no_fix_reason


def test_a_yarn_1_project_with_a_frozen_lockfile_is_safe(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "x", "packageManager": "yarn@1.22.22"}')
    before = "FROM node:20-bookworm-slim\nCOPY . .\nRUN yarn install --frozen-lockfile\n"
    assert in_context(before, tmp_path) == before[:-1] + " && yarn cache clean\n"


def test_without_the_context_a_project_yarn_install_is_only_an_unsafe_fix():
    before = "FROM node:20-bookworm-slim\nCOPY . .\nRUN yarn install --frozen-lockfile\n"
    assert fixed(R, before) == before
    assert only(R, before).fix.applicability is Applicability.UNSAFE


def test_a_later_offline_install_keeps_the_cache():
    before = "FROM node:20-bookworm-slim\nRUN npm install -g pm2\nWORKDIR /app\nRUN npm ci --offline\n"
    assert fixed(R, before) == before
    assert "offline" in only(R, before).no_fix_reason
