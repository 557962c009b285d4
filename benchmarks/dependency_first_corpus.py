"""DF201 over the corpus: of the Dockerfiles that copy the whole context before a dependency
install whose manifest is in that context, how many the rewrite fixes, and why the rest are refused.

    python benchmarks/dependency_first_corpus.py [--shared ../shared] [-v] [--keep-outputs-out]

Each corpus folder is a context built from its `context-listing.txt` plus the small files beside
it. `--keep-outputs-out` judges each file with the .dockerignore dfopt proposes for that context
(the one `dfopt rewrite --fix-dockerignore` writes when there is none, merged into the existing one
as `dfopt ignore --write` does), given to the context as `rewrite` gives it. A fixed file is re-parsed, checked again (nothing left for DF201 in it) and, when the
`dockerfile` package is installed, parsed by BuildKit's parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dfopt.context import BuildContext  # noqa: E402
from dfopt.context.ignoregen import plan_dockerignore  # noqa: E402
from dfopt.context.projects import MANIFEST  # noqa: E402
from dfopt.errors import DfoptError  # noqa: E402
from dfopt.fixer import check, fix_text  # noqa: E402
from dfopt.rules.dependency_first import DependencyFirstCopy, copy_sources, find_install  # noqa: E402
from dfopt.syntax import parse  # noqa: E402

WHOLE = {".", "./", "*", "./*"}


@dataclass
class Case:
    folder: Path
    outcome: str  # "fixed (safe)", "fixed (unsafe)", "refused", "missed", "fix broken"
    detail: str = ""


def corpus_folders(shared: Path) -> list[Path]:
    root = shared / "corpus" / "dockerfiles"
    return sorted(p.parent for p in root.glob("*/*/context-listing.txt"))


def dockerfile_of(folder: Path) -> Path:
    for line in (folder / "SOURCE.txt").read_text().splitlines():
        if line.startswith("path\t"):
            return folder / line.split("\t", 1)[1].rsplit("/", 1)[-1]
    raise FileNotFoundError(folder / "SOURCE.txt")


def copies_whole_context_before_install(text: str, context: BuildContext) -> bool:
    """The selection, made without the rule: a whole-context COPY/ADD, then in the same stage a
    RUN that installs dependencies whose manifest sits at the context root (a build that needs the
    sources anyway, like `go build`, counts only when no dependency step of its kind came first)."""
    df = parse(text)
    for stage in df.stages:
        whole = False
        before: set[str] = set()
        for ins in stage.instructions:
            copied = copy_sources(ins)
            if copied and any(s in WHOLE for s in copied[0]):
                whole = True
                continue
            found = find_install(df, ins) if ins.cmd == "RUN" else None
            if found is None:
                continue
            install = found[0]
            if not whole:
                before.add(install.ecosystem)
            elif not (install.kind == "build" and install.ecosystem in before):
                if _manifest_present(install.ecosystem, context):
                    return True
    return False


def _manifest_present(ecosystem: str, context: BuildContext) -> bool:
    if ecosystem == "pip":
        return any(n.startswith("requirements") and n.endswith(".txt") for n in context.listing or ())
    return bool(context.exists(MANIFEST[ecosystem]))


def survey(shared: Path, keep_outputs_out: bool = False) -> tuple[list[Case], int]:
    try:
        import dockerfile as buildkit
    except ImportError:
        buildkit = None
    cases: list[Case] = []
    folders = corpus_folders(shared)
    for folder in folders:
        path = dockerfile_of(folder)
        context = BuildContext.from_listing(folder / "context-listing.txt", dockerfile=path)
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        try:
            if not copies_whole_context_before_install(text, context):
                continue
        except DfoptError:
            continue
        if keep_outputs_out:
            plan = plan_dockerignore(context.root, dockerfiles=[], dockerfile_texts={str(path): text}, context=context)
            context = context.with_ignore_text(plan.text)
        findings = check(parse(text), [DependencyFirstCopy], str(path), context)
        if not findings:
            cases.append(Case(folder, "missed", "the rule saw no whole copy before an install it recognises"))
            continue
        finding = findings[0]
        if finding.fix is None:
            cases.append(Case(folder, "refused", finding.no_fix_reason or ""))
            continue
        result = fix_text(text, [DependencyFirstCopy], str(path), unsafe=True, build_context=context)
        left = [f for f in check(parse(result.text), [DependencyFirstCopy], str(path), context) if f.fix]
        if left:
            cases.append(Case(folder, "fix broken", "DF201 still has a fix after rewriting"))
            continue
        if buildkit is not None:
            try:
                buildkit.parse_string(result.text)
            except Exception as err:  # noqa: BLE001 - any oracle failure is a broken fix
                cases.append(Case(folder, "fix broken", f"BuildKit's parser: {err}"))
                continue
        cases.append(Case(folder, f"fixed ({finding.fix.applicability.value})", finding.fix.message))
    return cases, len(folders)


def reason_kind(reason: str) -> str:
    kinds = [("script", "lifecycle or install script"), ("workspace", "workspaces"), ("Cargo", "Rust (report only)"),
             ("mvn", "Maven (report only)"), ("Gradle", "Gradle (report only)"), ("runs between", "instruction between copy and install"),
             ("RUN does more", "RUN not splittable"), ("same RUN before", "other command before the install in the RUN"),
             ("not in the build context", "file missing from the context"), ("own sources", "installs the project itself"),
             ("installs the project itself", "installs the project itself"), ("local", "local path dependency"),
             ("gemspec", "Gemfile gemspec"), ("comes from", "local path dependency"), ("shell state", "shell state before a split")]
    return next((label for key, label in kinds if key in reason), reason)


def unsafe_kind(message: str) -> str:
    kinds = [("keeps out", "a path the install writes is not kept out"), ("context holds", "the context sends a path the install writes"),
             ("lock", "the install may rewrite a lock file"), ("go mod download", "Go: download added before the copy"),
             ("home folder", "the copy lands around the home folder")]
    return next((label for key, label in kinds if key in message), message)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("DFOPT_SHARED", ROOT.parent / "shared")))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every selected file with its outcome")
    ap.add_argument("--keep-outputs-out", action="store_true",
                    help="judge each file with the .dockerignore dfopt proposes for its context "
                         "(as rewrite --fix-dockerignore or ignore --write would)")
    args = ap.parse_args()
    if not (args.shared / "corpus").is_dir():
        print(f"no corpus under {args.shared}", file=sys.stderr)
        return 2
    cases, total = survey(args.shared, args.keep_outputs_out)
    print(f"corpus folders: {total}; copying the whole context before an install with its manifest present: {len(cases)}")
    for outcome, n in sorted(Counter(c.outcome for c in cases).items()):
        print(f"  {outcome:16} {n}")
    for kind, n in Counter(unsafe_kind(c.detail) for c in cases if c.outcome == "fixed (unsafe)").most_common():
        print(f"    unsafe:  {kind:45} {n}")
    refusals = Counter(reason_kind(c.detail) for c in cases if c.outcome == "refused")
    for kind, n in refusals.most_common():
        print(f"    refused: {kind:45} {n}")
    if args.verbose:
        base = args.shared / "corpus" / "dockerfiles"
        for c in cases:
            print(f"{c.outcome:16} {c.folder.relative_to(base)}: {c.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
