"""`dfopt check` of Dockerfiles stays quick to start: PyYAML loads only for compose files, Jinja
only when a template is rendered."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from dfopt.cli import main
sys.argv = ["dfopt", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("yaml", "jinja2") if m in sys.modules)), file=sys.stderr)
"""


def loaded_after_check(*args: str, cwd=None) -> list[str]:
    run = subprocess.run([sys.executable, "-c", PROBE, "check", *args], capture_output=True, text=True, cwd=cwd)
    return json.loads(run.stderr.strip().splitlines()[-1])


def test_checking_a_dockerfile_loads_neither_yaml_nor_jinja(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    # A single-stage Node build with an install and a build step: DF310 looks at it closely.
    dockerfile.write_text('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n')
    assert loaded_after_check(str(dockerfile), cwd=tmp_path) == []


def test_a_hadolint_configuration_loads_yaml_only_when_it_exists(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM debian:12\nRUN true\n")
    assert loaded_after_check(str(dockerfile), cwd=tmp_path) == []
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3008]\n")
    assert loaded_after_check(str(dockerfile), cwd=tmp_path) == ["yaml"]


def test_checking_a_compose_file_loads_yaml(tmp_path):
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  web:\n    image: nginx:1.27\n")
    assert "yaml" in loaded_after_check(str(compose))
