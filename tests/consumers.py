"""What review bots do with dfopt's machine-readable output, written from the formats' specs
(not from dfopt's code): apply reviewdog suggestions or SARIF fixes to a file's text."""

from __future__ import annotations

from dfopt.report.base import LineIndex


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


def _apply(text: str, fixes: list[list[tuple[int, int, str]]]) -> str:
    """Take the fixes in document order, skipping one that overlaps a fix already taken (as
    GitHub does with a batch of suggestions); the skipped ones come back after a re-check."""
    taken: list[tuple[int, int, str]] = []
    for fix in fixes:
        if not any(_overlap(r, t) for r in fix for t in taken):
            taken.extend(fix)
    for start, end, content in sorted(taken, key=lambda r: (r[0], r[1]), reverse=True):
        text = text[:start] + content + text[end:]
    return text


def apply_rdjson(text: str, path: str, doc: dict) -> str:
    """rdjson: 1-based lines, 1-based columns in UTF-8 bytes, exclusive end; a range without
    columns covers whole lines, the last one without its line break."""
    index = LineIndex(text)

    def offset(position: dict, *, end: bool) -> int:
        line = position["line"]
        if "column" not in position:
            return index.content_end(line) if end else index.line_start(line)
        return index.offset_from_bytes(line, position["column"])

    replacements = []
    for diagnostic in doc["diagnostics"]:
        if diagnostic["location"]["path"] != path:
            continue
        for suggestion in diagnostic.get("suggestions", ()):
            rng = suggestion["range"]
            start = offset(rng["start"], end=False)
            end = offset(rng.get("end", rng["start"]), end=True)
            replacements.append([(start, end, suggestion["text"])])
    return _apply(text, replacements)


def apply_sarif(text: str, uri: str, doc: dict, *, applicability: set[str] = frozenset({"safe"})) -> str:
    """SARIF: the run's columnKind says what a column counts; charOffset/charLength, when given,
    must agree with the line/column form (checked here)."""
    index = LineIndex(text)
    replacements = []
    for run in doc["runs"]:
        assert run["columnKind"] == "unicodeCodePoints"
        for result in run["results"]:
            for fix in result.get("fixes", ()):
                if fix.get("properties", {}).get("applicability") not in applicability:
                    continue
                replacements.append([])
                for change in fix["artifactChanges"]:
                    if change["artifactLocation"]["uri"] != uri:
                        continue
                    for replacement in change["replacements"]:
                        region = replacement["deletedRegion"]
                        start = index.offset(region["startLine"], region["startColumn"])
                        end = index.offset(region["endLine"], region["endColumn"])
                        assert (start, end - start) == (region["charOffset"], region["charLength"])
                        replacements[-1].append((start, end, replacement.get("insertedContent", {}).get("text", "")))
    return _apply(text, replacements)
