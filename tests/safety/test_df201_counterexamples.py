"""DF201's preconditions, each with the project that would break if it were ignored.

Every case is a Dockerfile and a build context (written to tmp_path). A refusal or an unsafe fix
must leave the file unchanged under `dfopt rewrite` (safe fixes only) and name its reason; a safe
case gives the exact text the rewrite must produce.
"""

from __future__ import annotations

import json
import os

import pytest

from dfopt.context import BuildContext
from dfopt.findings import Applicability
from dfopt.fixer import check, fix_text
from dfopt.rules.dependency_first import DependencyFirstCopy
from dfopt.syntax import parse

NODE = "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nRUN {run}\n"
PYTHON = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN {run}\n"
PACKAGE = json.dumps({"name": "app", "version": "1.0.0", "dependencies": {"ms": "2.1.3"}})
NPM = {"package.json": PACKAGE, "package-lock.json": "{}", ".dockerignore": "node_modules\n"}


def context(tmp_path, files: dict[str, str]) -> BuildContext:
    for name, body in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text(body)
    return BuildContext.from_dir(tmp_path)


def outcome(text: str, ctx: BuildContext):
    """The finding, and the file after the safe rewrite."""
    (finding,) = check(parse(text), [DependencyFirstCopy], "Dockerfile", ctx)
    return finding, fix_text(text, [DependencyFirstCopy], build_context=ctx).text


def assert_refused(text, ctx, reason):
    finding, after = outcome(text, ctx)
    assert finding.fix is None, finding.fix
    assert reason in finding.no_fix_reason
    assert after == text
    assert fix_text(text, [DependencyFirstCopy], build_context=ctx, unsafe=True).text == text


def assert_unsafe(text, ctx, reason):
    finding, after = outcome(text, ctx)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE, finding
    assert reason in finding.fix.message
    assert after == text


def assert_safe(text, ctx, expected):
    finding, after = outcome(text, ctx)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE, finding
    assert after == expected


# --- What the install writes into the project: the later whole copy must not cover it -----------

def test_node_modules_sent_by_the_context_makes_the_fix_unsafe(tmp_path):
    """The issue's example: `npm ci` used to delete the host's node_modules; after the rewrite the
    whole copy lays it over the clean install."""
    ctx = context(tmp_path, {"package.json": PACKAGE, "package-lock.json": "{}", "node_modules/ms/index.js": "x"})
    assert_unsafe(NODE.format(run="npm ci"), ctx, "the context holds node_modules")


def test_node_modules_not_kept_out_by_dockerignore_is_unsafe_even_when_absent(tmp_path):
    ctx = context(tmp_path, {"package.json": PACKAGE, "package-lock.json": "{}", ".dockerignore": ".git\n"})
    assert_unsafe(NODE.format(run="npm ci"), ctx, "no .dockerignore line keeps out node_modules")


def test_node_modules_excluded_by_dockerignore_is_safe(tmp_path):
    ctx = context(tmp_path, {**NPM, "node_modules/ms/index.js": "x"})
    assert_safe(NODE.format(run="npm ci"), ctx, "FROM node:20-bookworm-slim\nWORKDIR /app\n"
                "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n")


def test_a_negated_line_that_may_reinclude_part_of_node_modules_counts_against(tmp_path):
    ctx = context(tmp_path, {**NPM, ".dockerignore": "node_modules\n!node_modules/ms\n"})
    assert_unsafe(NODE.format(run="npm ci"), ctx, "node_modules")


def test_each_workspace_node_modules_must_be_kept_out(tmp_path):
    root = json.dumps({"name": "root", "workspaces": ["packages/*"]})
    ctx = context(tmp_path, {**NPM, "package.json": root, "packages/a/package.json": '{"name": "a"}'})
    assert_unsafe(NODE.format(run="npm ci"), ctx, "packages/a/node_modules")


def test_yarn_berry_pnp_files_sent_by_the_context_are_unsafe(tmp_path):
    ctx = context(tmp_path, {"package.json": PACKAGE, "yarn.lock": "", ".yarnrc.yml": "nodeLinker: pnp\n",
                             ".pnp.cjs": "stale", ".dockerignore": "node_modules\n"})
    assert_unsafe(NODE.format(run="yarn install --immutable"), ctx, ".pnp.cjs")


def test_composer_vendor_in_the_context_is_unsafe(tmp_path):
    ctx = context(tmp_path, {"composer.json": "{}", "composer.lock": "{}", "vendor/autoload.php": "<?php"})
    text = "FROM php:8.3-cli\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\n"
    assert_unsafe(text, ctx, "vendor")


def test_uv_dot_venv_not_kept_out_is_unsafe(tmp_path):
    ctx = context(tmp_path, {"pyproject.toml": "[project]\nname = 'a'\nversion = '1'\n", "uv.lock": "",
                             ".venv/pyvenv.cfg": "home = /usr"})
    assert_unsafe(PYTHON.format(run="uv sync --frozen --no-install-project"), ctx, ".venv")


def test_bundler_vendor_bundle_not_kept_out_is_unsafe(tmp_path):
    ctx = context(tmp_path, {"Gemfile": "source 'https://rubygems.org'\n", "Gemfile.lock": ""})
    text = "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install --frozen\n"
    assert_unsafe(text, ctx, "vendor/bundle")


def test_a_virtualenv_under_the_destination_is_covered_by_the_copy(tmp_path):
    ctx = context(tmp_path, {"requirements.txt": "flask\n"})
    text = "FROM python:3.12-slim\nWORKDIR /app\nENV VIRTUAL_ENV=/app/venv\nCOPY . .\nRUN pip install -r requirements.txt\n"
    assert_unsafe(text, ctx, "venv")


def test_a_copy_into_the_home_folder_covers_the_install_caches(tmp_path):
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim\nWORKDIR /root\nCOPY . .\nRUN npm ci\n"
    assert_unsafe(text, ctx, "home folder /root")


def test_npm_install_may_rewrite_the_lock_file_the_copy_puts_back(tmp_path):
    ctx = context(tmp_path, NPM)
    assert_unsafe(NODE.format(run="npm install"), ctx, "may rewrite the lock file")


def test_bundle_install_without_frozen_may_update_the_lock(tmp_path):
    ctx = context(tmp_path, {"Gemfile": "source 'https://rubygems.org'\n", "Gemfile.lock": "",
                             ".dockerignore": "vendor/bundle\n"})
    text = "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n"
    assert_unsafe(text, ctx, "Gemfile.lock")


def test_a_cleanup_inside_the_project_runs_after_the_whole_copy(tmp_path):
    """`rm -rf docs` after the install used to remove the copied docs; above the copy it would not."""
    ctx = context(tmp_path, NPM)
    assert_safe(NODE.format(run="npm ci && rm -rf docs"), ctx, "FROM node:20-bookworm-slim\nWORKDIR /app\n"
                "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN rm -rf docs\n")


# --- What the install reads: copied with the manifests -------------------------------------------

BUNDLE_CONFIG = "BUNDLE_FROZEN: \"true\"\nBUNDLE_WITHOUT: \"development\"\n"


def test_bundle_config_is_copied_with_the_manifests(tmp_path):
    ctx = context(tmp_path, {"Gemfile": "source 'https://rubygems.org'\n", "Gemfile.lock": "",
                             ".bundle/config": BUNDLE_CONFIG, ".dockerignore": "vendor/bundle\n"})
    text = "FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\n"
    assert_safe(text, ctx, "FROM ruby:3.3\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nCOPY .bundle/config ./.bundle/\n"
                "RUN bundle install\nCOPY . .\n")


def test_bundler_remembered_options_rewrite_the_copied_bundle_config(tmp_path):
    """Bundler writes `--frozen`, `--without`, ... into .bundle/config: the whole copy would put the
    context's version back."""
    ctx = context(tmp_path, {"Gemfile": "source 'https://rubygems.org'\n", "Gemfile.lock": "",
                             ".bundle/config": BUNDLE_CONFIG, ".dockerignore": "vendor/bundle\n"})
    assert_unsafe("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install --without test\n", ctx, ".bundle")


def test_uv_toml_is_copied_with_the_manifests(tmp_path):
    ctx = context(tmp_path, {"pyproject.toml": "[project]\nname = 'a'\nversion = '1'\n", "uv.lock": "",
                             "uv.toml": "index-url = 'https://mirror/simple'\n", ".dockerignore": ".venv\n"})
    assert_safe(PYTHON.format(run="uv sync --frozen --no-install-project"), ctx,
                "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock uv.toml ./\n"
                "RUN uv sync --frozen --no-install-project\nCOPY . .\n")


def test_a_pip_conf_named_by_env_is_copied_with_the_manifests(tmp_path):
    ctx = context(tmp_path, {"requirements.txt": "flask\n", "pip.conf": "[global]\nindex-url = https://m/simple\n"})
    text = ("FROM python:3.12-slim\nWORKDIR /app\nENV PIP_CONFIG_FILE=/app/pip.conf\nCOPY . .\n"
            "RUN pip install -r requirements.txt\n")
    assert_safe(text, ctx, "FROM python:3.12-slim\nWORKDIR /app\nENV PIP_CONFIG_FILE=/app/pip.conf\n"
                "COPY requirements.txt pip.conf ./\nRUN pip install -r requirements.txt\nCOPY . .\n")


def test_yarnclean_is_copied_with_the_manifests(tmp_path):
    ctx = context(tmp_path, {"package.json": PACKAGE, "yarn.lock": "", ".yarnclean": "test\n",
                             ".dockerignore": "node_modules\n"})
    finding, after = outcome(NODE.format(run="yarn install --frozen-lockfile"), ctx)
    assert "COPY package.json yarn.lock .yarnclean ./\n" in after


def test_a_folder_of_the_project_on_pythonpath_is_refused(tmp_path):
    ctx = context(tmp_path, {"requirements.txt": "flask\n", "src/sitecustomize.py": "x"})
    text = "FROM python:3.12-slim\nWORKDIR /app\nENV PYTHONPATH=/app/src\nCOPY . .\nRUN pip install -r requirements.txt\n"
    assert_refused(text, ctx, "PYTHONPATH names /app/src")


# --- Composer's autoloader ----------------------------------------------------------------------

COMPOSER = {"composer.json": "{}", "composer.lock": "{}", ".dockerignore": "vendor\n"}


def test_composer_dump_autoload_keeps_no_scripts_and_no_interaction(tmp_path):
    ctx = context(tmp_path, COMPOSER)
    text = "FROM php:8.3-cli\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev --no-scripts --no-interaction -o\n"
    assert_safe(text, ctx, "FROM php:8.3-cli\nWORKDIR /app\nCOPY composer.json composer.lock ./\n"
                "RUN composer install --no-autoloader --no-dev --no-scripts --no-interaction -o\nCOPY . .\n"
                "RUN composer dump-autoload --no-dev --no-scripts --no-interaction --optimize\n")


def test_composer_without_autoloader_gets_no_dump_autoload(tmp_path):
    ctx = context(tmp_path, COMPOSER)
    text = "FROM php:8.3-cli\nWORKDIR /app\nCOPY . .\nRUN composer install --no-autoloader\n"
    finding, after = outcome(text, ctx)
    assert "dump-autoload" not in after and after.endswith("RUN composer install --no-scripts --no-autoloader\nCOPY . .\n")


def test_composer_in_a_subfolder_dumps_the_autoloader_there(tmp_path):
    ctx = context(tmp_path, {"api/composer.json": "{}", "api/composer.lock": "{}", ".dockerignore": "api/vendor\n"})
    text = "FROM php:8.3-cli\nWORKDIR /app\nCOPY . .\nRUN cd api && composer install\n"
    finding, after = outcome(text, ctx)
    assert after.endswith("COPY . .\nRUN cd /app/api && composer dump-autoload\n"), after


def test_a_composer_plugin_that_writes_the_project_is_refused(tmp_path):
    ctx = context(tmp_path, {**COMPOSER, "composer.json": json.dumps({"require": {"cweagans/composer-patches": "^1"}})})
    assert_refused("FROM php:8.3-cli\nWORKDIR /app\nCOPY . .\nRUN composer install\n", ctx, "cweagans/composer-patches")


# --- Already dependency-first, or the manifests already copied -----------------------------------

def test_cargo_chef_cook_before_the_copy_is_already_dependency_first(tmp_path):
    ctx = context(tmp_path, {"Cargo.toml": "[package]\nname='a'\n", "Cargo.lock": ""})
    text = ("FROM rust:1 AS builder\nWORKDIR /app\nCOPY recipe.json recipe.json\n"
            "RUN cargo chef cook --release --recipe-path recipe.json\nCOPY . .\nRUN cargo build --release\n")
    assert check(parse(text), [DependencyFirstCopy], "Dockerfile", ctx) == []


def test_an_earlier_manifest_copy_moves_the_install_up_instead_of_copying_twice(tmp_path):
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package*.json ./\nCOPY . .\nRUN npm ci\n"
    assert_safe(text, ctx, "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n")


def test_an_earlier_copy_with_other_owners_is_not_reused(tmp_path):
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package*.json ./\nCOPY --chown=node . .\nRUN npm ci\n"
    finding, after = outcome(text, ctx)
    assert "COPY --chown=node package.json package-lock.json ./\nRUN npm ci\nCOPY --chown=node . .\n" in after


# --- The install reads more than its manifests: refused ------------------------------------------

@pytest.mark.parametrize("package, reason", [
    ({"dependencies": {"lib": "./lib"}}, "comes from the project itself"),
    ({"overrides": {"ms": "file:./vendor/ms"}}, "comes from the project itself"),
    ({"dependencies": {"@prisma/client": "5.0.0"}}, "'@prisma/client' runs an install script"),
    ({"resolutions": {"ms": "patch:ms@npm%3A2.1.3#./patches/ms.patch"}}, "patch file ./patches/ms.patch"),
])
def test_node_dependencies_that_read_the_project_are_refused(tmp_path, package, reason):
    ctx = context(tmp_path, {**NPM, "package.json": json.dumps({"name": "a", **package})})
    assert_refused(NODE.format(run="npm ci"), ctx, reason)


def test_an_npmrc_path_setting_is_refused(tmp_path):
    ctx = context(tmp_path, {**NPM, ".npmrc": "cache=./.npm-cache\n"})
    assert_refused(NODE.format(run="npm ci"), ctx, ".npmrc sets cache")


def test_yarn_config_set_in_the_run_writes_the_project_rc_and_is_refused(tmp_path):
    ctx = context(tmp_path, {"package.json": PACKAGE, "yarn.lock": "", ".yarnrc.yml": "nodeLinker: pnp\n",
                             ".dockerignore": "node_modules\n.pnp.*\n.yarn/*\n"})
    assert_refused(NODE.format(run="yarn config set nodeLinker node-modules && yarn install --immutable"), ctx,
                   "writes a settings file of the project")


@pytest.mark.parametrize("requirements, reason", [
    ("-e git+https://example.org/lib.git#egg=lib\n", "checkout"),
    ("--find-links ./wheels\nflask\n", "--find-links ./wheels"),
    ("dist/lib-1.0-py3-none-any.whl\n", "dist/lib-1.0"),
    ("lib @ file:///app/lib\n", "lib @ file"),
])
def test_requirement_lines_that_read_the_project_are_refused(tmp_path, requirements, reason):
    ctx = context(tmp_path, {"requirements.txt": requirements})
    assert_refused(PYTHON.format(run="pip install -r requirements.txt"), ctx, reason)


def test_poetry_only_root_installs_the_project_and_is_refused(tmp_path):
    ctx = context(tmp_path, {"pyproject.toml": "[tool.poetry]\nname = 'a'\n", "poetry.lock": ""})
    assert_refused(PYTHON.format(run="poetry install --no-root --only-root"), ctx, "installs the project itself")


def test_poetry_path_dependency_in_a_group_is_refused(tmp_path):
    toml = "[tool.poetry]\nname = 'a'\n[tool.poetry.group.dev.dependencies]\nlib = { path = '../lib' }\n"
    ctx = context(tmp_path, {"pyproject.toml": toml, "poetry.lock": ""})
    assert_refused(PYTHON.format(run="poetry install --no-root"), ctx, "comes from a path in the project")


def test_go_replace_with_the_parent_folder_is_refused(tmp_path):
    ctx = context(tmp_path, {"go.mod": "module a\n\nreplace example.org/b => ..\n", "go.sum": ""})
    text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n"
    assert_refused(text, ctx, "local folder (..)")


def test_a_gemfile_that_reads_files_is_refused(tmp_path):
    ctx = context(tmp_path, {"Gemfile": "eval_gemfile 'Gemfile.local'\n", "Gemfile.lock": ""})
    assert_refused("FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install --frozen\n", ctx, "eval_gemfile")


def test_a_mount_inside_the_copied_folder_is_refused(tmp_path):
    ctx = context(tmp_path, NPM)
    text = NODE.format(run="--mount=type=cache,target=/app/node_modules/.cache npm ci")
    assert_refused(text, ctx, "mounts /app/node_modules/.cache")


def test_a_symlinked_manifest_is_refused(tmp_path):
    ctx = context(tmp_path, {**NPM, "config/package.json": PACKAGE})
    os.remove(tmp_path / "package.json")
    os.symlink("config/package.json", tmp_path / "package.json")
    assert_refused(NODE.format(run="npm ci"), BuildContext.from_dir(tmp_path), "symbolic link")


def test_a_manifest_excluded_by_dockerignore_is_refused(tmp_path):
    ctx = context(tmp_path, {**NPM, ".dockerignore": "node_modules\npackage.json\n"})
    assert_refused(NODE.format(run="npm ci"), ctx, "package.json is not in the build context")


@pytest.mark.parametrize("run", ["composer -d api install", "poetry install --no-root -C api",
                                 "uv sync --frozen --directory api", "bundle install --gemfile=api/Gemfile"])
def test_an_install_that_reads_another_folder_has_no_finding(tmp_path, run):
    ctx = context(tmp_path, {"composer.json": "{}", "pyproject.toml": "", "Gemfile": ""})
    assert check(parse(PYTHON.format(run=run)), [DependencyFirstCopy], "Dockerfile", ctx) == []


def test_go_download_runs_where_the_install_reads_go_mod(tmp_path):
    """The download is added where the whole copy stood: it must run in the copy's destination."""
    ctx = context(tmp_path, {"go.mod": "module a\n", "go.sum": "x v1 h1:y\n"})
    text = "FROM golang:1.22\nWORKDIR /src\nCOPY . /app\nRUN cd /app && go build ./...\n"
    finding, _ = outcome(text, ctx)
    after = fix_text(text, [DependencyFirstCopy], build_context=ctx, unsafe=True).text
    assert "COPY go.mod go.sum /app/\nRUN cd /app && go mod download\nCOPY . /app\n" in after


def test_an_env_between_copy_and_go_build_refuses_the_moved_download(tmp_path):
    ctx = context(tmp_path, {"go.mod": "module a\n", "go.sum": "x v1 h1:y\n"})
    text = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nENV GOPROXY=https://proxy.internal\nRUN go build ./...\n"
    assert_refused(text, ctx, "ENV on line 4")


# --- Instructions around the copy ----------------------------------------------------------------

def test_user_and_env_between_copy_and_install_still_apply_to_the_install(tmp_path):
    """The install stays where it was: USER and ENV between the copy and the install (NODE_ENV
    makes npm leave out devDependencies) still come before it; only the whole copy moves down."""
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nUSER node\nENV NODE_ENV=production\nRUN npm ci\n"
    assert_safe(text, ctx, "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                "USER node\nENV NODE_ENV=production\nRUN npm ci\nCOPY . .\n")


def test_a_whole_copy_in_the_parent_stage_is_not_moved_from_the_child(tmp_path):
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim AS src\nWORKDIR /app\nCOPY . .\nFROM src AS deps\nRUN npm ci\n"
    assert check(parse(text), [DependencyFirstCopy], "Dockerfile", ctx) == []


def test_an_earlier_manifest_copy_changed_by_a_run_is_not_reused(tmp_path):
    ctx = context(tmp_path, NPM)
    text = ("FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm pkg set version=2.0.0\n"
            "COPY . .\nRUN npm ci\n")
    finding, after = outcome(text, ctx)
    assert "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n" in after


def test_an_earlier_manifest_copy_overwritten_by_a_later_copy_is_not_reused(tmp_path):
    ctx = context(tmp_path, {**NPM, "deploy/package.json": PACKAGE})
    text = ("FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package*.json ./\nCOPY deploy/package.json ./\n"
            "COPY . .\nRUN npm ci\n")
    finding, after = outcome(text, ctx)
    assert "COPY deploy/package.json ./\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n" in after


def test_a_file_named_by_env_outside_the_install_folder_lands_where_the_whole_copy_puts_it(tmp_path):
    ctx = context(tmp_path, {"web/package.json": PACKAGE, "web/package-lock.json": "{}", "ci.npmrc": "fund=false\n",
                             ".dockerignore": "**/node_modules\n"})
    text = ("FROM node:20-bookworm-slim\nWORKDIR /app\nENV NPM_CONFIG_USERCONFIG=/app/ci.npmrc\nCOPY . .\n"
            "RUN cd web && npm ci\n")
    assert_safe(text, ctx, "FROM node:20-bookworm-slim\nWORKDIR /app\nENV NPM_CONFIG_USERCONFIG=/app/ci.npmrc\n"
                "COPY web/package.json web/package-lock.json ./web/\nCOPY ci.npmrc ./\nRUN cd web && npm ci\nCOPY . .\n")


def test_a_destination_with_variables_is_refused(tmp_path):
    """Where `$APP_HOME` points decides what the copy covers (a virtualenv, the home folder)."""
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim\nARG APP_HOME=/root\nWORKDIR $APP_HOME\nCOPY . .\nRUN npm ci\n"
    assert_refused(text, ctx, "uses variables")


def test_a_destination_set_by_a_plain_env_value_is_resolved(tmp_path):
    ctx = context(tmp_path, NPM)
    text = "FROM node:20-bookworm-slim\nENV APP_HOME=/app\nWORKDIR $APP_HOME\nCOPY . ./\nRUN npm ci\n"
    assert_safe(text, ctx, "FROM node:20-bookworm-slim\nENV APP_HOME=/app\nWORKDIR $APP_HOME\n"
                "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . ./\n")


def test_an_install_inside_a_workspace_of_the_folder_above_is_refused(tmp_path):
    """npm run in a workspace folder installs for the whole workspace, from the root's lock file."""
    ctx = context(tmp_path, {"package.json": json.dumps({"workspaces": ["web"]}), "package-lock.json": "{}",
                             "web/package.json": PACKAGE, ".dockerignore": "**/node_modules\n"})
    text = "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nWORKDIR /app/web\nRUN npm ci\n"
    assert_refused(text, ctx, "lies in the workspace of the context root")


def test_yarn_settings_of_the_folders_above_go_with_the_manifests(tmp_path):
    ctx = context(tmp_path, {".yarnrc": 'network-timeout 600000\n', "web/package.json": PACKAGE,
                             "web/yarn.lock": "", ".dockerignore": "**/node_modules\n"})
    finding, after = outcome("FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY . .\nRUN cd web && yarn --frozen-lockfile\n",
                             ctx)
    assert "COPY .yarnrc ./\n" in after and "COPY web/package.json web/yarn.lock ./web/\n" in after


def test_a_run_between_that_removes_files_outside_the_copy_is_harmless(tmp_path):
    ctx = context(tmp_path, {"requirements.txt": "flask\n"})
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
            "RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\n"
            "RUN pip install -r requirements.txt\n")
    finding, after = outcome(text, ctx)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert after.endswith("RUN pip install -r requirements.txt\nCOPY . .\n")


@pytest.mark.parametrize("removed", ["/app/docs", "/app", "/", "docs", "/ap*"])
def test_a_run_between_that_removes_copied_files_is_refused(tmp_path, removed):
    ctx = context(tmp_path, {"requirements.txt": "flask\n"})
    text = f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -rf {removed}\nRUN pip install -r requirements.txt\n"
    assert_refused(text, ctx, "RUN on line 4")


def test_poetry_config_local_writes_poetry_toml_and_is_refused(tmp_path):
    ctx = context(tmp_path, {"pyproject.toml": "[tool.poetry]\nname = 'a'\n", "poetry.lock": "", ".dockerignore": ".venv\n"})
    assert_refused(PYTHON.format(run="poetry config --local virtualenvs.create false && poetry install --no-root"),
                   ctx, "writes a settings file")
    finding, _ = outcome(PYTHON.format(run="poetry config virtualenvs.create false && poetry install --no-root"), ctx)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def test_composer_config_without_global_writes_composer_json_and_is_refused(tmp_path):
    ctx = context(tmp_path, COMPOSER)
    text = "FROM php:8.3-cli\nWORKDIR /app\nCOPY . .\nRUN composer config platform.php 8.3 && composer install\n"
    assert_refused(text, ctx, "writes a settings file of the project")


def test_an_earlier_manifest_copy_overwritten_from_another_stage_is_not_reused(tmp_path):
    ctx = context(tmp_path, NPM)
    text = ("FROM node:20-bookworm-slim AS tools\nRUN echo '{}' > /package.json\n"
            "FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package*.json ./\nCOPY --from=tools /package.json ./\n"
            "COPY . .\nRUN npm ci\n")
    finding, after = outcome(text, ctx)
    assert "COPY --from=tools /package.json ./\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n" in after
