"""A temporary copy of the build context, where verify writes its Dockerfiles and edits a source file.

The user's files are never touched: everything happens in the copy, which is deleted at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from dfopt.context import BuildContext
from dfopt.errors import DfoptError

# Files that decide what gets installed: changing one is not a "source-only" change.
MANIFESTS = frozenset({
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
    "pnpm-workspace.yaml", ".npmrc", ".yarnrc", ".yarnrc.yml", "bun.lockb", "bun.lock",
    "requirements.txt", "constraints.txt", "Pipfile", "Pipfile.lock", "pyproject.toml", "poetry.lock",
    "uv.lock", "setup.py", "setup.cfg", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "Gemfile",
    "Gemfile.lock", "composer.json", "composer.lock", "pom.xml", "build.gradle", "build.gradle.kts",
    "settings.gradle", "mix.exs", "mix.lock", "tsconfig.json",
})
_SKIP_DIRS = frozenset({"node_modules", "vendor", "__pycache__", "dist", "build", "target", "venv"})
# How to add a comment line to a file, by extension ("{}" is the comment's text).
_COMMENT = {
    "// {}": (".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".go", ".rs", ".java", ".kt", ".c", ".h",
              ".cc", ".cpp", ".cs", ".php", ".scss", ".swift", ".dart"),
    "# {}": (".py", ".rb", ".sh", ".pl", ".r", ".ex", ".exs", ".yaml", ".yml", ".toml", ".ini", ".cfg"),
    "/* {} */": (".css",),
    "<!-- {} -->": (".html", ".htm", ".md", ".xml", ".svg", ".vue", ".svelte"),
}
_CODE = frozenset(e for c, exts in _COMMENT.items() if c != "<!-- {} -->" for e in exts
                  if e not in (".yaml", ".yml", ".toml", ".ini", ".cfg", ".css"))
_SOURCE_DIRS = ("src", "app", "lib", "server", "pkg", "cmd")
_COPY_SOURCES = re.compile(r"^\s*(?:COPY|ADD)\s+((?:--\S+\s+)*)(.+)$", re.I | re.M)
_SYNTAX = re.compile(r"\ufeff?[ \t]*#[ \t]*syntax[ \t]*=", re.I)


def strip_syntax_directive(text: str) -> tuple[str, bool]:
    """Drop a `# syntax=` parser directive, so the engine's built-in frontend is used (no pull)."""
    from dfopt.syntax import parse

    for node in parse(text).nodes:
        if node.kind == "directive" and _SYNTAX.match(node.text):
            bom = "\ufeff" if node.text.startswith("\ufeff") else ""
            return text[: node.start] + bom + text[node.end:], True
    return text, False


class Workspace:
    """`with Workspace(context) as ws:` a copy of the context under a fresh temporary folder."""

    def __init__(self, context: str | os.PathLike, dockerfile: str | os.PathLike | None = None):
        self.source = Path(context)
        if not self.source.is_dir():
            raise DfoptError(f"build context {str(context)!r} is not a folder")
        self.dockerfile = Path(dockerfile) if dockerfile else None
        self.build_context = BuildContext.from_dir(self.source, self.dockerfile)
        self.root = Path(tempfile.mkdtemp(prefix="dfopt-verify-"))
        # In every edit, so that no build reuses layers cached by an earlier run's edit.
        self.nonce = self.root.name.rsplit("-", 1)[-1]
        self.dockerfiles = self.root / "dockerfiles"
        self.contexts: dict[str, Path] = {}

    def __enter__(self) -> "Workspace":
        self.dockerfiles.mkdir()
        return self

    def context(self, label: str) -> Path:
        """The context copy for one build: each build gets its own, so that a build's transfer
        is not shortened by what the other build already sent."""
        if label not in self.contexts:
            path = self.root / f"context-{label}"
            try:
                self._copy_sent(path)
            except (OSError, shutil.Error) as err:
                raise DfoptError(f"cannot copy the build context {str(self.source)!r}: {err}") from None
            self.contexts[label] = path
        return self.contexts[label]

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _copy_sent(self, dest: Path) -> None:
        """Copy what Docker would send (the .dockerignore'd files stay behind; the ignore file
        itself is copied, so the build applies it as it would). Fresh modification times:
        BuildKit skips files whose path, size and mtime match what an earlier build sent, even
        from another folder, which would hide the context's size."""
        dest.mkdir()
        for name in self.build_context.sent_names():
            src, dst = self.source / name, dest / name
            dst.parent.mkdir(parents=True, exist_ok=True)  # a `!` line can re-include below an excluded folder
            if src.is_symlink():
                dst.symlink_to(os.readlink(src))
            elif src.is_dir():
                dst.mkdir(exist_ok=True)
            else:
                shutil.copy(src, dst)
        ignore = self.build_context.ignore_path
        if ignore is not None and ignore.parent == self.source and ignore.is_file() and not (dest / ignore.name).exists():
            shutil.copy(ignore, dest / ignore.name)

    def write_dockerfile(self, label: str, text: str) -> str:
        """Write `text` outside the context copy, so both builds see the same context."""
        path = self.dockerfiles / f"{label}.Dockerfile"
        path.write_text(text, encoding="utf-8", newline="")
        # BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile before the context's.
        if self.dockerfile is not None:
            own = self.dockerfile.with_name(self.dockerfile.name + ".dockerignore")
            if own.is_file():
                shutil.copyfile(own, path.with_name(path.name + ".dockerignore"))
        return str(path)

    def source_candidates(self, *dockerfile_texts: str) -> list[str]:
        """Files to edit for a "source-only change", best first (paths relative to the context).

        Not a manifest, not a Dockerfile or ignore file, not hidden, and not a file that a COPY
        or ADD names on its own (those are usually manifests copied before an install).
        """
        named = set()
        for text in dockerfile_texts:
            for m in _COPY_SOURCES.finditer(text):
                words = m.group(2).split()
                for w in words[:-1]:
                    named.add(os.path.normpath(w.lstrip("/")).replace(os.sep, "/"))
        found = []
        for rel in self.build_context.sent_names():
            parts = rel.split("/")
            name = parts[-1]
            if (any(p.startswith(".") or p in _SKIP_DIRS for p in parts) or name in MANIFESTS
                    or "dockerfile" in name.lower() or rel in named):
                continue
            path = self.source / rel
            if path.is_symlink() or not path.is_file():
                continue
            found.append(rel)

        def rank(rel: str) -> tuple:
            ext = os.path.splitext(rel)[1].lower()
            is_code = ext in _CODE
            has_comments = any(ext in exts for exts in _COMMENT.values())
            top = rel.split("/")[0]
            return (not is_code, not has_comments, top not in _SOURCE_DIRS, rel.count("/"), rel)

        return sorted(found, key=rank)

    def change_source(self, label: str, rel: str) -> None:
        """Append a comment (or an empty line) to a file in one build's copy: new content, same
        program. Each build's change differs, so one build cannot reuse the other's cached layers."""
        ext = os.path.splitext(rel)[1].lower()
        comment = next((c for c, exts in _COMMENT.items() if ext in exts), None)
        path = self.context(label) / rel
        if comment:
            line = comment.format(f"source-only change by dfopt verify ({label} {self.nonce})") + "\n"
        else:  # no comment syntax: blank lines, a different number for each build
            line = "\n" * (1 + list(self.contexts).index(label))
        data = path.read_bytes()
        sep = b"" if data.endswith(b"\n") or not data else b"\n"
        path.write_bytes(data + sep + line.encode())
