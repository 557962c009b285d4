"""DF201: copy the manifests and install before the whole context, over fixture projects (one per
ecosystem, refusal reason and edge) and named inline cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfopt.context import BuildContext, for_dockerfile
from dfopt.fixer import check, fix_text
from dfopt.rules.dependency_first import DependencyFirstCopy
from dfopt.syntax import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dependency_first"

# Fixture project -> expected outcome: "safe"/"unsafe" (fixed), "refused: <part of the reason>",
# or "none" (no finding).
EXPECTED = {
    "npm": "safe", "npm-shrinkwrap-split-run": "safe", "yarn-classic": "safe", "yarn-berry": "safe",
    "pnpm": "safe", "bun": "safe", "pip-includes": "safe", "pip-name-needs-json-form": "safe",
    "poetry": "safe", "uv": "safe", "pipenv": "safe", "go-build": "unsafe", "go-mod-download": "unsafe",
    "ruby": "unsafe", "composer": "safe", "subfolder-install": "safe", "dockerignore-hides-lock": "safe",
    "crlf": "safe", "npm-harmless-script": "safe", "npm-prepare-ignored-scripts": "safe",
    "cargo": "refused: cargo-chef", "maven": "refused: go-offline", "gradle": "refused: Gradle",
    "npm-postinstall": "refused: 'postinstall' script", "npm-workspaces": "safe",
    "pnpm-workspace": "unsafe", "npm-workspace-member-script": "refused: workspace packages/api: the 'postinstall'", "npm-file-dependency": "refused: file:../shared",
    "npm-native-addon": "refused: binding.gyp", "pip-install-dot": "refused: `pip install .`",
    "pip-editable": "refused: `pip install -e .`",
    "pip-requirement-outside-context": "refused: ../common/base.txt is not in the build context",
    "pip-requirements-local-path": "refused: installs a local path",
    "poetry-without-no-root": "refused: without --no-root", "uv-installs-project": "refused: --no-install-project",
    "ruby-gemspec": "refused: gemspec", "go-local-replace": "refused: local folder",
    "composer-install-scripts": "refused: post-install-cmd",
    "run-between-copy-and-install": "refused: RUN on line 4", "install-not-splittable": "refused: plain `&&` chain",
    "manifest-missing": "refused: package.json is not in the build context",
    "already-dependency-first": "none", "install-in-another-folder": "none", "copy-from-another-stage": "none",
    "pip-named-packages": "none",
}


def test_every_fixture_project_has_an_expectation():
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(EXPECTED)


def run_fixture(name: str, unsafe: bool = True):
    path = FIXTURES / name / "Dockerfile"
    text = path.read_bytes().decode()
    context = for_dockerfile(str(path))
    return text, context, fix_text(text, [DependencyFirstCopy], str(path), unsafe=unsafe, build_context=context)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_project(name, text_snapshot):
    expected = EXPECTED[name]
    text, context, result = run_fixture(name)
    (finding, *_) = check(parse(text), [DependencyFirstCopy], "Dockerfile", context) or [None]
    if expected == "none":
        assert finding is None
        return
    assert finding is not None and finding.code == "DF201"
    if expected.startswith("refused: "):
        assert finding.fix is None
        assert expected.removeprefix("refused: ") in finding.no_fix_reason
        assert not result.changed
        return
    assert finding.fix.applicability.value == expected
    # Text snapshots are read with universal newlines: CRLF is shown as a visible marker.
    assert result.text.replace("\r\n", "<CRLF>\n") == text_snapshot
    # Fixed to a fixed point: the rewritten file has nothing left for the rule.
    assert check(parse(result.text), [DependencyFirstCopy], "Dockerfile", context) == []


def test_safe_rewrite_leaves_unsafe_go_download_alone():
    text, _, result = run_fixture("go-build", unsafe=False)
    assert not result.changed


def test_crlf_file_stays_crlf():
    _, _, result = run_fixture("crlf")
    assert "\r\n" in result.text and "\n" not in result.text.replace("\r\n", "")


def findings(text: str, files: dict[str, str] | None, tmp_path: Path):
    context = None
    if files is not None:
        for name, body in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(body)
        context = BuildContext.from_dir(tmp_path)
    return check(parse(text), [DependencyFirstCopy], "Dockerfile", context)


NPM = {"package.json": '{"name": "x"}', "package-lock.json": "{}", ".dockerignore": "node_modules\n"}


def test_without_a_context_the_finding_explains_what_the_fix_would_do(tmp_path):
    (f,) = findings("FROM node\nCOPY . .\nRUN npm ci\n", None, tmp_path)
    assert f.fix is None and "no build context" in f.no_fix_reason


def test_add_of_the_whole_context_counts_as_a_whole_copy(tmp_path):
    (f,) = findings("FROM node\nWORKDIR /a\nADD . /a\nRUN npm ci\n", NPM, tmp_path)
    assert f.fix is not None


def test_star_source_counts_as_a_whole_copy(tmp_path):
    (f,) = findings("FROM node\nCOPY * ./\nRUN npm ci\n", NPM, tmp_path)
    assert f.fix is not None


def test_relative_workdir_and_absolute_destination_resolve_to_the_same_folder(tmp_path):
    (f,) = findings("FROM node\nWORKDIR /srv\nWORKDIR app\nCOPY . /srv/app/\nRUN npm ci\n", NPM, tmp_path)
    assert f.fix is not None


def test_workdir_between_copy_and_install_with_relative_destination_is_refused(tmp_path):
    (f,) = findings("FROM node\nWORKDIR /a\nCOPY . /a\nWORKDIR /a\nCOPY x y\nRUN npm ci\n", NPM, tmp_path)
    assert f.fix is None


def test_env_between_is_fine_unless_the_copy_uses_variables(tmp_path):
    (ok,) = findings("FROM node\nCOPY . .\nENV NODE_ENV=production\nRUN npm ci\n", NPM, tmp_path)
    assert ok.fix is not None
    (refused,) = findings("FROM node\nCOPY --chown=$U . .\nENV U=node\nRUN npm ci\n", NPM, tmp_path)
    assert "variables" in refused.no_fix_reason


def test_state_change_before_a_split_is_refused(tmp_path):
    (f,) = findings("FROM node\nCOPY . .\nRUN export CI=1 && npm ci && npm test\n", NPM, tmp_path)
    assert "export CI=1" in f.no_fix_reason


def test_npm_install_that_adds_a_package_is_not_a_dependency_install(tmp_path):
    assert findings("FROM node\nCOPY . .\nRUN npm install -g pm2\n", NPM, tmp_path) == []


def test_one_finding_per_stage(tmp_path):
    text = "FROM node AS a\nCOPY . .\nRUN npm ci\nFROM node AS b\nCOPY . .\nRUN npm ci\n"
    assert len(findings(text, NPM, tmp_path)) == 2


def test_fix_keeps_run_mount_flags_on_both_halves_of_a_split(tmp_path):
    for name, body in NPM.items():
        (tmp_path / name).write_text(body)
    text = "FROM node\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.npm npm ci && npm run build\n"
    out = fix_text(text, [DependencyFirstCopy], build_context=BuildContext.from_dir(tmp_path)).text
    assert out == ("FROM node\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "RUN --mount=type=cache,target=/root/.npm npm ci\nCOPY . .\n"
                   "RUN --mount=type=cache,target=/root/.npm npm run build\n")


def test_exec_form_install_moves(tmp_path):
    for name, body in NPM.items():
        (tmp_path / name).write_text(body)
    out = fix_text('FROM node\nWORKDIR /app\nCOPY . .\nRUN ["npm", "ci"]', [DependencyFirstCopy],
                   build_context=BuildContext.from_dir(tmp_path)).text
    assert out == 'FROM node\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN ["npm", "ci"]\nCOPY . .'


def test_workspaces_below_what_a_listing_shows_are_refused(tmp_path):
    (tmp_path / "listing.txt").write_text("package.json\npackage-lock.json\npackages/\npackages/a/\n")
    (tmp_path / "package.json").write_text('{"workspaces": ["packages/*"]}')
    (tmp_path / "package-lock.json").write_text("{}")
    context = BuildContext.from_listing(tmp_path / "listing.txt")
    (f,) = check(parse("FROM node\nCOPY . .\nRUN npm ci\n"), [DependencyFirstCopy], "Dockerfile", context)
    assert f.fix is None and "does not show packages/a/package.json" in f.no_fix_reason


def test_negated_workspace_patterns_are_refused(tmp_path):
    (f,) = findings("FROM node\nCOPY . .\nRUN npm ci\n",
                    {"package.json": '{"workspaces": ["packages/*", "!packages/old"]}', "package-lock.json": "{}"},
                    tmp_path)
    assert "beyond what dfopt expands" in f.no_fix_reason


def test_whole_copy_with_exclude_flag_is_refused(tmp_path):
    (f,) = findings("FROM node\nCOPY --exclude=*.lock . .\nRUN npm ci\n", NPM, tmp_path)
    assert f.fix is None and "--exclude" in f.no_fix_reason
