"""Build every example in examples/ as written and as dfopt rewrites it, and measure the images.

    source /tmp/buildlab/env.sh            # or any Docker engine with the examples' base images
    pip install '.[bench]'                 # matplotlib, for the chart
    python benchmarks/build_benchmark.py [--repeat N] [--only NAME] [--out docs/benchmark.md]

For each app (a folder of examples/ with a Dockerfile) and each variant (the original, dfopt's safe
fixes, safe and unsafe fixes) it runs, from a fresh copy of the context each time: a cold build
(--no-cache), then a rebuild after a source-only change (a comment appended to one source file,
the one `dfopt verify` would pick). It records image size, layer count, both build times (median
of N runs) and the bytes of context sent. It prints a Markdown table, and writes it with the
machine and date to --out, and a bar chart beside it (--chart, PNG).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.app.settings import Settings  # noqa: E402
from dfopt.verify import rewrite_for_verify  # noqa: E402
from dfopt.verify.compare import _size  # noqa: E402
from dfopt.verify.docker import Engine  # noqa: E402
from dfopt.verify.workspace import Workspace, strip_syntax_directive  # noqa: E402

VARIANTS = (("original", None), ("safe fixes", False), ("+ unsafe fixes", True))


@dataclass
class Measure:
    app: str
    variant: str
    fixes: list[str] = field(default_factory=list)
    same_as: str | None = None  # the rewrite changed nothing: the numbers are that variant's
    ok: bool = True
    size: int = 0
    layers: int = 0
    cold: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    context_bytes: int | None = None
    error: str = ""


def variants(dockerfile: Path) -> list[tuple[str, str, list[str]]]:
    """The Dockerfile as written and as `dfopt rewrite` (default rules, its folder as the context)
    writes it, with safe fixes and with unsafe ones too."""
    out = []
    for name, unsafe in VARIANTS:
        if unsafe is None:
            out.append((name, dockerfile.read_text(encoding="utf-8"), []))
            continue
        rewrite = rewrite_for_verify(str(dockerfile), Settings(unsafe_fixes=unsafe))
        out.append((name, rewrite.rewritten, [f.code for f in rewrite.fixes]))
    return out


def measure(engine: Engine, app: Path, name: str, text: str, repeat: int, say) -> Measure:
    m = Measure(app.name, name)
    text, _ = strip_syntax_directive(text)
    for run in range(repeat):
        with Workspace(app, app / "Dockerfile") as ws:
            label = f"run{run}"
            dockerfile = ws.write_dockerfile(label, text)
            context = str(ws.context(label))
            tag = f"dfopt-bench:{ws.nonce}"
            say(f"{app.name} / {name} / run {run + 1}: cold build")
            cold = engine.build(context, dockerfile, tag=tag, no_cache=True, iidfile=str(ws.root / "iid"))
            if not cold.ok:
                m.ok, m.error = False, "\n".join(cold.log_tail[-10:])
                return m
            info = engine.inspect(cold.image_id)
            m.size, m.layers = info["Size"], len(info["RootFS"]["Layers"])
            m.context_bytes = cold.context_bytes
            m.cold.append(cold.seconds)
            candidates = ws.source_candidates(text)
            if candidates:
                ws.change_source(label, candidates[0])
                say(f"{app.name} / {name} / run {run + 1}: rebuild after changing {candidates[0]}")
                again = engine.build(context, dockerfile, iidfile=str(ws.root / "iid2"))
                if again.ok:
                    m.rebuild.append(again.seconds)
                engine.remove_images([i for i in [again.image_id] if i and i != cold.image_id])
            engine.remove_images([tag, cold.image_id])
    return m


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} CPUs{mem}, {platform.system()} {platform.release()}"


def fmt_secs(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} s" if values else "-"


def table(results: list[Measure]) -> str:
    rows = ["| app | Dockerfile | fixes | size | layers | cold build | rebuild after source change | context sent |",
            "|---|---|---|---:|---:|---:|---:|---:|"]
    base: dict[str, Measure] = {}
    for m in results:
        fixes = ", ".join(sorted(set(m.fixes))) or "-"
        if not m.ok:
            rows.append(f"| {m.app} | {m.variant} | {fixes} | build failed | | | | |")
            continue
        if m.variant == "original":
            base[m.app] = m
        ref = base.get(m.app)
        size = _size(m.size)
        if ref is not None and m is not ref and ref.size:
            pct = (m.size - ref.size) / ref.size * 100
            size += f" ({pct:+.0f}%)" if abs(pct) >= 0.5 else " (same)"
        name = m.variant + (f" (= {m.same_as})" if m.same_as else "")
        rows.append(f"| {m.app} | {name} | {fixes} | {size} | {m.layers} | {fmt_secs(m.cold)} | "
                    f"{fmt_secs(m.rebuild)} | {_size(m.context_bytes) if m.context_bytes is not None else '-'} |")
    return "\n".join(rows) + "\n"


def chart(results: list[Measure], path: Path, subtitle: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    apps = list(dict.fromkeys(m.app for m in results))
    names = [v for v, _ in VARIANTS]
    metrics = (("image size (MB)", lambda m: m.size / 1e6),
               ("cold build (s)", lambda m: statistics.median(m.cold) if m.cold else 0),
               ("rebuild after a source change (s)", lambda m: statistics.median(m.rebuild) if m.rebuild else 0))
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 4.2))
    width = 0.8 / len(names)
    for ax, (title, value) in zip(axes, metrics):
        for i, variant in enumerate(names):
            ys = [next((value(m) for m in results if m.app == a and m.variant == variant and m.ok), 0) for a in apps]
            ax.bar([x + (i - (len(names) - 1) / 2) * width for x in range(len(apps))], ys, width, label=variant)
        ax.set_title(title)
        ax.set_xticks(range(len(apps)), apps, rotation=15)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(names), fontsize="small", frameon=False)
    fig.suptitle(f"dfopt build benchmark: {subtitle}", fontsize="small")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, dpi=110)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per variant; times are medians (default 3)")
    ap.add_argument("--only", action="append", help="only this example (folder name); repeatable")
    ap.add_argument("--examples", type=Path, default=ROOT / "examples")
    ap.add_argument("--out", type=Path, help="write the table, machine and date to this Markdown file")
    ap.add_argument("--chart", type=Path, help="the PNG chart (default: beside --out, same name)")
    args = ap.parse_args()

    def say(msg: str) -> None:
        print(f"[{datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)

    engine = Engine()
    apps = sorted(p.parent for p in args.examples.glob("*/Dockerfile")
                  if not args.only or p.parent.name in args.only)
    if not apps:
        print(f"no examples with a Dockerfile under {args.examples}", file=sys.stderr)
        return 2
    results: list[Measure] = []
    for app in apps:
        built: dict[str, Measure] = {}
        for name, text, fixes in variants(app / "Dockerfile"):
            same = next((m for t, m in built.items() if t == text), None)
            if same is not None:
                m = Measure(app.name, name, fixes, same_as=same.variant, ok=same.ok, size=same.size,
                            layers=same.layers, cold=same.cold, rebuild=same.rebuild,
                            context_bytes=same.context_bytes, error=same.error)
            else:
                m = measure(engine, app, name, text, args.repeat, say)
                m.fixes = fixes
                built[text] = m
            if not m.ok:
                say(f"{app.name} / {name}: build failed:\n{m.error}")
            results.append(m)
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    where = f"{machine()}; Docker Engine {engine.server_version}"
    md = table(results)
    print(md)
    print(f"measured {when} on {where}; median of {args.repeat} runs")
    if args.out:
        chart_path = args.chart or args.out.with_suffix(".png")
        chart(results, chart_path, f"{when}, median of {args.repeat} runs")
        args.out.write_text(
            "# Build benchmark\n\n"
            "Generated by `python benchmarks/build_benchmark.py"
            f"{' --repeat ' + str(args.repeat) if args.repeat != 3 else ''} --out {args.out.as_posix()}`; "
            "do not edit by hand.\n\n"
            f"Measured {when} on {where}. Each variant is built from a fresh copy of its example: a cold "
            f"build (`--no-cache`, base images local), then a rebuild after a comment is appended to one "
            f"source file; times are the median of {args.repeat} runs. \"Context sent\" is what BuildKit "
            "reported transferring for the build context. A variant marked (= other) is the same text as "
            "that variant: dfopt changed nothing there.\n\n"
            f"{md}\n![build benchmark]({chart_path.name})\n", encoding="utf-8")
        print(f"wrote {args.out} and {chart_path}", file=sys.stderr)
    return 0 if all(m.ok for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
