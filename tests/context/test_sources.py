"""What the Dockerfiles read from the build context."""

from __future__ import annotations

from dfopt.context.sources import dockerfile_sources, is_dockerfile_name, resolve


def paths(text: str) -> list[str | None]:
    return [s.path for s in dockerfile_sources(text)]


def test_copy_sources_are_the_words_before_the_destination():
    assert paths("FROM a\nCOPY package.json package-lock.json ./\n") == ["package.json", "package-lock.json"]


def test_flags_are_not_sources():
    assert paths("FROM a\nCOPY --chown=1000:1000 --chmod=644 app.py /app/\n") == ["app.py"]


def test_exec_form_uses_the_json_list():
    assert paths('FROM a\nCOPY ["my dir/a.txt", "b.txt", "/dst/"]\n') == ["my dir/a.txt", "b.txt"]


def test_copy_from_another_stage_reads_no_context():
    assert paths("FROM a AS b\nFROM a\nCOPY --from=b /out /out\n") == []


def test_heredoc_copy_has_no_context_source():
    assert paths("FROM a\nCOPY <<EOF /etc/conf\nx=1\nEOF\n") == []


def test_add_of_a_url_or_git_address_reads_no_context():
    assert paths("FROM a\nADD https://example.invalid/x.tgz /x\nADD git@example.invalid:a/b.git /b\n") == []


def test_add_of_a_local_archive_is_a_source():
    assert paths("FROM a\nADD vendor.tar.gz /opt/\n") == ["vendor.tar.gz"]


def test_variables_stand_for_any_name():
    [source] = dockerfile_sources("FROM a\nARG APP=web\nCOPY ${APP}/dist /srv\n")
    assert source.path == "*/dist" and source.glob


def test_leading_slash_and_dot_are_cleaned_and_dot_is_the_whole_context():
    sources = dockerfile_sources("FROM a\nCOPY ./src/ /app/src\nCOPY /etc/x /x\nCOPY . .\n")
    assert [s.path for s in sources] == ["src", "etc/x", None]
    assert [s.broad for s in sources] == [False, False, True]


def test_star_alone_is_broad_but_a_narrower_glob_is_not():
    star, json = dockerfile_sources("FROM a\nCOPY * /app/\nCOPY *.json /app/\n")
    assert star.broad and not json.broad


def test_run_bind_mounts_read_the_context_unless_from_another_stage():
    text = ("FROM a\nRUN --mount=type=bind,source=go.sum,target=go.sum --mount=type=cache,target=/c "
            "--mount=type=bind,from=b,source=/x,target=/x go mod download\nRUN --mount=target=/src make\n")
    sources = dockerfile_sources(text)
    assert [s.path for s in sources] == ["go.sum", None]
    assert sources[0].instruction == "RUN --mount"


def test_onbuild_copy_is_not_this_builds_source():
    assert paths("FROM a\nONBUILD COPY . /app\n") == []


def test_glob_resolves_at_its_own_depth_only():
    [source] = dockerfile_sources("FROM a\nCOPY src/*.js /app/\n")
    names = {"src", "src/a.js", "src/b.ts", "src/lib/c.js", "a.js"}
    assert resolve(source, names) == ["src/a.js"]


def test_dockerfile_names():
    for yes in ("Dockerfile", "Dockerfile.prod", "api.Dockerfile", "web.dockerfile"):
        assert is_dockerfile_name(yes)
    for no in ("Dockerfile.dockerignore", "dockerfile-notes.md", "README.md"):
        assert not is_dockerfile_name(no)
