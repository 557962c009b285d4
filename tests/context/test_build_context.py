"""The build context: which ignore file Docker uses, what is sent, contexts from a listing."""

from __future__ import annotations

from dfopt.context import BuildContext


def make(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_context_dockerignore_is_used_by_default(tmp_path):
    root = make(tmp_path, {".dockerignore": "*.lock\n", "yarn.lock": "", "package.json": "{}"})
    ctx = BuildContext.from_dir(root, root / "Dockerfile")
    assert ctx.sent("package.json") and not ctx.sent("yarn.lock")


def test_dockerfile_named_ignore_file_beside_the_dockerfile_wins(tmp_path):
    root = make(tmp_path, {".dockerignore": "a\n", "docker/app.Dockerfile": "FROM scratch\n",
                           "docker/app.Dockerfile.dockerignore": "b\n", "a": "", "b": ""})
    ctx = BuildContext.from_dir(root, root / "docker/app.Dockerfile")
    assert ctx.ignore_path == root / "docker/app.Dockerfile.dockerignore"
    assert ctx.sent("a") and not ctx.sent("b")


def test_sent_names_skip_excluded_folders_and_keep_re_included_files(tmp_path):
    root = make(tmp_path, {".dockerignore": "node_modules\nbuild\n!build/keep\n", "node_modules/x/y.js": "",
                           "build/out": "", "build/keep": "", "src/a.ts": ""})
    sent = set(BuildContext.from_dir(root).sent_names())
    assert {"src", "src/a.ts", "build/keep"} <= sent
    assert not {"node_modules", "node_modules/x/y.js", "build/out"} & sent


def test_missing_file_is_not_sent(tmp_path):
    assert BuildContext.from_dir(tmp_path).sent("package-lock.json") is False


def test_listing_knows_names_two_levels_deep_and_nothing_below(tmp_path):
    make(tmp_path, {"listing.txt": "package.json\nsrc/\nsrc/index.ts\nsrc/lib/\nREADME.md\n",
                    "package.json": '{"name": "x"}', "SOURCE.txt": "not in the context"})
    ctx = BuildContext.from_listing(tmp_path / "listing.txt")
    assert ctx.exists("src/index.ts") is True
    assert ctx.exists("src/lib/deep.ts") is None  # below the listing's depth
    assert ctx.exists("yarn.lock") is False
    assert ctx.exists("SOURCE.txt") is False  # on disk, but not part of the listed context
    assert not ctx.complete
    assert ctx.read_text("package.json") == '{"name": "x"}'
    assert ctx.read_text("SOURCE.txt") is None
    assert ctx.is_dir("src") and not ctx.is_dir("README.md")


def test_manifests_present_per_ecosystem_and_the_node_lock_decides_the_manager(tmp_path):
    from dfopt.context.projects import node_lock_file, present_manifests

    root = make(tmp_path, {"package.json": "{}", "pnpm-lock.yaml": "", ".npmrc": "", "go.mod": "module m\n",
                           "requirements.txt": "", "requirements-dev.txt": "", "pyproject.toml": "",
                           "poetry.lock": "", ".dockerignore": "requirements-dev.txt\n"})
    ctx = BuildContext.from_dir(root)
    found = present_manifests(ctx)
    assert set(found) == {"pnpm", "go", "pip", "poetry", "uv"}
    assert found["pnpm"] == ["package.json", "pnpm-lock.yaml", ".npmrc"]
    assert found["pip"] == ["requirements.txt"]
    assert node_lock_file(ctx) == "pnpm-lock.yaml"


def test_node_package_facts(tmp_path):
    from dfopt.context.projects import NodePackage

    package = NodePackage.from_text('{"scripts": {"postinstall": "node x.js", "build": "tsc"},'
                                    '"workspaces": {"packages": ["apps/*"]}, "packageManager": "pnpm@9.1.0",'
                                    '"engines": {"node": ">=20"}, "main": "dist/index.js",'
                                    '"dependencies": {"a": "^1", "b": "file:../b"}}')
    assert package.workspaces == ["apps/*"] and package.package_manager == "pnpm@9.1.0"
    assert package.engines == {"node": ">=20"} and package.main == "dist/index.js"
    assert package.local_dependencies == [("b", "file:../b")]
    assert package.install_scripts() == {"postinstall": "node x.js"}


def test_npmrc_and_yarnrc_settings(tmp_path):
    from dfopt.context.projects import npmrc, yarnrc

    ctx = BuildContext.from_dir(make(tmp_path, {".npmrc": "; comment\nignore-scripts = true\n",
                                                ".yarnrc.yml": "nodeLinker: node-modules\nyarnPath: .yarn/releases/y.cjs\n"}))
    assert npmrc(ctx) == {"ignore-scripts": "true"}
    assert yarnrc(ctx) == {"nodeLinker": "node-modules", "yarnPath": ".yarn/releases/y.cjs"}
