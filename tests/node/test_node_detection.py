import pytest

from dfopt.errors import DfoptError
from dfopt.project.node import detect
from nodeprojects import HOSTILE, SCENARIOS, project  # noqa: F401  (fixture)

NPM_LOCK = '{"lockfileVersion": 3}'


def test_package_manager_comes_from_the_lock_file(project):
    assert detect(project({"package.json": {"main": "a.js"}, "pnpm-lock.yaml": "lockfileVersion: '9.0'\n"})
                  ).package_manager.name == "pnpm"
    assert detect(project({"package.json": {"main": "a.js"}, "yarn.lock": ""})).package_manager.name == "yarn"


def test_package_manager_field_wins_and_drops_the_corepack_hash(project):
    pm = detect(project({"package.json": {"main": "a.js", "packageManager": "pnpm@9.12.3+sha512.0ab1"},
                         "pnpm-lock.yaml": ""})).package_manager
    assert (pm.name, pm.version, pm.lockfile) == ("pnpm", "9.12.3", "pnpm-lock.yaml")


def test_pnpm_version_follows_the_lockfile_format(project):
    pm = detect(project({"package.json": {"main": "a.js"}, "pnpm-lock.yaml": "lockfileVersion: '6.0'\n"})
                ).package_manager
    assert pm.version == "8"


def test_without_a_lock_file_npm_installs_unfrozen_and_says_so(project):
    p = detect(project({"package.json": {"main": "a.js"}}))
    assert p.package_manager.install(production=True).startswith("npm install --omit=dev")
    assert any("no lock file" in n for n in p.notes)


def test_yarn_berry_uses_immutable_and_focus(project):
    pm = detect(project("yarn-berry-ts")).package_manager
    assert pm.berry
    assert pm.install(production=False) == "yarn install --immutable"
    assert pm.install(production=True) == "yarn workspaces focus --all --production"


def test_yarn_plug_n_play_is_refused_with_a_reason(project):
    with pytest.raises(DfoptError, match="Plug'n'Play"):
        detect(project({"package.json": {"main": "a.js", "packageManager": "yarn@4.3.1"}, "yarn.lock": ""}))


@pytest.mark.parametrize("files, version", [
    ({".nvmrc": "v20.11.1\n"}, "20.11.1"),
    ({".nvmrc": "lts/iron\n"}, "20"),
    ({".node-version": "18\n"}, "18"),
    ({"package.json": {"main": "a.js", "engines": {"node": "^20.11"}}}, "20"),
    ({"package.json": {"main": "a.js", "engines": {"node": ">=18"}}}, "22"),
    ({"package.json": {"main": "a.js", "engines": {"node": "18.x || 20.x"}}}, "20"),
    ({}, "22"),
])
def test_node_version_sources(project, files, version):
    assert detect(project({"package.json": {"main": "a.js"}, **files})).node_version == version


def test_existing_from_decides_when_the_project_does_not(project):
    root = project({"package.json": {"main": "a.js", "engines": {"node": ">=18"}}})
    assert detect(root, base_version="18").node_version == "18"


def test_tsc_output_folder_comes_from_tsconfig_with_comments(project):
    p = detect(project("npm-ts-express"))
    assert (p.build_tool, p.output_dir, p.command) == ("tsc", "dist", ("node", "dist/server.js"))


def test_nest_start_runs_dist_main(project):
    p = detect(project("yarn-ts-nest"))
    assert (p.build_tool, p.framework, p.command) == ("nest", "nest", ("node", "dist/main.js"))


def test_next_standalone_runs_server_js(project):
    p = detect(project("pnpm-ts-next-standalone"))
    assert p.next_standalone and p.command == ("node", "server.js") and p.has_public_dir


def test_next_without_standalone_runs_next_start_and_reads_its_port(project):
    p = detect(project("npm-ts-next"))
    assert p.command == ("node", "node_modules/next/dist/bin/next", "start") and p.port == 4000


def test_esbuild_outfile_gives_the_output_folder(project):
    p = detect(project("pnpm-ts-esbuild"))
    assert (p.output_dir, p.command, p.port) == ("build", ("node", "build/index.js"), 9000)


def test_typescript_main_maps_to_the_compiled_file(project):
    p = detect(project("npm-ts-native"))
    assert p.command == ("node", "dist/index.js")


def test_ts_node_start_script_maps_to_the_compiled_file(project):
    p = detect(project({"package.json": {"scripts": {"start": "ts-node src/app.ts"}, "devDependencies":
                                         {"typescript": "5"}}, "tsconfig.json": '{"compilerOptions":{"outDir":"out"}}'}))
    assert p.command == ("node", "out/app.js")
    assert p.build_command == "npx --no-install tsc"


def test_port_from_start_script_environment(project):
    p = detect(project({"package.json": {"scripts": {"start": "PORT=4100 node index.js"}}}))
    assert p.port == 4100 and p.command == ("node", "index.js")


def test_port_defaults_to_3000_with_a_note(project):
    p = detect(project({"package.json": {"main": "a.js"}}))
    assert p.port == 3000 and any("3000" in n for n in p.notes)


def test_native_modules_from_dependencies_and_binding_gyp(project):
    assert detect(project("npm-ts-native")).native_modules == ("bcrypt",)
    assert detect(project({"package.json": {"main": "a.js"}, "binding.gyp": "{}"})).native_modules == ("(binding.gyp)",)


def test_a_start_the_tool_cannot_read_asks_for_entry(project):
    with pytest.raises(DfoptError, match="--entry"):
        detect(project({"package.json": {"scripts": {"start": "./run.sh"}}}))


def test_hostile_values_are_dropped_with_notes(project):
    p = detect(project(HOSTILE))
    assert p.name is None
    assert p.node_version == "22"                     # .nvmrc and engines both refused
    assert p.package_manager.version is None          # packageManager refused
    assert p.output_dir is None                       # tsconfig outDir refused: ship the pruned build
    assert p.build_command == "npm run build"         # the script's own text is never copied
    assert p.command == ("node", "src/index.js")      # main and start refused: tsc beside the source
    assert len(p.notes) >= 4


def test_folders_read_at_run_time_are_kept_beside_the_output(project):
    p = detect(project({**SCENARIOS["npm-ts-express"],
                        "views/index.html": "<p>", "public/a.css": "", "docs/x.md": ""}))
    assert p.runtime_dirs == ("public", "views")
