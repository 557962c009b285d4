"""How well Dockerfile parsers agree with BuildKit's own (the `dockerfile` package) on the corpus:
instruction count and start/end lines per file, and whether the file's text can be rebuilt.

    pip install dockerfile-parse   # optional peer, not a dfopt dependency
    python benchmarks/parser_agreement.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from parse_corpus import corpus_files  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    import dockerfile as buildkit

    from dfopt.errors import ParseError
    from dfopt.syntax import parse

    files = corpus_files(args.shared)
    reference = {}
    for p in files:
        text = p.read_bytes().decode("utf-8")
        reference[p] = (text, [(c.cmd.upper(), c.start_line, c.end_line) for c in buildkit.parse_string(text)])

    ours_same = ours_roundtrip = ours_refused = 0
    for p, (text, ref) in reference.items():
        try:
            tree = parse(text)
        except ParseError:
            ours_refused += 1
            continue
        ours_roundtrip += tree.render() == text
        ours_same += [(i.cmd, i.start_line, i.end_line) for i in tree.instructions] == ref
    print(f"files: {len(files)}")
    print(f"dfopt: same spans as BuildKit {ours_same}, byte-exact round trip {ours_roundtrip}, "
          f"refused as not-a-Dockerfile {ours_refused} (BuildKit accepts unknown instructions)")
    try:
        from dockerfile_parse import DockerfileParser
    except ImportError:
        print("dockerfile-parse: not installed, skipped")
        return 0
    same = crashed = 0
    for p, (text, ref) in reference.items():
        parser = DockerfileParser(fileobj=__import__("io").BytesIO(text.encode()))
        try:
            got = [(s["instruction"].upper(), s["startline"] + 1, s["endline"] + 1)
                   for s in parser.structure if s["instruction"] != "COMMENT"]
        except Exception:  # noqa: BLE001 - counting a peer's failures
            crashed += 1
            continue
        same += got == ref
    print(f"dockerfile-parse: same spans as BuildKit {same}, failed {crashed}, "
          f"no lossless tree (comments inside instructions and heredoc bodies are not kept as nodes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
