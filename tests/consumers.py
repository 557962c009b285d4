"""What review bots do with dfopt's machine-readable output, written from the formats' specs
(not from dfopt's code): apply reviewdog suggestions or SARIF fixes to a file's text."""

from __future__ import annotations

from dfopt.report.base import LineIndex


def _apply(text: str, replacements: list[tuple[int, int, str]]) -> str:
    last = len(text) + 1
    for start, end, content in sorted(replacements, reverse=True):
        assert end <= last, "overlapping replacements"
        text = text[:start] + content + text[end:]
        last = start
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
            replacements.append((start, end, suggestion["text"]))
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
                for change in fix["artifactChanges"]:
                    if change["artifactLocation"]["uri"] != uri:
                        continue
                    for replacement in change["replacements"]:
                        region = replacement["deletedRegion"]
                        start = index.offset(region["startLine"], region["startColumn"])
                        end = index.offset(region["endLine"], region["endColumn"])
                        assert (start, end - start) == (region["charOffset"], region["charLength"])
                        replacements.append((start, end, replacement.get("insertedContent", {}).get("text", "")))
    return _apply(text, replacements)
