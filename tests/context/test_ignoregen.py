"""The generated .dockerignore, checked with Docker's own matching: what it leaves out, what it
keeps for COPY/ADD, how it merges an existing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfopt.context import BuildContext
from dfopt.context.dockerignore import IgnoreFile
from dfopt.context.ignoregen import BEGIN, END, generate_dockerignore, plan_dockerignore
from dfopt.context.scan import Inventory
from dfopt.context.sources import dockerfile_sources, resolve

@pytest.fixture
def make_context(tmp_path):
    """A context folder from {name: content}; content None writes a placeholder."""
    def make(files: dict[str, str | bytes | None], name: str = "ctx") -> Path:
        root = tmp_path / name
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content if content is not None else "x\n")
        return root

    return make


NODE_TS = {
    "package.json": '{"name": "app", "scripts": {"build": "tsc"}, "devDependencies": {"typescript": "5.4.0"}}',
    "package-lock.json": "{}",
    "tsconfig.json": "{}",
    "src/index.ts": "export {}\n",
    "node_modules/left-pad/index.js": "module.exports = 1\n",
    "dist/index.js": "built\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".env": "TOKEN=secret\n",
    ".vscode/settings.json": "{}",
    "npm-debug.log": "oops\n",
    "coverage/lcov.info": "TN:\n",
    "Dockerfile": (
        "FROM node:20-bookworm-slim AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n"
        "COPY . .\nRUN npm run build\n\nFROM node:20-bookworm-slim\nCOPY --from=build /app/dist ./dist\n"
    ),
}


def ignore_of(text: str) -> IgnoreFile:
    return IgnoreFile.parse(text)


def sent(root: Path, text: str, name: str) -> bool:
    return not ignore_of(text).matches(name)


def assert_sources_sent(root: Path, text: str) -> None:
    """Every path a COPY/ADD of the context's Dockerfiles reads is sent."""
    inv = Inventory.from_dir(root)
    ignore = ignore_of(text)
    for df in (p for p in root.rglob("*") if p.is_file() and p.name.startswith("Dockerfile")):
        for source in dockerfile_sources(df.read_text(), df.name):
            if source.broad:
                continue
            for name in resolve(source, inv.entries):
                assert not ignore.matches(name), f"{source.describe()} reads {name}, which is ignored"


def test_node_ts_leaves_out_dependencies_outputs_vcs_secrets_and_keeps_sources(make_context):
    root = make_context(NODE_TS)
    text = generate_dockerignore(root)
    for gone in ("node_modules/left-pad/index.js", "dist/index.js", ".git/HEAD", ".env",
                 ".vscode/settings.json", "npm-debug.log", "coverage/lcov.info", "Dockerfile"):
        assert not sent(root, text, gone), gone
    for kept in ("package.json", "package-lock.json", "tsconfig.json", "src/index.ts"):
        assert sent(root, text, kept), kept
    assert_sources_sent(root, text)


def test_node_ts_output_snapshot(make_context, text_snapshot):
    assert generate_dockerignore(make_context(NODE_TS)) == text_snapshot


def test_each_group_has_a_comment_and_the_block_is_marked(make_context):
    text = generate_dockerignore(make_context(NODE_TS))
    lines = text.splitlines()
    assert lines[0] == BEGIN and lines[-1] == END
    for i, line in enumerate(lines[1:-1], start=1):
        if line and not line.startswith("#"):
            above = lines[i - 1]
            assert above.startswith("#") or (above and not above.startswith("#")), f"no comment above {line}"


def test_entries_only_for_what_exists_or_the_language_produces(make_context):
    root = make_context({"main.go": "package main\n", "go.mod": "module x\n",
                         "Dockerfile": "FROM debian:bookworm\nCOPY . /src\n"})
    text = generate_dockerignore(root)
    patterns = {l.pattern for l in ignore_of(text).lines}
    for absent in ("**/node_modules", "**/.env", "**/__pycache__", "**/.git", "coverage", "**/*.log"):
        assert absent not in patterns


def test_python_leaves_out_venv_caches_and_test_reports(make_context):
    root = make_context({
        "pyproject.toml": "[project]\nname = 'app'\n",
        "requirements.txt": "flask\n",
        "app/__init__.py": "",
        "app/__pycache__/x.cpython-312.pyc": b"\0",
        "env/pyvenv.cfg": "home = /usr\n",
        "env/lib/site.py": "",
        ".pytest_cache/v/x": "",
        "htmlcov/index.html": "",
        ".coverage": "",
        "Dockerfile": "FROM debian:bookworm\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
    })
    text = generate_dockerignore(root)
    for gone in ("app/__pycache__/x.cpython-312.pyc", "env/lib/site.py", ".pytest_cache/v/x",
                 "htmlcov/index.html", ".coverage"):
        assert not sent(root, text, gone), gone
    assert sent(root, text, "app/__init__.py") and sent(root, text, "requirements.txt")


def test_go_keeps_vendor_the_build_may_use(make_context):
    root = make_context({"go.mod": "module x\n", "go.sum": "", "main.go": "package main\n",
                         "vendor/modules.txt": "# x\n", ".git/HEAD": "",
                         "Dockerfile": "FROM debian:bookworm\nCOPY . .\nRUN go build -o /app .\n"})
    text = generate_dockerignore(root)
    assert sent(root, text, "vendor/modules.txt")
    assert not sent(root, text, ".git/HEAD")


def test_dependency_folder_stays_when_no_dockerfile_reinstalls_it(make_context):
    root = make_context({"package.json": "{}", "node_modules/a/index.js": "", "server.js": "",
                         "Dockerfile": "FROM node:20-bookworm-slim\nCOPY . .\nCMD node server.js\n"})
    plan = plan_dockerignore(root)
    assert sent(root, plan.text, "node_modules/a/index.js")
    assert any("node_modules is kept" in n for n in plan.notes)


def test_build_output_stays_when_no_dockerfile_builds_it(make_context):
    root = make_context({"package.json": "{}", "tsconfig.json": "{}", "dist/index.js": "",
                         "Dockerfile": "FROM node:20-bookworm-slim\nCOPY . .\nRUN npm ci\nCMD node dist/index.js\n"})
    plan = plan_dockerignore(root)
    assert sent(root, plan.text, "dist/index.js")
    assert any("dist" in n and "no Dockerfile builds" in n for n in plan.notes)


def test_build_script_folder_named_build_is_not_taken_for_an_output(make_context):
    root = make_context({"package.json": "{}", "build/webpack.config.js": "", "src/a.js": "",
                         "Dockerfile": "FROM node:20-bookworm-slim\nCOPY . .\nRUN npm ci && npm run build\n"})
    assert sent(root, generate_dockerignore(root), "build/webpack.config.js")


def test_gitignored_build_folder_is_an_output(make_context):
    root = make_context({"package.json": "{}", ".gitignore": "/build\n", "build/bundle.js": "",
                         "Dockerfile": "FROM node:20-bookworm-slim\nCOPY . .\nRUN npm ci && npm run build\n"})
    assert not sent(root, generate_dockerignore(root), "build/bundle.js")


def test_copied_output_folder_is_kept(make_context):
    root = make_context({**NODE_TS, "Dockerfile": "FROM node:20-bookworm-slim\nCOPY package.json .\n"
                         "RUN npm ci && npm run build\nCOPY dist ./dist\n"})
    text = generate_dockerignore(root)
    assert sent(root, text, "dist") and sent(root, text, "dist/index.js")
    assert_sources_sent(root, text)


def test_copied_file_under_a_broad_pattern_is_reincluded(make_context):
    root = make_context({"certs/ca.pem": "", "certs/client.pem": "", "server.key": "",
                         "Dockerfile": "FROM debian:bookworm\nCOPY certs/ca.pem /etc/ssl/\nCOPY . /app\n"})
    text = generate_dockerignore(root)
    assert "!certs/ca.pem" in text.splitlines()
    assert sent(root, text, "certs/ca.pem")
    assert not sent(root, text, "certs/client.pem") and not sent(root, text, "server.key")


def test_copying_a_secret_looking_file_keeps_it_and_warns(make_context):
    root = make_context({".env": "A=1", ".env.production": "A=2",
                         "Dockerfile": "FROM debian:bookworm\nCOPY .env.production .\n"})
    plan = plan_dockerignore(root)
    assert sent(root, plan.text, ".env.production") and not sent(root, plan.text, ".env")
    assert any("Dockerfile:2" in w and ".env.production" in w for w in plan.warnings)
    assert plan.secrets_kept_out == [".env"]


def test_glob_source_is_reincluded_by_its_glob(make_context):
    root = make_context({"keys/a.pem": "", "keys/b.pem": "", "other.pem": "",
                         "Dockerfile": "FROM debian:bookworm\nCOPY keys/*.pem /keys/\n"})
    text = generate_dockerignore(root)
    assert sent(root, text, "keys/a.pem") and sent(root, text, "keys/b.pem")
    assert not sent(root, text, "other.pem")


def test_secrets_inside_a_copied_folder_stay_but_junk_inside_goes(make_context):
    root = make_context({"config/app.key": "", "config/settings.yml": "", "config/.DS_Store": "",
                         "config/debug.log": "",
                         "Dockerfile": "FROM debian:bookworm\nCOPY config/ /etc/app/\n"})
    plan = plan_dockerignore(root)
    assert sent(root, plan.text, "config/app.key")
    assert not sent(root, plan.text, "config/.DS_Store") and not sent(root, plan.text, "config/debug.log")
    assert any("config/app.key" in w for w in plan.warnings)


def test_npmrc_is_a_secret_only_when_it_holds_a_token(make_context):
    clean = make_context({".npmrc": "registry=https://registry.example.invalid/\n", "package.json": "{}"}, "a")
    token = make_context({".npmrc": "//registry.example.invalid/:_authToken=abc\n", "package.json": "{}"}, "b")
    assert sent(clean, generate_dockerignore(clean), ".npmrc")
    assert not sent(token, generate_dockerignore(token), ".npmrc")


def test_key_folders_and_credentials_are_left_out(make_context):
    root = make_context({".aws/credentials": "", ".ssh/id_rsa": "", "deploy/id_ed25519.pub": "",
                         "gcp-service-account.json": "{}", "tf/prod.tfstate": "", "app.py": ""})
    plan = plan_dockerignore(root)
    for gone in (".aws/credentials", ".ssh/id_rsa", "deploy/id_ed25519.pub", "gcp-service-account.json",
                 "tf/prod.tfstate"):
        assert not sent(root, plan.text, gone), gone
    assert {".aws", ".ssh", "gcp-service-account.json"} <= set(plan.secrets_kept_out)


def test_git_stays_when_a_run_reads_it(make_context):
    root = make_context({".git/HEAD": "", "main.go": "",
                         "Dockerfile": "FROM debian:bookworm\nCOPY . .\nRUN git describe --tags > /version\n"})
    plan = plan_dockerignore(root)
    assert sent(root, plan.text, ".git/HEAD")


def test_ci_and_docker_files_are_left_out(make_context):
    root = make_context({".github/workflows/ci.yml": "", ".gitlab-ci.yml": "", "docker-compose.yml": "",
                         "compose.override.yaml": "", "Dockerfile": "FROM debian:bookworm\n",
                         "deploy/api.Dockerfile": "FROM debian:bookworm\n", "app.py": ""})
    text = generate_dockerignore(root)
    for gone in (".github/workflows/ci.yml", ".gitlab-ci.yml", "docker-compose.yml",
                 "compose.override.yaml", "Dockerfile", "deploy/api.Dockerfile"):
        assert not sent(root, text, gone), gone


def test_monorepo_keeps_what_each_dockerfile_copies(make_context):
    api = ("FROM debian:bookworm\nCOPY services/api/requirements.txt /app/\nRUN pip install -r /app/requirements.txt\n"
           "COPY services/api /app\n")
    web = ("FROM node:20-bookworm-slim\nCOPY web/package.json web/package-lock.json ./\nRUN npm ci\n"
           "COPY web/dist /srv/web\n")
    root = make_context({
        "docker/api.Dockerfile": api, "docker/web.Dockerfile": web,
        "services/api/requirements.txt": "flask\n", "services/api/app.py": "",
        "services/api/__pycache__/app.cpython-312.pyc": b"\0", "services/api/.env": "X=1",
        "web/package.json": '{"devDependencies": {"typescript": "5"}}', "web/package-lock.json": "{}",
        "web/tsconfig.json": "{}", "web/dist/index.html": "", "web/node_modules/x/i.js": "",
        "web/src/main.ts": "", ".git/HEAD": "",
    })
    plan = plan_dockerignore(root)
    text = plan.text
    assert sorted(plan.dockerfiles) == ["docker/api.Dockerfile", "docker/web.Dockerfile"]
    assert sent(root, text, "web/dist/index.html") and sent(root, text, "services/api/app.py")
    assert not sent(root, text, "web/node_modules/x/i.js")
    assert not sent(root, text, "services/api/__pycache__/app.cpython-312.pyc")
    assert not sent(root, text, ".git/HEAD")
    assert plan.after.files < plan.before.files


def test_given_dockerfiles_replace_the_discovered_ones(make_context, tmp_path):
    root = make_context({"dist/a.js": "", "package.json": '{"devDependencies": {"typescript": "5"}}',
                         "Dockerfile": "FROM node:20-bookworm-slim\nRUN npm ci && npm run build\n"})
    other = tmp_path / "elsewhere.Dockerfile"
    other.write_text("FROM node:20-bookworm-slim\nCOPY dist /dist\n")
    assert not sent(root, generate_dockerignore(root), "dist/a.js")
    assert sent(root, generate_dockerignore(root, dockerfiles=[other]), "dist/a.js")


def test_dockerfile_texts_and_language_serve_a_project_not_written_yet(make_context):
    root = make_context({"src/index.ts": ""})
    text = generate_dockerignore(root, dockerfile_texts={"Dockerfile": "FROM node:20-bookworm-slim\nRUN npm ci && npm run build\n"},
                                 language="node-ts")
    patterns = {l.pattern for l in ignore_of(text).lines}
    assert {"**/node_modules", "dist"} <= patterns


# --- merging an existing file -----------------------------------------------------------------

def test_merge_keeps_user_lines_in_order_and_appends_one_block(make_context):
    user = "# ours\nnotes/\n*.md\n!README.md\n"
    root = make_context({**NODE_TS, ".dockerignore": user, "README.md": "", "notes/a": ""})
    text = generate_dockerignore(root)
    assert text.startswith(user)
    assert text.count(BEGIN) == 1 and text.rstrip().endswith(END)
    assert sent(root, text, "README.md") and not sent(root, text, "node_modules/left-pad/index.js")


def test_merge_is_idempotent(make_context):
    root = make_context({**NODE_TS, ".dockerignore": "node_modules\n*.md\n"})
    first = generate_dockerignore(root)
    (root / ".dockerignore").write_text(first)
    assert generate_dockerignore(root) == first
    assert plan_dockerignore(root).changed is False


def test_fresh_file_is_idempotent_once_written(make_context):
    root = make_context(NODE_TS)
    first = generate_dockerignore(root)
    (root / ".dockerignore").write_text(first)
    assert generate_dockerignore(root) == first


def test_merge_adds_nothing_the_user_already_covers(make_context):
    existing = "**/node_modules\n.git\n"
    root = make_context({"package.json": "{}", "node_modules/a/i.js": "", ".git/HEAD": "", "src/a.js": "",
                         ".dockerignore": existing, "Dockerfile": "FROM node:20-bookworm-slim\nRUN npm ci\nCOPY . .\n"})
    text = generate_dockerignore(root)
    block = text[len(existing):]
    assert "**/node_modules" not in block and "**/.git" not in block


def test_rerun_replaces_the_block_in_place(make_context):
    root = make_context({**NODE_TS, ".dockerignore": "a\n"})
    first = generate_dockerignore(root)
    (root / ".dockerignore").write_text(first + "# mine after\nlater\n")
    (root / "server.pem").write_text("")
    second = generate_dockerignore(root)
    assert second.count(BEGIN) == 1
    assert second.endswith("# mine after\nlater\n")
    assert not sent(root, second, "server.pem")


def test_user_reinclude_survives_appended_patterns(make_context):
    root = make_context({"config/.env.defaults": "A=1", ".env": "B=2", "app.py": "",
                         ".dockerignore": "!config/.env.defaults\n"})
    text = generate_dockerignore(root)
    assert sent(root, text, "config/.env.defaults") and not sent(root, text, ".env")


def test_totals_count_what_docker_sends_before_and_after(make_context):
    root = make_context({"a.txt": "12345", "node_modules/x/i.js": "1234567890", "package.json": "{}",
                         "Dockerfile": "FROM node:20-bookworm-slim\nRUN npm ci\n"})
    plan = plan_dockerignore(root)
    dockerfile_size = len(NODE_TS["Dockerfile"]) * 0 + (root / "Dockerfile").stat().st_size
    assert plan.before.files == 4 and plan.before.bytes == 5 + 10 + 2 + dockerfile_size
    assert plan.after.files == 2 and plan.after.bytes == 5 + 2


def test_listing_context_counts_unlisted_folders_as_entries(tmp_path):
    (tmp_path / "context-listing.txt").write_text("Dockerfile\npackage.json\nsrc/\nsrc/lib/\nnode_modules/\n")
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "Dockerfile").write_text("FROM node:20-bookworm-slim\nRUN npm ci\nCOPY . .\n")
    ctx = BuildContext.from_listing(tmp_path / "context-listing.txt")
    plan = plan_dockerignore(tmp_path, context=ctx)
    assert plan.before.unsized == 2  # src/lib and node_modules: listed, content unknown
    assert plan.after.unsized == 1


def test_user_exclusion_of_a_copied_path_is_reported_not_overridden(make_context):
    root = make_context({"dist/a.js": "", "app.js": "", ".dockerignore": "dist\n",
                         "Dockerfile": "FROM node:20-bookworm-slim\nCOPY dist /dist\n"})
    plan = plan_dockerignore(root)
    assert not sent(root, plan.text, "dist/a.js")
    assert any("reads dist" in w and "line 1: dist" in w for w in plan.warnings)


def test_source_folder_named_like_a_credentials_file_is_kept(make_context):
    root = make_context({"app/credentials/__init__.py": "", "deploy/credentials.json": "{}", "app/main.py": ""})
    text = generate_dockerignore(root)
    assert sent(root, text, "app/credentials/__init__.py")
    assert not sent(root, text, "deploy/credentials.json")


def test_merged_file_snapshot(make_context, text_snapshot):
    root = make_context({**NODE_TS, ".dockerignore": "# ours\nnode_modules\n*.md\n!README.md\n",
                         "README.md": "", "certs/ca.pem": "", "certs/dev.pem": "",
                         "Dockerfile": NODE_TS["Dockerfile"] + "COPY certs/ca.pem /etc/ssl/certs/\n"})
    assert generate_dockerignore(root) == text_snapshot
