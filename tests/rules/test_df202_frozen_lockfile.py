"""DF202: installs that may rewrite the lock file, when the lock file is in the image."""

from __future__ import annotations

import pytest

from dfopt.context import BuildContext
from dfopt.fixer import check, fix_text
from dfopt.rules.frozen_lockfile import FrozenLockfileInstall
from dfopt.syntax import parse


@pytest.fixture
def context(tmp_path):
    def make(**files):
        for name, body in files.items():
            path = tmp_path / name.replace("__", "/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body)
        return BuildContext.from_dir(tmp_path)
    return make


def fixed(text, ctx):
    return fix_text(text, [FrozenLockfileInstall], unsafe=True, build_context=ctx).text


def test_npm_install_with_a_copied_lock_becomes_npm_ci(context):
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}"})
    text = "FROM node\nCOPY package*.json ./\nRUN npm install --omit=dev\n"
    assert fixed(text, ctx) == "FROM node\nCOPY package*.json ./\nRUN npm ci --omit=dev\n"


def test_npm_i_alias_is_caught(context):
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}"})
    assert fixed("FROM node\nCOPY . .\nRUN npm i\n", ctx) == "FROM node\nCOPY . .\nRUN npm ci\n"


def test_fix_is_unsafe_and_not_applied_by_default(context):
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}"})
    text = "FROM node\nCOPY . .\nRUN npm install\n"
    (finding,) = check(parse(text), [FrozenLockfileInstall], build_context=ctx)
    assert finding.fix.applicability.value == "unsafe"
    assert fix_text(text, [FrozenLockfileInstall], build_context=ctx).text == text


def test_yarn_classic_gets_frozen_lockfile_and_berry_gets_immutable(context):
    ctx = context(**{"package.json": "{}", "yarn.lock": ""})
    assert fixed("FROM node\nCOPY . .\nRUN yarn\n", ctx).endswith("RUN yarn --frozen-lockfile\n")
    ctx = context(**{".yarnrc.yml": "nodeLinker: node-modules\n"})
    assert fixed("FROM node\nCOPY . .\nRUN yarn install\n", ctx).endswith("RUN yarn install --immutable\n")


def test_pnpm_and_bun_get_frozen_lockfile(context):
    ctx = context(**{"package.json": "{}", "pnpm-lock.yaml": "", "bun.lockb": ""})
    assert fixed("FROM node\nCOPY . .\nRUN pnpm install && echo ok\n", ctx) == \
        "FROM node\nCOPY . .\nRUN pnpm install --frozen-lockfile && echo ok\n"
    assert fixed("FROM node\nCOPY . .\nRUN bun install\n", ctx).endswith("RUN bun install --frozen-lockfile\n")


def test_no_finding_when_the_lock_file_is_not_copied(context):
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}"})
    assert check(parse("FROM node\nCOPY package.json ./\nRUN npm install\n"), [FrozenLockfileInstall],
                 build_context=ctx) == []


def test_no_finding_when_dockerignore_hides_the_lock_file(context):
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}", ".dockerignore": "package-lock.json\n"})
    assert check(parse("FROM node\nCOPY . .\nRUN npm install\n"), [FrozenLockfileInstall], build_context=ctx) == []


def test_no_finding_when_already_frozen_or_without_context(context):
    ctx = context(**{"package.json": "{}", "yarn.lock": ""})
    assert check(parse("FROM node\nCOPY . .\nRUN yarn install --frozen-lockfile\n"), [FrozenLockfileInstall],
                 build_context=ctx) == []
    assert check(parse("FROM node\nCOPY . .\nRUN npm install\n"), [FrozenLockfileInstall]) == []


def test_lock_in_a_subfolder_copied_to_the_workdir(context):
    ctx = context(**{"web__package.json": "{}", "web__package-lock.json": "{}"})
    text = "FROM node\nWORKDIR /app\nCOPY web/package*.json ./\nRUN npm install\n"
    assert fixed(text, ctx).endswith("RUN npm ci\n")  # web/package-lock.json landed in /app
    text = "FROM node\nWORKDIR /app\nCOPY . .\nWORKDIR /app/web\nRUN npm install\n"
    assert fixed(text, ctx).endswith("RUN npm ci\n")


def test_install_behind_a_wrapper_is_left_alone(context):
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}"})
    assert check(parse("FROM node\nCOPY . .\nRUN sudo npm install\n"), [FrozenLockfileInstall], build_context=ctx) == []


def test_an_install_after_a_cd_is_left_alone(context):
    # `cd client` installs client/'s project: the context's root lock file is not the one it reads.
    ctx = context(**{"package.json": "{}", "package-lock.json": "{}", "client__package.json": "{}"})
    text = "FROM node\nWORKDIR /app\nCOPY . .\nRUN cd client && npm i\n"
    assert fixed(text, ctx) == text
