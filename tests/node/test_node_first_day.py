"""What a user meets on the first day with a generated Node image: the Node version that was
asked for, lifecycle scripts that work, the build output the build really writes, the start path
as written, an init, a pnpm prune that prunes, a warning for a stale lock file."""

import pytest
from click.testing import CliRunner

from dfopt.cli import cli
from dfopt.project.node import detect
from dfopt.scaffold.node import render_node
from nodeprojects import project  # noqa: F401  (fixture)

TS = {"typescript": "5.7.2"}


def app(**extra):
    files = {"package.json": {"name": "a", "scripts": {"build": "tsc", "start": "node dist/index.js"},
                              "devDependencies": {**TS, "@types/node": "20.17.10"}},
             "tsconfig.json": '{"compilerOptions": {"outDir": "dist", "rootDir": "src"}}',
             "src/index.ts": "export {};\n"}
    files.update(extra)
    return files


# --------------------------------------------------------------------------- Node version

def test_the_existing_dockerfile_decides_the_node_version(project):
    root = project(app(**{".nvmrc": "22\n", "Dockerfile": "FROM node:20-bookworm-slim\nCMD [\"node\"]\n"}))
    result = CliRunner().invoke(cli, ["new", "node-ts", str(root), "--force"])
    assert result.exit_code == 0, result.output
    assert "Node 20 (from the existing Dockerfile's FROM)" in result.output
    assert "FROM node:20-bookworm-slim AS alldeps" in (root / "Dockerfile").read_text()


@pytest.mark.parametrize("files, version, source", [
    ({".nvmrc": "lts/iron\n", ".node-version": "22"}, "20", ".nvmrc"),
    ({".node-version": "v18.19.0\n"}, "18.19.0", ".node-version"),
    ({}, "20", "@types/node"),
])
def test_version_files_then_types_node(project, files, version, source):
    p = detect(project(app(**files)))
    assert (p.node_version, p.node_version_source) == (version, source)


def test_engines_range_takes_the_types_node_major_when_it_allows_it(project):
    files = app()
    files["package.json"]["engines"] = {"node": ">=18"}
    assert detect(project(files)).node_version == "20"
    files["package.json"]["engines"] = {"node": ">=22"}
    p = detect(project(files))
    assert (p.node_version, p.node_version_source) == ("22", "engines.node")


def test_nothing_pins_the_version_says_so(project):
    files = app()
    del files["package.json"]["devDependencies"]["@types/node"]
    p = detect(project(files))
    assert "default" in p.node_version_source


# --------------------------------------------------------------------------- build output

def test_tsc_dash_p_reads_the_named_config_and_its_extends(project):
    files = app(**{"tsconfig.build.json": '{"extends": "./config/base", "include": ["src"]}',
                   "config/base.json": '{"compilerOptions": {"outDir": "../build/js"}}'})
    files["package.json"]["scripts"]["build"] = "npm run compile"
    files["package.json"]["scripts"]["compile"] = "tsc -p tsconfig.build.json"
    files["package.json"]["scripts"]["start"] = "node build/js/index.js"
    p = detect(project(files))
    assert p.output_dir == "build/js" and p.command == ("node", "build/js/index.js")
    text = render_node(p, "node-ts")["Dockerfile"]
    assert "COPY --from=build /app/build/js ./build/js" in text and "COPY --from=build /app ./" not in text


def test_nest_build_reads_tsconfig_build_json(project):
    files = app(**{"tsconfig.build.json": '{"extends": "./tsconfig.json", "compilerOptions": {"outDir": "out"}}'})
    files["package.json"].update(scripts={"build": "nest build", "start:prod": "node out/main"},
                                 dependencies={"@nestjs/core": "10.4.15"})
    assert detect(project(files)).output_dir == "out"


@pytest.mark.parametrize("script, config, out", [
    ("tsup src/index.ts", {"tsup.config.ts": "export default { entry: ['src/index.ts'], outDir: 'lib' }"}, "lib"),
    ("tsup src/index.ts -d bundle", {}, "bundle"),
    ("node build.mjs", {"build.mjs": "await esbuild.build({ bundle: true, outfile: 'out/server.js' })"}, "out"),
])
def test_bundler_output_folders(project, script, config, out):
    files = app(**config)
    files["package.json"]["scripts"] = {"build": script, "start": f"node {out}/index.js"}
    assert detect(project(files)).output_dir == out


def test_an_unknown_output_says_the_whole_folder_ships(project):
    files = app()
    files["package.json"]["scripts"]["build"] = "node make.js"
    files["tsconfig.json"] = "{}"
    text = render_node(detect(project(files)), "node-ts")["Dockerfile"]
    assert "runtime (the whole build folder, without devDependencies)" in text
    assert "the build output and production" not in text


# --------------------------------------------------------------------------- start path, init

def test_an_absolute_start_path_stays_absolute(project):
    files = app()
    files["package.json"]["scripts"]["start"] = "node /app/dist/index.js"
    p = detect(project(files))
    assert p.command == ("node", "/app/dist/index.js")
    assert 'CMD ["node", "/app/dist/index.js"]' in render_node(p, "node-ts")["Dockerfile"]


def test_the_runtime_starts_under_tini_copied_from_the_distribution(project):
    text = render_node(detect(project(app())), "node-ts")["Dockerfile"]
    assert "apt-get install -y --no-install-recommends tini" in text.split("AS init")[1].split("FROM")[0]
    runtime = text.split("AS runtime")[1]
    assert "COPY --from=init /usr/bin/tini /usr/bin/tini" in runtime
    assert 'ENTRYPOINT ["/usr/bin/tini", "--"]' in runtime and "RUN " not in runtime


# --------------------------------------------------------------------------- lifecycle scripts

def test_husky_prepare_runs_in_the_one_install_and_is_not_run_again_by_the_prune(project):
    files = app()
    files["package.json"]["scripts"]["prepare"] = "husky"
    files["package.json"]["devDependencies"]["husky"] = "9.1.7"
    p = detect(project(files))
    assert p.dev_scripts == ("prepare",) and any("`prepare`" in n and "dropped" in n for n in p.notes)
    text = render_node(p, "node-ts")["Dockerfile"]
    deps = text.split("AS deps")[1].split("FROM ")[0]
    assert "npm prune --omit=dev" in deps and "npm install" not in deps and "npm pkg delete" not in text


def test_a_postinstall_that_runs_a_project_file_gets_its_folder(project):
    files = app(**{"tools/patch.js": "1;\n"})
    files["package.json"]["scripts"]["postinstall"] = "node tools/patch.js"
    p = detect(project(files))
    assert p.install_files == ("tools",) and p.dev_scripts == ()
    text = render_node(p, "node-ts")["Dockerfile"]
    body = text.split("AS alldeps")[1]
    assert body.index("COPY tools ./tools") < body.index("npm install") and text.count("npm install") == 1


def test_a_postinstall_of_a_production_dependency_is_kept(project):
    files = app()
    files["package.json"]["scripts"]["postinstall"] = "prisma generate"
    files["package.json"]["dependencies"] = {"prisma": "5.0.0"}
    p = detect(project(files))
    assert p.dev_scripts == () and p.build_scripts == ()


# --------------------------------------------------------------------------- pnpm, lock files

def test_pnpm_prune_uses_the_install_store(project):
    files = app(**{"pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "tsconfig.json": "{}"})
    files["package.json"]["scripts"]["build"] = "node make.js"
    text = render_node(detect(project(files)), "node-ts")["Dockerfile"]
    assert "pnpm prune --prod --config.store-dir=/pnpm/store" in text
    prune_run = text[text.rindex("RUN ", 0, text.index("pnpm prune")):]
    assert prune_run.startswith("RUN --mount=type=cache,target=/pnpm/store")


PNPM_LOCK = """lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ms:
        specifier: 2.1.3
        version: 2.1.3
    devDependencies:
      typescript:
        specifier: 5.7.2
        version: 5.7.2

packages:
"""


@pytest.mark.parametrize("lock_name, lock, listed", [
    ("pnpm-lock.yaml", PNPM_LOCK, {"ms", "typescript"}),
    ("package-lock.json", '{"lockfileVersion": 3, "packages": {"": {"dependencies": {"ms": "2.1.3"}, '
                          '"devDependencies": {"typescript": "5.7.2"}}}}', {"ms", "typescript"}),
    ("yarn.lock", '"ms@2.1.3":\n  version "2.1.3"\ntypescript@5.7.2:\n  version "5.7.2"\n', {"ms", "typescript"}),
])
def test_a_lock_file_that_misses_a_dependency_is_reported(project, lock_name, lock, listed):
    files = app(**{lock_name: lock})
    files["package.json"]["dependencies"] = {"ms": "2.1.3"}
    files["package.json"]["devDependencies"] = {"typescript": "5.7.2"}
    assert not [n for n in detect(project(files)).notes if "does not list" in n]
    files["package.json"]["dependencies"]["left-pad"] = "1.3.0"
    notes = [n for n in detect(project(files)).notes if "does not list" in n]
    assert len(notes) == 1 and "left-pad" in notes[0] and lock_name in notes[0]
