"""Properties of the generated file over random contexts and Dockerfiles: COPY/ADD sources stay
sent, and writing then regenerating changes nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfopt.context.dockerignore import IgnoreFile
from dfopt.context.ignoregen import generate_dockerignore

NAMES = ["package.json", "tsconfig.json", "requirements.txt", "go.mod", "src/app.py", "src/index.ts",
         "dist/index.js", "build/out.js", "node_modules/a/i.js", ".venv/pyvenv.cfg", ".git/HEAD",
         ".env", ".env.production", "certs/ca.pem", "certs/server.key", "config/app.key",
         "config/settings.yml", "coverage/lcov.info", "logs/app.log", ".npmrc", ".DS_Store",
         "src/__pycache__/a.pyc", ".github/workflows/ci.yml", "docker-compose.yml", "README.md",
         "id_rsa", "target/app.jar"]
SOURCES = ["dist", "build", "certs/ca.pem", "certs/*.pem", "config/", ".env.production", "src",
           "node_modules", "target/app.jar", "package.json", ".", "*.json", "logs", "README.md"]
RUNS = ["npm ci", "npm run build", "pip install -r requirements.txt", "go build ./...", "true", "git describe"]
EXISTING = ["", "node_modules\n", "*.md\n!README.md\n", "# mine\n**/*.pem\n", "dist\r\n.git\r\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.sets(st.sampled_from(NAMES), min_size=1),
       copies=st.lists(st.sampled_from(SOURCES), max_size=4),
       runs=st.lists(st.sampled_from(RUNS), max_size=2),
       existing=st.sampled_from(EXISTING))
def test_sources_stay_sent_and_regenerating_changes_nothing(names, copies, runs, existing):
    root = Path(tempfile.mkdtemp(prefix="dfopt-ignore-"))
    try:
        for name in names:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("//r/:_authToken=x\n" if name == ".npmrc" else "x\n")
        lines = ["FROM debian:bookworm"] + [f"COPY {c} /app/" for c in copies] + [f"RUN {r}" for r in runs]
        (root / "Dockerfile").write_text("\n".join(lines) + "\n")
        if existing:
            (root / ".dockerignore").write_text(existing)
        user = IgnoreFile.parse(existing)
        first = generate_dockerignore(root)
        final = IgnoreFile.parse(first)
        for copy in copies:
            name = copy.rstrip("/")
            if "*" in name or name == "." or not (root / name).exists():
                continue
            if not user.matches(name):
                assert not final.matches(name), f"COPY {copy} is hidden by:\n{first}"
        (root / ".dockerignore").write_text(first)
        assert generate_dockerignore(root) == first
    finally:
        shutil.rmtree(root)
