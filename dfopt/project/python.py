"""Python projects: dependency manager, Python version, the app server and its entry, the port.

Sources, strongest first: explicit options, then files that state intent (lock files,
`.python-version`, `requires-python`, a Procfile), then the existing Dockerfile (FROM, CMD,
EXPOSE), then conventions (Django's `wsgi.py`, a module that makes `app = Flask(...)`). What is
guessed or ignored is recorded in `notes`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from dfopt.errors import DfoptError
from dfopt.project.values import UnsafeValue, port as checked_port

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = None

DEFAULT_PYTHON = "3.12"
DEFAULT_PORT = 8000
MANAGERS = ("pip", "uv", "poetry", "pipenv")
SERVERS = ("gunicorn", "uvicorn", "hypercorn")

# Distributions that build or load against a system library: (build packages, runtime packages)
# on Debian. Wheels on PyPI bundle their libraries (manylinux), so a package is listed only when
# it is installed from source or loads the library itself at run time.
NATIVE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "psycopg2": (("gcc", "libc6-dev", "libpq-dev"), ("libpq5",)),
    "psycopg": ((), ("libpq5",)),               # pure Python; loads libpq at run time (without [binary])
    "mysqlclient": (("gcc", "libc6-dev", "pkg-config", "default-libmysqlclient-dev"), ("libmariadb3",)),
    "python-ldap": (("gcc", "libc6-dev", "libldap2-dev", "libsasl2-dev"), ("libldap-2.5-0", "libsasl2-2")),
    "pycairo": (("gcc", "libc6-dev", "pkg-config", "libcairo2-dev"), ("libcairo2",)),
    "weasyprint": ((), ("libpango-1.0-0", "libpangoft2-1.0-0")),
}
_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?")
_VERSION = re.compile(r"\d+\.\d+(\.\d+)?\Z")
_OBJECT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*:[A-Za-z_][A-Za-z0-9_.()]*\Z")
_APP_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=\s*(Flask|FastAPI|Starlette|Quart|Sanic|Litestar)\(",
                         re.M)
_SKIP_DIRS = {".venv", "venv", "env", "node_modules", ".git", "__pycache__", "tests", "test", "build", "dist",
              ".tox", ".nox", "site-packages"}


@dataclass(frozen=True)
class PythonProject:
    root: Path
    name: str | None
    manager: str                          # pip | uv | poetry | pipenv
    lockfile: str | None
    manifests: tuple[str, ...]            # what the dependency install reads from the context
    requirements: str | None              # pip: the requirements file to install
    python_version: str                   # "3.11" or "3.11.9"
    install_project: bool                 # the project itself is a package (uv, Poetry)
    dependencies: tuple[str, ...]         # normalised names of the direct dependencies
    server: str | None                    # gunicorn | uvicorn | hypercorn | django | None
    command: tuple[str, ...]
    port: int
    build_packages: tuple[str, ...] = ()  # Debian packages the install compiles against
    runtime_packages: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _toml(path: Path, notes: list[str]) -> dict:
    if not path.is_file() or tomllib is None:
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8", errors="replace"))
    except tomllib.TOMLDecodeError as err:
        raise DfoptError(f"not valid TOML: {err}", path=str(path)) from None


def requirement_files(root: Path, first: str) -> tuple[list[str], list[str]]:
    """The requirements file and the files it includes with -r/-c (relative to the including
    file), in reading order; and the distribution names they list."""
    files: list[str] = []
    names: list[str] = []
    todo = [first]
    while todo:
        rel = todo.pop(0)
        if rel in files:
            continue
        path = root / rel
        if not path.is_file():
            raise DfoptError(f"requirements file {rel} not found (named by {files[-1] if files else 'the project'})",
                             path=str(path))
        files.append(rel)
        base = str(Path(rel).parent)
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split(" #")[0].strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r"(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)", line)
            if m:
                include = str(Path(base) / m.group(2)) if base != "." else m.group(2)
                if include.startswith("/") or ".." in Path(include).parts:
                    raise DfoptError(f"{rel} includes {m.group(2)}, outside the project", path=str(path))
                todo.append(include)
                continue
            if line.startswith("-"):
                continue
            m = _REQ_NAME.match(line)
            if m and not m.group(1).startswith(("http", "git+")) and m.group(1) not in files:
                extra = m.group(2) or ""
                names.append(normalise(m.group(1)) + ("[binary]" if "binary" in extra else ""))
    return files, names


def _pep508_names(specs) -> list[str]:
    out = []
    for spec in specs or []:
        m = _REQ_NAME.match(str(spec))
        if m:
            out.append(normalise(m.group(1)) + ("[binary]" if "binary" in (m.group(2) or "") else ""))
    return out


def detect_manager(root: Path, pyproject: dict, notes: list[str], forced: str | None = None) -> str:
    tool = pyproject.get("tool", {}) if isinstance(pyproject.get("tool"), dict) else {}
    found = [m for m, present in (("uv", (root / "uv.lock").is_file()), ("poetry", (root / "poetry.lock").is_file()),
                                  ("pipenv", (root / "Pipfile.lock").is_file() or (root / "Pipfile").is_file()))
             if present]
    if forced:
        if forced not in MANAGERS:
            raise DfoptError(f"--package-manager {forced!r}: expected one of {', '.join(MANAGERS)}")
        return forced
    if len(found) > 1:
        notes.append(f"several lock files ({', '.join(found)}): using {found[0]}")
    if found:
        return found[0]
    if "poetry" in tool and "dependencies" in tool["poetry"]:
        return "poetry"
    if _requirements_file(root):
        return "pip"
    if "uv" in tool or pyproject.get("project"):
        return "uv"
    raise DfoptError("no Python project here (no requirements.txt, pyproject.toml, Pipfile or lock file)",
                     path=str(root))


def _requirements_file(root: Path) -> str | None:
    for name in ("requirements.txt", "requirements/production.txt", "requirements/prod.txt", "requirements/base.txt"):
        if (root / name).is_file():
            return name
    return None


def _version_spec(spec: str, notes: list[str]) -> str | None:
    """A Python minor from `requires-python`: the default when allowed, else the lowest allowed."""
    lows = re.findall(r"(>=|~=|==|>)\s*(3\.\d+)", spec)
    highs = re.findall(r"(<=|<)\s*(3\.\d+)", spec)
    default = tuple(map(int, DEFAULT_PYTHON.split(".")))
    low = max((tuple(map(int, v.split("."))) for _, v in lows), default=None)
    high_ok = all(default < tuple(map(int, v.split("."))) or (op == "<=" and default == tuple(map(int, v.split("."))))
                  for op, v in highs)
    if (low is None or low <= default) and high_ok:
        return None
    if low is None:
        notes.append(f"requires-python {spec!r}: could not choose a version; using {DEFAULT_PYTHON}")
        return None
    return f"{low[0]}.{low[1]}"


def detect_python_version(root: Path, pyproject: dict, notes: list[str], dockerfile: str) -> str:
    pv = root / ".python-version"
    if pv.is_file():
        text = pv.read_text(errors="replace").strip().splitlines()
        value = text[0].strip() if text else ""
        if _VERSION.match(value):
            return value
        notes.append(f".python-version {value!r} is not a CPython version number; ignored")
    pipfile = _toml(root / "Pipfile", notes) if (root / "Pipfile").is_file() else {}
    requires = pipfile.get("requires") or {}
    pinned = requires.get("python_full_version") or requires.get("python_version")
    if isinstance(pinned, str) and _VERSION.match(pinned):
        return pinned
    spec = (pyproject.get("project") or {}).get("requires-python") or \
        ((pyproject.get("tool") or {}).get("poetry", {}).get("dependencies", {}) or {}).get("python")
    if isinstance(spec, str) and spec.strip():
        return _version_spec(spec, notes) or DEFAULT_PYTHON
    m = re.search(r"^\s*FROM\s+(?:--\S+\s+)*(?:\S+/)?python:(\d+\.\d+(?:\.\d+)?)", dockerfile, re.M | re.I)
    if m:
        return m.group(1)
    return DEFAULT_PYTHON


def _find_app(root: Path, kinds: tuple[str, ...]) -> str | None:
    """`module:object` for the first module that creates an app of these kinds."""
    candidates = ["app.py", "main.py", "wsgi.py", "asgi.py", "server.py", "api.py", "app/__init__.py",
                  "app/main.py", "src/app.py", "src/main.py"]
    extra = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.py")
                   if not (set(p.relative_to(root).parts) & _SKIP_DIRS))
    for rel in dict.fromkeys(candidates + extra):
        path = root / rel
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in _APP_ASSIGN.finditer(text):
            if m.group(2) in kinds:
                module = rel[:-3].replace("/", ".").removesuffix(".__init__")
                return f"{module.removeprefix('src.') if rel.startswith('src/') else module}:{m.group(1)}"
    return None


def _django_module(root: Path, name: str) -> str | None:
    if not (root / "manage.py").is_file():
        return None
    found = sorted(p.parent.name for p in root.glob(f"*/{name}.py") if (p.parent / "settings.py").is_file()
                   or (p.parent / "settings").is_dir())
    return f"{found[0]}.{name}:application" if found else None


def _port_in(words: list[str]) -> int | None:
    for i, w in enumerate(words):
        value = None
        if w in ("--port", "-p") and i + 1 < len(words):
            value = words[i + 1]
        elif w.startswith("--port="):
            value = w.split("=", 1)[1]
        elif w in ("-b", "--bind") and i + 1 < len(words):
            value = words[i + 1].rpartition(":")[2]
        elif w.startswith("--bind="):
            value = w.split("=", 1)[1].rpartition(":")[2]
        elif re.fullmatch(r"(0\.0\.0\.0|127\.0\.0\.1|\[::\])?:?\d{2,5}", w) and words[:1] == ["python"] and "runserver" in words:
            value = w.rpartition(":")[2]
        if value and value.isdigit():
            return int(value)
    return None


def server_command(server: str, target: str, port: int) -> tuple[str, ...]:
    if server == "gunicorn":
        return ("gunicorn", "--bind", f"0.0.0.0:{port}", target)
    if server == "uvicorn":
        return ("uvicorn", target, "--host", "0.0.0.0", "--port", str(port))
    if server == "hypercorn":
        return ("hypercorn", "--bind", f"0.0.0.0:{port}", target)
    raise ValueError(server)


def _procfile(root: Path, notes: list[str]) -> list[str] | None:
    path = root / "Procfile"
    if not path.is_file():
        return None
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("web:"):
            try:
                words = shlex.split(line[4:])
            except ValueError:
                notes.append("Procfile's web line does not split into words; ignored")
                return None
            return words
    return None


def _dockerfile_cmd(dockerfile: str) -> list[str] | None:
    import json

    found = None
    for m in re.finditer(r"^\s*CMD\s+(.+)$", dockerfile, re.M | re.I):
        text = m.group(1).strip()
        try:
            value = json.loads(text)
            found = value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None
        except (ValueError, RecursionError):
            try:
                found = shlex.split(text)
            except ValueError:
                found = None
    return found


def _substitute_port(words: list[str], port: int, notes: list[str]) -> list[str] | None:
    """`$PORT` / `${PORT:-8000}` become the port: exec form expands no variables."""
    out = []
    for w in words:
        new = re.sub(r"\$\{PORT(?::?-\d+)?\}|\$PORT\b", str(port), w)
        if "$" in new:
            return None
        if new != w:
            notes.append(f"`{w}` is written as `{new}`: the exec-form CMD expands no variables")
        out.append(new)
    return out


def _command(root, deps, pyproject, entry, port, notes, dockerfile):
    """(server, command, port) from --entry, the Procfile, the Dockerfile's CMD, then conventions."""
    servers = [s for s in SERVERS if s in deps]
    if entry:
        if _OBJECT.match(entry):
            server = servers[0] if servers else None
            if server is None:
                raise DfoptError(f"--entry {entry}: an app object needs gunicorn, uvicorn or hypercorn "
                                 "among the dependencies")
            port = port or DEFAULT_PORT
            return server, server_command(server, entry, port), port
        if entry.endswith(".py") and (root / entry).is_file():
            port = port or DEFAULT_PORT
            return None, ("python", entry), port
        raise DfoptError(f"--entry {entry!r}: expected module:object (app.main:app) or a .py file in the project")
    for source, words in (("Procfile", _procfile(root, notes)), ("Dockerfile", _dockerfile_cmd(dockerfile))):
        if not words:
            continue
        default = re.search(r"\$\{PORT:?-(\d+)\}", " ".join(words))
        found_port = _port_in(words) or (int(default.group(1)) if default else None)
        chosen = port or found_port or DEFAULT_PORT
        words = _substitute_port(words, chosen, notes)
        if words is None:
            notes.append(f"the {source}'s command uses variables; not used")
            continue
        if not port:
            port = _port_in(words) or found_port
        server = words[0] if words[0] in SERVERS else ("django" if "manage.py" in words else None)
        return server, tuple(words), port or DEFAULT_PORT
    port = port or DEFAULT_PORT
    django = (root / "manage.py").is_file()
    for server in servers:
        kinds = ("Flask", "Quart") if server == "gunicorn" else ("FastAPI", "Starlette", "Quart", "Litestar", "Sanic")
        target = (_django_module(root, "wsgi" if server == "gunicorn" else "asgi") if django else None) or \
            _find_app(root, kinds)
        if target:
            return server, server_command(server, target, port), port
    if django:
        notes.append("Django without gunicorn or uvicorn: the image runs the development server; "
                     "add gunicorn to the dependencies for production")
        return "django", ("python", "manage.py", "runserver", f"0.0.0.0:{port}"), port
    scripts = (pyproject.get("project") or {}).get("scripts") or {}
    if len(scripts) == 1:
        return None, (next(iter(scripts)),), port
    for name in ("main.py", "app.py", "server.py"):
        if (root / name).is_file():
            return None, ("python", name), port
    raise DfoptError("no way to start the app found (no Procfile, server dependency with an app object, "
                     "manage.py, [project.scripts] or main.py): pass --entry", path=str(root))


def _native(deps: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    build: list[str] = []
    runtime: list[str] = []
    for dep in deps:
        b, r = NATIVE.get(dep, ((), ()))
        build += b
        runtime += r
    return tuple(dict.fromkeys(build)), tuple(dict.fromkeys(runtime))


def detect(root: Path, *, python_version: str | None = None, package_manager: str | None = None,
           port: int | None = None, entry: str | None = None) -> PythonProject:
    root = Path(root)
    notes: list[str] = []
    pyproject = _toml(root / "pyproject.toml", notes)
    dockerfile = (root / "Dockerfile").read_text(errors="replace") if (root / "Dockerfile").is_file() else ""
    manager = detect_manager(root, pyproject, notes, package_manager)
    project_table = pyproject.get("project") or {}
    poetry = ((pyproject.get("tool") or {}).get("poetry")) or {}
    requirements = None
    lockfile = None
    if manager == "pip":
        requirements = _requirements_file(root)
        if requirements is None:
            raise DfoptError("pip: no requirements.txt", path=str(root))
        manifests, deps = requirement_files(root, requirements)
    elif manager == "uv":
        lockfile = "uv.lock" if (root / "uv.lock").is_file() else None
        if lockfile is None:
            raise DfoptError("uv: no uv.lock; run `uv lock` first so the image installs what was tested",
                             path=str(root))
        manifests = ["pyproject.toml", "uv.lock"]
        deps = _pep508_names(project_table.get("dependencies"))
    elif manager == "poetry":
        lockfile = "poetry.lock" if (root / "poetry.lock").is_file() else None
        if lockfile is None:
            raise DfoptError("Poetry: no poetry.lock; run `poetry lock` first", path=str(root))
        manifests = ["pyproject.toml", "poetry.lock"] + (["poetry.toml"] if (root / "poetry.toml").is_file() else [])
        deps = _pep508_names(project_table.get("dependencies")) + [
            normalise(n) for n in (poetry.get("dependencies") or {}) if n != "python"]
    else:
        lockfile = "Pipfile.lock" if (root / "Pipfile.lock").is_file() else None
        if lockfile is None:
            raise DfoptError("Pipenv: no Pipfile.lock; run `pipenv lock` first", path=str(root))
        pipfile = _toml(root / "Pipfile", notes)
        manifests = ["Pipfile", "Pipfile.lock"]
        deps = [normalise(n) for n in (pipfile.get("packages") or {})]
    binary = {d.split("[")[0] for d in deps if d.endswith("[binary]")}
    deps = [d.split("[")[0] for d in deps]
    version = python_version or detect_python_version(root, pyproject, notes, dockerfile)
    if not _VERSION.match(version):
        raise DfoptError(f"Python version {version!r}: expected 3.12 or 3.12.4")
    install_project = _is_package(manager, pyproject)
    if port is not None:
        port = checked_port(port)
    server, command, port = _command(root, set(deps), pyproject, entry, port, notes, dockerfile)
    if not port:
        m = re.search(r"^\s*EXPOSE\s+(\d+)", dockerfile, re.M | re.I)
        port = int(m.group(1)) if m else DEFAULT_PORT
    try:
        port = checked_port(port)
    except UnsafeValue as err:
        raise DfoptError(err.message) from None
    build_pkgs, runtime_pkgs = _native([d for d in deps if not (d == "psycopg" and d in binary)])
    name = project_table.get("name") or poetry.get("name")
    return PythonProject(root=root, name=name if isinstance(name, str) else None, manager=manager,
                         lockfile=lockfile, manifests=tuple(manifests), requirements=requirements,
                         python_version=version, install_project=install_project, dependencies=tuple(deps),
                         server=server, command=tuple(command), port=port, build_packages=build_pkgs,
                         runtime_packages=runtime_pkgs, notes=tuple(notes))


def _is_package(manager: str, pyproject: dict) -> bool:
    """Whether the sync installs the project itself (after the dependencies)."""
    tool = pyproject.get("tool") or {}
    if manager == "uv":
        package = (tool.get("uv") or {}).get("package")
        return bool(package) if package is not None else "build-system" in pyproject
    if manager == "poetry":
        poetry = tool.get("poetry") or {}
        return poetry.get("package-mode", True) is not False and bool(pyproject.get("project") or poetry.get("name"))
    return False
