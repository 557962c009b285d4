"""Filesystem snapshots and their diff: what counts as a cache, a package, a file difference."""

import io
import tarfile

from dfopt.verify.fsdiff import diff, npm_package_root, snapshot

STATUS = "Package: {name}\nStatus: install ok installed\nVersion: {version}\n"


def image_tar(files: dict[str, str | bytes | None], links: dict[str, str] | None = None) -> io.BytesIO:
    """A filesystem tar like `docker export` writes: None makes a folder."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            if content is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
                continue
            data = content.encode() if isinstance(content, str) else content
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    buf.seek(0)
    return buf


def dpkg(packages: dict[str, list[str]]) -> dict[str, str]:
    """The dpkg database files for these packages, each owning the listed paths."""
    files = {"var/lib/dpkg/status": "\n".join(STATUS.format(name=n, version="1.0") for n in packages)}
    for name, owned in packages.items():
        files[f"var/lib/dpkg/info/{name}.list"] = "/.\n" + "".join(p + "\n" for p in owned)
    return files


BASE = {"etc/": None, "etc/os-release": "debian 12", "app/": None, "app/server.js": "listen()"}


def test_identical_filesystems_have_no_differences():
    a = snapshot(image_tar(BASE))
    b = snapshot(image_tar(BASE))
    result = diff(a, b)
    assert result.files == [] and result.caches == [] and result.packages == []


def test_removed_apt_lists_are_a_cache_not_a_difference():
    lists = {"var/lib/apt/lists/mirror.invalid_dists_bookworm_InRelease": "x" * 100,
             "var/lib/apt/lists/lock": ""}
    result = diff(snapshot(image_tar(BASE | lists)), snapshot(image_tar(BASE)))
    assert result.files == []
    assert [(g.name, g.change, g.files, g.bytes) for g in result.caches] == [("apt package lists", "removed", 2, 100)]


def test_npm_and_pip_caches_under_a_home_folder_are_caches():
    caches = {"home/node/.npm/_cacache/index": "i", "root/.cache/pip/http/x": "p"}
    result = diff(snapshot(image_tar(BASE | caches)), snapshot(image_tar(BASE)))
    assert sorted(g.name for g in result.caches) == ["npm cache", "pip cache"]
    assert result.files == []


def test_a_folder_named_like_a_cache_elsewhere_is_a_real_difference():
    result = diff(snapshot(image_tar(BASE | {"app/.npm/keep": "k"})), snapshot(image_tar(BASE)))
    assert [c.path for c in result.files] == ["/app/.npm/keep"]


def test_logs_that_differ_between_any_two_builds_are_ignored_but_counted():
    a = snapshot(image_tar(BASE | {"var/log/dpkg.log": "one"}))
    b = snapshot(image_tar(BASE | {"var/log/dpkg.log": "two"}))
    result = diff(a, b)
    assert result.files == [] and result.volatile == 1


def test_paths_the_runtime_creates_are_not_compared():
    a = snapshot(image_tar(BASE | {".dockerenv": "", "etc/hostname": "abc"}))
    b = snapshot(image_tar(BASE | {"etc/hostname": "def"}))
    assert diff(a, b).files == []


def test_changed_content_mode_and_symlink_target_are_differences():
    a = snapshot(image_tar(BASE, links={"app/current": "v1"}))
    changed = dict(BASE, **{"app/server.js": "listen(8080)"})
    b = snapshot(image_tar(changed, links={"app/current": "v2"}))
    assert {(c.path, c.what) for c in diff(a, b).files} == {("/app/server.js", "content"), ("/app/current", "content")}


def test_a_removed_dpkg_package_groups_the_files_it_owns_and_its_bookkeeping():
    cert = "/usr/share/ca-certificates/mozilla/a.crt"
    with_certs = dpkg({"curl": ["/usr/bin/curl"], "ca-certificates": [cert]})
    without = dpkg({"curl": ["/usr/bin/curl"]})
    a = snapshot(image_tar(BASE | with_certs | {cert.lstrip("/"): "pem", "usr/bin/curl": "elf",
                                                "etc/ca-certificates.conf": "conf"}))
    b = snapshot(image_tar(BASE | without | {"usr/bin/curl": "elf"}))
    result = diff(a, b)
    assert result.files == []
    by_name = {g.name: g for g in result.packages}
    assert by_name["ca-certificates"].change == "removed"
    assert by_name["ca-certificates"].detail == "1.0"
    # the .crt it owns and the config its scripts generate
    assert by_name["ca-certificates"].files == 2
    assert "package database (dpkg/apt records)" in by_name


def test_a_removed_npm_package_groups_its_files():
    dev = {"app/node_modules/": None, "app/node_modules/typescript/": None,
           "app/node_modules/typescript/package.json": "{}", "app/node_modules/typescript/lib/tsc.js": "x",
           "app/node_modules/@types/node/index.d.ts": "d"}
    a = snapshot(image_tar(BASE | dev))
    b = snapshot(image_tar(BASE | {"app/node_modules/": None}))
    result = diff(a, b)
    assert result.files == []
    assert {(g.name, g.change) for g in result.packages} == {
        ("/app/node_modules/typescript", "removed"), ("/app/node_modules/@types/node", "removed")}


def test_npm_package_root_handles_scopes_and_nested_modules():
    assert npm_package_root("/app/node_modules/@types/node/index.d.ts") == "/app/node_modules/@types/node"
    assert npm_package_root("/app/node_modules/a/node_modules/b/x.js") == "/app/node_modules/a"
    assert npm_package_root("/app/node_modules/.bin/tsc") is None
    assert npm_package_root("/app/src/x.js") is None


def test_many_file_differences_are_summarised_by_top_folder():
    many = {f"usr/share/doc/pkg{i}/copyright": "c" for i in range(30)}
    result = diff(snapshot(image_tar(BASE | many)), snapshot(image_tar(BASE)), list_limit=25)
    assert len(result.files) == 30
    assert [(g.name, g.change, g.files) for g in result.folders] == [("/usr/share/doc", "removed", 30)]


def test_hard_links_carry_the_content_of_their_target():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("bin/a")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"elf"))
        link = tarfile.TarInfo("bin/b")
        link.type = tarfile.LNKTYPE
        link.linkname = "bin/a"
        tar.addfile(link)
    buf.seek(0)
    snap = snapshot(buf)
    assert snap.entries["/bin/b"].digest == snap.entries["/bin/a"].digest != ""


def test_pnpm_packages_are_grouped_by_their_store_folder_and_links_as_records():
    pnpm = {"app/node_modules/.pnpm/typescript@5.4.5/node_modules/typescript/lib/tsc.js": "x",
            "app/node_modules/.pnpm/lock.yaml": "l", "app/node_modules/@types/": None}
    links = {"app/node_modules/typescript": ".pnpm/typescript@5.4.5/node_modules/typescript"}
    a = snapshot(image_tar(BASE | pnpm, links=links))
    b = snapshot(image_tar(BASE))
    result = diff(a, b)
    assert result.files == []
    assert {(g.name, g.change, g.files) for g in result.packages} == {
        ("/app/node_modules/.pnpm/typescript@5.4.5", "removed", 1),
        ("/app/node_modules (links and install records)", "changed", 3)}


def test_pnpm_install_timestamps_are_volatile():
    a = snapshot(image_tar(BASE | {"app/node_modules/.modules.yaml": "prunedAt: Mon"}))
    b = snapshot(image_tar(BASE | {"app/node_modules/.modules.yaml": "prunedAt: Tue"}))
    assert diff(a, b).volatile == 1 and diff(a, b).packages == []


def test_a_removed_cache_folder_itself_counts_as_cache():
    a = snapshot(image_tar(BASE | {"root/": None, "root/.npm/": None, "root/.npm/_cacache/x": "c"}))
    b = snapshot(image_tar(BASE | {"root/": None}))
    result = diff(a, b)
    assert result.files == [] and [(g.name, g.files) for g in result.caches] == [("npm cache", 2)]


def test_folders_left_holding_only_caches_count_with_the_caches():
    a = snapshot(image_tar(BASE | {"root/": None, "root/.cache/": None, "root/.cache/pip/": None,
                                   "root/.cache/pip/wheel": "w"}))
    b = snapshot(image_tar(BASE | {"root/": None}))
    result = diff(a, b)
    assert result.files == []
    assert ("folders that only held caches", "removed", 1) in {(g.name, g.change, g.files) for g in result.caches}


def test_an_empty_folder_removed_is_still_a_difference():
    a = snapshot(image_tar(BASE | {"srv/": None}))
    assert [c.path for c in diff(a, snapshot(image_tar(BASE))).files] == ["/srv"]


def test_apt_marks_in_another_order_are_not_a_difference_but_other_marks_are():
    one = "Package: a\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: b\nArchitecture: amd64\nAuto-Installed: 1\n"
    other_order = "\n\n".join(reversed(one.strip().split("\n\n"))) + "\n"
    manual_b = one.replace("b\nArchitecture: amd64\nAuto-Installed: 1", "b\nArchitecture: amd64\nAuto-Installed: 0")
    marks = "var/lib/apt/extended_states"
    a = snapshot(image_tar(BASE | {marks: one}))
    assert diff(a, snapshot(image_tar(BASE | {marks: other_order}))).files == []
    assert [c.path for c in diff(a, snapshot(image_tar(BASE | {marks: manual_b}))).files] == ["/" + marks]


def test_the_v8_compile_cache_yarn_writes_to_tmp_is_a_cache():
    # Yarn 1 runs through v8-compile-cache: `yarn cache clean` after an install rewrites this blob.
    blob = {"tmp/v8-compile-cache-0/11.3.244.8-node.38/zSoptzSyarnz.BLOB": "a"}
    changed = {"tmp/v8-compile-cache-0/11.3.244.8-node.38/zSoptzSyarnz.BLOB": "ab"}
    result = diff(snapshot(image_tar(BASE | blob)), snapshot(image_tar(BASE | changed)))
    assert result.files == [] and [g.name for g in result.caches] == ["V8 compile cache"]
