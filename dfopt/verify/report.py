"""Render a VerifyResult for people (text) or programs (json). Pure functions."""

from __future__ import annotations

import json

from dfopt.sizes import human_size
from dfopt.verify import VerifyResult


def _secs(build) -> str:
    return f"{build.seconds:.1f} s" if build is not None and build.ok else "-"


def _delta(a: float | None, b: float | None, fmt) -> str:
    if a is None or b is None:
        return ""
    d = b - a
    pct = f" ({d / a * 100:+.1f}%)" if a else ""
    return ("+" if d > 0 else "") + fmt(d) + pct if d else "same"


def render_text(result: VerifyResult, name: str = "Dockerfile") -> str:
    o, r = result.original, result.rewritten
    stage = f"target {result.target}" if result.target else "final stage"
    lines = [f"dfopt verify: {name} ({stage})", ""]
    rows = [("", "original", "rewritten", "change"),
            ("build", "ok" if o.build.ok else "FAILED", "ok" if r.build.ok else "FAILED", "")]
    if r.build.ok:
        rows += [
            ("image size", human_size(o.size or 0), human_size(r.size or 0),
             _delta(o.size, r.size, lambda d: ("-" if d < 0 else "") + human_size(abs(d)))),
            ("layers", str(o.layers), str(r.layers), _delta(o.layers, r.layers, lambda d: f"{d:d}")),
            ("cold build", _secs(o.build), _secs(r.build),
             _delta(o.build.seconds, r.build.seconds, lambda d: f"{d:.1f} s")),
        ]
        if o.rebuild and r.rebuild:
            rows.append(("rebuild after source change", _secs(o.rebuild), _secs(r.rebuild),
                         _delta(o.rebuild.seconds, r.rebuild.seconds, lambda d: f"{d:.1f} s")
                         if o.rebuild.ok and r.rebuild.ok else ""))
        rows.append(("context sent", _maybe_size(o.build.context_bytes), _maybe_size(r.build.context_bytes), ""))
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        lines.append("  " + "  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip())
    if result.source_change:
        lines.append(f"  (source-only change: {result.source_change})")
    lines.append("")
    if result.fixes:
        lines.append("fixes applied:")
        for f in result.fixes:
            lines.append(f"  {f.code} ({'safe' if f.safe else 'unsafe'}): {f.message}")
        lines.append("")
    if not r.build.ok:
        lines.append("the rewritten Dockerfile failed to build; the end of its log:")
        lines += ["  " + line for line in r.build.log_tail[-15:]]
        lines.append("")
    fs = result.fs
    if fs is not None and fs.caches:
        lines.append("package-manager caches (not a difference in behaviour):")
        for g in fs.caches:
            lines.append(f"  {g.name} {g.change}: {g.files} files, {human_size(g.bytes)}")
        lines.append("")
    same = [c for c in result.config if c.same_command]
    if same:
        lines.append("same command, another form (not a difference in behaviour):")
        for c in same:
            lines.append(f"  {c.field}: {json.dumps(c.original)} -> {json.dumps(c.rewritten)}: {c.same_command}")
        lines.append("")
    if result.differences:
        lines.append("differences:")
        for d in result.differences:
            cause = f"  <- {', '.join(d.fixes)} ({d.how})" if d.fixes else "  <- no fix identified"
            lines.append(f"  - {d.description}{cause}")
        lines.append("")
    if fs is not None and fs.volatile:
        lines.append(f"ignored: {fs.volatile} files that differ between any two builds (logs, install stamps)")
    for note in result.notes:
        lines.append(f"note: {note}")
    if result.kept_images:
        lines.append("kept images: " + " ".join(result.kept_images))
    verdict = result.verdict
    if result.safe_violation and r.build.ok:
        verdict += ": a fix marked safe changed more than caches"
    elif result.differences and all(d.fixes for d in result.differences):
        verdict += ": every difference comes from a fix marked unsafe"
    elif result.differences:
        verdict += ": not every difference could be tied to a fix; unsafe fixes were applied"
    lines.append(f"verdict: {verdict}")
    return "\n".join(lines) + "\n"


def _maybe_size(n: int | None) -> str:
    return "-" if n is None else human_size(n)


def _build(build) -> dict | None:
    if build is None:
        return None
    return {"ok": build.ok, "seconds": round(build.seconds, 2), "image_id": build.image_id,
            "steps": build.steps, "cached_steps": build.cached_steps, "context_bytes": build.context_bytes}


def render_json(result: VerifyResult, name: str = "Dockerfile") -> str:
    def side(s):
        return {"build": _build(s.build), "rebuild_after_source_change": _build(s.rebuild),
                "size": s.size, "layers": s.layers}

    fs = result.fs
    doc = {
        "dockerfile": name,
        "target": result.target,
        "verdict": result.verdict,
        "equivalent": result.equivalent,
        "safe_violation": result.safe_violation,
        "original": side(result.original),
        "rewritten": side(result.rewritten),
        "source_change": result.source_change,
        "fixes": [{"code": f.code, "message": f.message, "safe": f.safe} for f in result.fixes],
        "config_changes": [{"field": c.field, "original": c.original, "rewritten": c.rewritten,
                            "same_command": c.same_command} for c in result.config],
        "caches": [{"name": g.name, "change": g.change, "files": g.files, "bytes": g.bytes}
                   for g in (fs.caches if fs else [])],
        "packages": [{"manager": g.kind, "name": g.name, "change": g.change, "detail": g.detail,
                      "files": g.files, "bytes": g.bytes} for g in (fs.packages if fs else [])],
        "files": [{"path": c.path, "change": c.what, "size": c.size} for c in (fs.files if fs else [])],
        "differences": [{"kind": d.kind, "description": d.description, "fixes": d.fixes, "how": d.how}
                        for d in result.differences],
        "ignored_volatile": fs.volatile if fs else 0,
        "notes": result.notes,
        "kept_images": result.kept_images,
        "build_log_tail": result.rewritten.build.log_tail if not result.rewritten.build.ok else [],
    }
    return json.dumps(doc, indent=2) + "\n"
