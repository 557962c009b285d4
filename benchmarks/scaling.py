"""How dfopt's time grows with the size of a Dockerfile: a 2,000-line file against a 20,000-line one.

    pip install -e '.[test]'             # the `dockerfile` package: BuildKit's parser, the peer
    python benchmarks/scaling.py [--small 2000] [--factor 10] [--repeat 3] [--one-stage]

Both files are generated from the same blocks (a base stage with apt, a Node build stage, a
Python stage, a stage built FROM an earlier one, COPY --from, multi-line RUNs with `&&` chains,
comments and blank lines), so the large file is the small one's blocks ten times over. Each
block is a few stages with fixable RUNs, so `rewrite` applies fixes throughout the file.
`--one-stage` turns every FROM but the first into a comment: one long stage.

Timed in this process as CPU time (the machines this runs on are shared: CPU time is what
dfopt itself spends, wall time also counts the neighbours), the command line called through
click's test runner, best of `--repeat`, with dfopt's per-text caches emptied before each run:
`dfopt check` (parse, every default rule, the text report) and `dfopt rewrite` (the fix loop to
its fixed point, the file on standard output); and BuildKit's parser on the same text. Linear
growth gives a ratio equal to the size factor (10x); the goal is at most 15x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from dfopt.cli import cli  # noqa: E402

BLOCK = """\
# ---- block {n}: system packages
FROM debian:bookworm-slim AS base{n}
ARG APP_VERSION{n}=1.{n}.0
ENV LANG=C.UTF-8 \\
    APP_HOME=/srv/app{n}
RUN apt-get update && \\
    apt-get install -y --no-install-recommends \\
        ca-certificates \\
        curl \\
        git \\
        build-essential && \\
    echo "base {n}"
WORKDIR /srv/app{n}
RUN groupadd -r app{n} && useradd -r -g app{n} app{n}

# ---- block {n}: node build
FROM node:20-bookworm-slim AS web{n}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install
COPY tsconfig.json ./
COPY src/ ./src/
RUN npm run build && \\
    npm prune --omit=dev

# ---- block {n}: python tools
FROM base{n} AS tools{n}
RUN apt-get update
RUN apt-get install -y python3-pip python3-venv
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt && \\
    pip install gunicorn==21.2.0
RUN set -eux; \\
    mkdir -p /var/log/app{n}; \\
    chown -R app{n}:app{n} /var/log/app{n}

# ---- block {n}: runtime
FROM base{n} AS runtime{n}
COPY --from=web{n} /app/dist /srv/app{n}/static
COPY --from=tools{n} /usr/local/lib /usr/local/lib
COPY app/ /srv/app{n}/
ENV PORT=80{n:02d}
EXPOSE 80{n:02d}
USER app{n}
HEALTHCHECK CMD curl -fsS http://localhost:80{n:02d}/health || exit 1
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]

"""


def dockerfile(blocks: int, one_stage: bool = False) -> str:
    text = "".join(BLOCK.format(n=n) for n in range(blocks))
    if one_stage:  # the same instructions in one long stage: every later FROM becomes a comment
        head, rest = text.split("\n", 1)
        text = f"{head}\n" + rest.replace("\nFROM ", "\n# FROM ")
    return text


def forget_caches() -> None:
    """Empty dfopt's per-text caches (parsed trees, analysed RUNs), so each run starts cold."""
    for name, module in list(sys.modules.items()):
        if name == "dfopt" or name.startswith("dfopt."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


def best_of(repeat: int, work) -> float:
    best = float("inf")
    for _ in range(repeat):
        forget_caches()
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def measure(text: str, folder: Path, repeat: int) -> dict[str, float]:
    path = folder / "Dockerfile"
    path.write_text(text)
    runner = CliRunner()

    def run(*args: str):
        def work():
            result = runner.invoke(cli, [*args, str(path)])
            if result.exit_code not in (0, 1):
                sys.exit(f"dfopt {args[0]} failed: {result.output}")
        return work

    times = {
        "dfopt check": best_of(repeat, run("check")),
        "dfopt rewrite": best_of(repeat, run("rewrite")),
    }
    try:
        import dockerfile as buildkit
    except ImportError:
        print("the `dockerfile` package is not installed: no BuildKit numbers", file=sys.stderr)
    else:
        times["buildkit parse"] = best_of(repeat, lambda: buildkit.parse_string(text))
    return times


def context_folder(root: Path) -> Path:
    (root / "src").mkdir()
    (root / "app").mkdir()
    (root / "package.json").write_text('{"name": "app", "scripts": {"build": "tsc"}}\n')
    (root / "package-lock.json").write_text('{"lockfileVersion": 3}\n')
    (root / "tsconfig.json").write_text("{}\n")
    (root / "requirements.txt").write_text("flask==3.0.0\n")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2000, help="lines of the small file")
    parser.add_argument("--factor", type=int, default=10, help="the large file is this many times larger")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--one-stage", action="store_true", help="the same instructions in a single stage")
    args = parser.parse_args()
    blocks = max(1, round(args.small / BLOCK.count("\n")))  # whole blocks: the large file is exactly `factor` small ones
    small, large = dockerfile(blocks, args.one_stage), dockerfile(blocks * args.factor, args.one_stage)
    with tempfile.TemporaryDirectory() as tmp:
        folder = context_folder(Path(tmp))
        measure(small, folder, 1)  # warm caches and imports
        t_small = measure(small, folder, args.repeat)
        t_large = measure(large, folder, args.repeat)
    n_small, n_large = small.count("\n"), large.count("\n")
    print(f"lines: {n_small} and {n_large} ({n_large / n_small:.1f}x); best of {args.repeat}")
    print(f"{'':16} {'small':>10} {'large':>10} {'ratio':>8}")
    for key in t_small:
        print(f"{key:16} {t_small[key]:9.3f}s {t_large[key]:9.3f}s {t_large[key] / t_small[key]:7.1f}x")


if __name__ == "__main__":
    main()
