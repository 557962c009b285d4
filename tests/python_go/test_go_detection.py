"""What `dfopt new go` reads from a module: version, main packages, cgo, embeds, port."""

import pytest

from dfopt.errors import DfoptError
from dfopt.project.go import detect
from pgprojects import write

MAIN = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":9090", nil) }\n'


@pytest.mark.parametrize("mod, version", [
    ("module x\n\ngo 1.22\n", "1.22"),
    ("module x\n\ngo 1.21.0\n", "1.21"),
    ("module x\n\ngo 1.21.0\n\ntoolchain go1.22.5\n", "1.22.5"),
])
def test_version_from_go_mod(tmp_path, mod, version):
    write(tmp_path, {"go.mod": mod, "main.go": MAIN})
    project = detect(tmp_path)
    assert project.go_version == version and project.port == 9090 and not project.cgo


def test_several_main_packages_ask_for_entry_naming_them(tmp_path):
    write(tmp_path, {"go.mod": "module x\ngo 1.22\n", "cmd/api/main.go": MAIN, "cmd/worker/main.go": MAIN})
    with pytest.raises(DfoptError, match=r"\./cmd/api, \./cmd/worker.*--entry"):
        detect(tmp_path)
    project = detect(tmp_path, entry="cmd/worker")
    assert project.main_package == "./cmd/worker" and project.binary == "worker"


def test_import_c_and_cgo_modules_need_cgo(tmp_path):
    write(tmp_path, {"go.mod": "module x\ngo 1.22\n", "main.go": MAIN,
                     "db.go": 'package main\n\n// #include <stdio.h>\nimport "C"\n'})
    assert detect(tmp_path).cgo_reasons == ("C (db.go)",)
    write(tmp_path, {"go.mod": "module x\ngo 1.22\nrequire github.com/mattn/go-sqlite3 v1.14.22\n", "db.go": "package main\n"})
    assert detect(tmp_path).cgo_reasons == ("github.com/mattn/go-sqlite3",)


def test_test_files_and_vendor_do_not_count(tmp_path):
    write(tmp_path, {"go.mod": "module x\ngo 1.22\n", "main.go": MAIN, "x_test.go": 'package main\nimport "C"\n',
                     "vendor/modules.txt": "", "vendor/a/b.go": 'package b\nimport "C"\n'})
    project = detect(tmp_path)
    assert not project.cgo and project.vendored


def test_embeds_are_listed(tmp_path):
    write(tmp_path, {"go.mod": "module x\ngo 1.22\n", "main.go": MAIN + "\n//go:embed static templates/*.html\n"})
    assert detect(tmp_path).embeds == ("static", "templates/*.html")


def test_no_go_mod_or_no_main_is_an_error(tmp_path):
    with pytest.raises(DfoptError, match="go mod init"):
        detect(tmp_path)
    write(tmp_path, {"go.mod": "module x\ngo 1.22\n", "lib.go": "package lib\n"})
    with pytest.raises(DfoptError, match="no main package"):
        detect(tmp_path)
