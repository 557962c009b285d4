"""The `dfopt` command line: each command parses its options, calls one use case (dfopt.app,
dfopt.scaffold, dfopt.verify) and prints what it returns."""

from __future__ import annotations

import re
import sys

import click

from dfopt import __version__
from dfopt.errors import DfoptError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DfoptGroup(click.Group):
    """Turns DfoptError into `file:line: message` and exit 2; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DfoptError as err:
            click.echo(f"dfopt: {err}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(130)
        except OSError as err:  # a file or folder the user named or dfopt had to write: not a bug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"dfopt: {where}{err.strerror or err}", err=True)
            sys.exit(2)
        except Exception as err:  # noqa: BLE001 - last resort: people get one line, not a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"dfopt: internal error: {type(err).__name__}: {err} (rerun with --debug)", err=True)
            sys.exit(2)


@click.group(cls=DfoptGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="dfopt")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Optimize, check and generate Dockerfiles, keeping every byte that need not change.

    \b
    Examples:
      dfopt rewrite Dockerfile --diff          show the safe fixes as a diff
      dfopt rewrite Dockerfile --in-place      apply them (--unsafe-fixes for the rest)
      dfopt check . --format sarif -o out.sarif  findings with ready fixes, for CI and bots
      dfopt verify Dockerfile                  build original and rewrite, compare the images
      dfopt new node-ts --with postgres        Dockerfile, .dockerignore and compose.yaml
      dfopt ignore --write                     the .dockerignore this context needs
      dfopt rules DF101                        what a rule finds, and how safe its fix is
    \b
    Exit codes: 0 success or nothing to do, 1 findings or changes, 2 usage or input error.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _codes(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


@cli.command("parse", context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True,
              help="json: every node with its exact text and lines; text: one line a node.")
def parse_cmd(path: str, fmt: str) -> None:
    """Show the lossless syntax tree of a Dockerfile.

    Joining the `text` of every JSON node gives the file back byte for byte.

    \b
    Examples:
      dfopt parse Dockerfile
      dfopt parse Dockerfile --format json | jq '.nodes[] | select(.kind=="instruction") | .cmd'
    """
    from dfopt.app.files import read_source
    from dfopt.syntax.dump import show

    name, text = read_source(path)
    click.echo(show(text, name, fmt), nl=False)


@cli.command("rewrite", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--in-place", "-i", "mode", flag_value="in-place", help="Write the fixes into the files.")
@click.option("--diff", "mode", flag_value="diff",
              help="Print a unified diff instead of the file; exit 1 when it is not empty.")
@click.option("--check", "mode", flag_value="check", help="Exit 1 when a file would change; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change what the image does.")
@click.option("--select", help="Only these rule codes or prefixes (comma-separated, e.g. DF1,DF201).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True),
              help="The build context folder (default: the Dockerfile's folder).")
@click.option("--config", type=click.Path(dir_okay=False, exists=True),
              help="Read settings from this file instead of the nearest .dfopt.toml / pyproject.toml.")
@click.option("--fix-dockerignore", is_flag=True,
              help="Also write the build context's .dockerignore when it has none (see `dfopt ignore`); "
                   "the fixes are judged with it, so one run is enough.")
@click.option("--quiet", "-q", is_flag=True, help="Do not list the applied fixes on standard error.")
@click.option("--verbose", "-v", is_flag=True, help="Also list what was left alone, and why.")
def rewrite_cmd(paths, mode, unsafe_fixes, select, ignore, context_dir, config, fix_dockerignore, quiet,
                verbose) -> None:
    """Apply fixes to Dockerfiles, keeping every byte that need not change.

    PATHS are Dockerfiles, compose files, or folders (searched as `dfopt check` does; they need
    --in-place, --diff or --check). Without --in-place, --diff or --check the rewritten file is
    printed on standard output; messages go to standard error. Safe fixes keep what the image does; --unsafe-fixes adds
    those that may change it (each is listed). Use - to read standard input.

    \b
    Examples:
      dfopt rewrite Dockerfile --diff
      dfopt rewrite Dockerfile --in-place
      dfopt rewrite Dockerfile --in-place --fix-dockerignore   # and write a .dockerignore if none
      dfopt rewrite services/*/Dockerfile --check        # in CI: exit 1 if anything would change
      dfopt rewrite . --in-place                         # every Dockerfile and compose file below
      cat Dockerfile | dfopt rewrite - > Dockerfile.new
    \b
    Exit codes: 0 nothing to change (or written), 1 --check or --diff found changes, 2 error.

    Settings (select, ignore, unsafe-fixes, rule options) are read from the nearest .dfopt.toml or
    pyproject.toml [tool.dfopt]; flags given here win.
    """
    from dfopt.app.rewrite import rewrite_paths

    settings = _settings(config, select=_codes(select), ignore=_codes(ignore), unsafe_fixes=unsafe_fixes or None)
    status = rewrite_paths(list(paths), mode=mode or "stdout", settings=settings, context_dir=context_dir,
                           quiet=quiet, verbose=verbose, out=lambda text: click.echo(text, nl=False),
                           err=lambda msg: click.echo(msg, err=True), fix_dockerignore=fix_dockerignore)
    sys.exit(status)


@cli.command("ignore", context_settings=CONTEXT_SETTINGS)
@click.argument("directory", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--dockerfile", "-f", "dockerfiles", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="A Dockerfile whose COPY/ADD sources must stay (repeatable; default: every "
                   "Dockerfile, Dockerfile.*, *.Dockerfile and *.dockerfile in DIRECTORY).")
@click.option("--write", "-w", "mode", flag_value="write", help="Write DIRECTORY/.dockerignore.")
@click.option("--diff", "mode", flag_value="diff", help="Print a unified diff against the current file.")
@click.option("--check", "mode", flag_value="check",
              help="Exit 1 when the file is missing or would change; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary on standard error.")
def ignore_cmd(directory, dockerfiles, mode, quiet) -> None:
    """Generate the .dockerignore this build context needs, or merge it into the existing one.

    Leaves out version control, dependency folders the Dockerfile reinstalls, build outputs it
    rebuilds, caches, logs, test reports, editor files, secret-looking files (.env, keys, tokens
    in .npmrc) and Docker's and CI's own files: only what exists here or what the project's
    language produces. Never hides a path that a COPY/ADD reads: it re-includes it with `!`
    (and warns when that copies a secret-looking file into the image). An existing file keeps
    its lines; the missing entries go in one marked block that reruns update.

    The file goes to standard output; what the context sends before and after (files, bytes)
    and the secret-looking files kept out go to standard error.

    \b
    Examples:
      dfopt ignore                          # print the .dockerignore for this folder
      dfopt ignore services/api --diff
      dfopt ignore . -f docker/prod.Dockerfile --write
      dfopt ignore --check                  # in CI: exit 1 if it is missing or out of date
    \b
    Exit codes: 0 done or up to date, 1 --check found it missing or out of date, 2 error.
    """
    from dfopt.app.ignore import ignore_command

    status = ignore_command(directory, list(dockerfiles), mode or "stdout",
                            out=lambda text: click.echo(text, nl=False),
                            err=lambda msg: click.echo(msg, err=True), quiet=quiet)
    sys.exit(status)


@cli.command("check-ignore", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1)
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True), default=".",
              show_default=True, help="The build context folder the paths are relative to.")
@click.option("--ignorefile", type=click.Path(dir_okay=False, exists=True),
              help="Use this ignore file instead of the one Docker would pick.")
@click.option("--dockerfile", "-f", type=click.Path(dir_okay=False),
              help="The Dockerfile of the build: its <name>.dockerignore, if present, is the one used.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the paths from standard input, one a line.")
@click.option("--verbose", "-v", is_flag=True, help="Name the ignore-file line that decided each path.")
@click.option("--non-matching", "-n", is_flag=True, help="With -v, also print paths no line matched.")
def check_ignore_cmd(paths, context_dir, ignorefile, dockerfile, from_stdin, verbose, non_matching) -> None:
    """Print the given paths that Docker leaves out of the build context.

    Docker's .dockerignore semantics, not git's: patterns are relative to the context root, a
    leading / is dropped, `*` stops at /, `**` does not, `!` re-includes, the last matching line
    wins, and an excluded folder excludes what is under it unless a `!` line matches inside.
    The ignore file is the one Docker would read: <Dockerfile>.dockerignore beside the Dockerfile
    (with -f), else .dockerignore at the context root.

    \b
    Examples:
      dfopt check-ignore package-lock.json src/index.ts
      dfopt check-ignore -v --context app/ node_modules/x/index.js
      git ls-files | dfopt check-ignore --stdin          # every tracked file Docker would not send
      dfopt check-ignore -v -n -f docker/api.Dockerfile src/main.go
    \b
    Output with -v: <ignore file>:<line>:<pattern> TAB <path>; a `!` pattern means re-included.
    Exit codes (as git check-ignore): 0 some path is excluded, 1 none is, 2 error.
    """
    from dfopt.app.ignore import check_ignore_paths

    if non_matching and not verbose:
        raise DfoptError("--non-matching only makes sense with --verbose")
    if from_stdin and paths:
        raise DfoptError("give paths as arguments or with --stdin, not both")
    if not from_stdin and not paths:
        raise DfoptError("no path given (pass paths, or --stdin to read them one a line)")
    if from_stdin:
        data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        paths = [line.rstrip("\r") for line in data.split("\n") if line]
    any_excluded = False
    for line, excluded in check_ignore_paths(context_dir, dockerfile, ignorefile, paths, verbose, non_matching):
        any_excluded |= excluded
        click.echo(line)
    sys.exit(0 if any_excluded else 1)


@cli.command("cache", context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--changed", multiple=True, metavar="PATH", help="A context file that changes (repeatable).")
@click.option("--git", "git_rev", metavar="REV", help="Take the changed files from `git diff --name-only REV`.")
@click.option("--build-arg", "build_args", multiple=True, metavar="NAME", help="A build argument whose value changes.")
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True),
              help="The build context folder (default: the Dockerfile's folder).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", type=click.Path(dir_okay=False, exists=True),
              help="Read settings from this file instead of the nearest .dfopt.toml / pyproject.toml.")
def cache_cmd(path, changed, git_rev, build_args, context_dir, fmt, config) -> None:
    """Explain which steps rerun when files change: the first instruction of each stage to miss
    the layer cache, and how many rerun, before and after `dfopt rewrite`.

    COPY/ADD miss when a copied (not ignored) file changed; RUN misses when anything before it did,
    or a bind-mounted file changed; a stage FROM another stage reruns with it. With --git the
    Dockerfile's own edits count too. "After" is the file as `dfopt rewrite` leaves it, with the
    same settings (the nearest .dfopt.toml or pyproject.toml [tool.dfopt]).

    \b
    Examples:
      dfopt cache Dockerfile --changed src/index.ts
      dfopt cache Dockerfile --changed package.json --changed package-lock.json
      dfopt cache Dockerfile --git origin/main           # what this branch's changes rerun
      dfopt cache Dockerfile --git HEAD~1 --format json
    \b
    Exit codes: 0 explained, 2 error.
    """
    from dfopt.app.cache import cache_command, render_json, render_text

    report = cache_command(path, _settings(config), list(changed), git_rev, list(build_args), context_dir)
    click.echo(render_json(report) if fmt == "json" else render_text(report), nl=False)


def _settings(config: str | None, **flags):
    """Configuration file settings with the command-line flags that were given on top."""
    from pathlib import Path

    from dfopt.app.settings import load_settings

    return load_settings(config=Path(config) if config else None).override(**flags)


_FORMAT_HELP = ("text: for people; json: dfopt's documented schema; sarif: SARIF 2.1.0 for code scanning; "
                "github: workflow annotations; gitlab: Code Quality report; rdjson: reviewdog with "
                "suggestions; diff: what `dfopt rewrite` would change.")


@cli.command("check", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "gitlab", "rdjson", "diff"]),
              default="text", show_default=True, help=_FORMAT_HELP)
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info", "style"]),
              help="Exit 1 only for findings at or above this severity (default: warning).")
@click.option("--select", help="Only these rule codes or prefixes (comma-separated, e.g. DF1,DF201; ALL for every rule).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None,
              help="Offer fixes that may change what the image does (rdjson suggestions, diff).")
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True),
              help="The build context folder (default: each Dockerfile's folder).")
@click.option("--config", type=click.Path(dir_okay=False, exists=True),
              help="Read settings from this file instead of the nearest .dfopt.toml / pyproject.toml.")
@click.option("--stdin-filename", metavar="NAME",
              help="The name of the file read from standard input (as - , or alone with no PATHS): reports "
                   "use it, and it says whether the text is a Dockerfile or a compose file (compose.yaml, ...).")
@click.option("--fix", is_flag=True,
              help="Apply the fixes first (as `dfopt rewrite --in-place`; safe ones, and unsafe ones with "
                   "--unsafe-fixes), then report what is left.")
@click.option("--statistics", is_flag=True,
              help="Print how often each rule fired (most frequent first) instead of the findings; "
                   "text or json.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings remain (2 still means an error).")
@click.option("--quiet", "-q", is_flag=True,
              help="Only the findings: no summary (text), and no list of the fixes --fix applied.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output: auto = when writing to a terminal and NO_COLOR is not set.")
@click.option("--shard", metavar="K/N",
              help="Check only shard K of N of the files found (split by a hash of each path: every CI job "
                   "gets the same split, each file lands in one shard).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, metavar="N",
              help="Processes that check files at once (default 0: one a CPU core, for 32 files or more; "
                   "1: none). The output does not depend on it.")
def check_cmd(paths, fmt, output, fail_level, select, ignore, unsafe_fixes, context_dir, config,
              stdin_filename, fix, statistics, exit_zero, quiet, color, shard, jobs) -> None:
    """Report findings, each with its fix (or why there is none), for people, CI and review bots.

    PATHS are Dockerfiles, compose files or folders (searched for Dockerfile, Dockerfile.*,
    *.Dockerfile, *.dockerfile, compose.y*ml and docker-compose*.y*ml); default: the current
    folder. Use - for standard input. A file that cannot be parsed is reported and the others
    are still checked. Hints say what to do ("add `--no-cache-dir`"); `dfopt rewrite` lists
    what it did.

    \b
    Examples:
      dfopt check                                   every Dockerfile and compose file here
      dfopt check Dockerfile services/ --select DF1
      dfopt check compose.yaml Dockerfile           a compose file and its Dockerfile
      dfopt check . --format sarif -o dfopt.sarif   for GitHub code scanning
      dfopt check . --format github                 annotations in a GitHub Actions log
      dfopt check . --format rdjson | reviewdog -f=rdjson -reporter=github-pr-review
      git show HEAD:compose.yaml | dfopt check --stdin-filename compose.yaml
      dfopt check . --fix                           apply the safe fixes, report the rest
      dfopt check . --statistics                    how often each rule fired
      dfopt check . --shard 2/4                     the second quarter of the files (CI matrix)
    \b
    Exit codes: 0 no finding at or above --fail-level (or --exit-zero), 1 findings, 2 a file or
    option error.

    Rule links point to docs/rules/CODE.md; set DFOPT_DOCS_URL (with {code}) for absolute links.
    """
    import os

    from dfopt.app.check import check_paths, exit_status
    from dfopt.app.files import parse_shard
    from dfopt.app.settings import parse_fail_level
    from dfopt.report import render

    settings = _settings(config, select=_codes(select), ignore=_codes(ignore), unsafe_fixes=unsafe_fixes,
                         fail_level=parse_fail_level(fail_level) if fail_level else None,
                         never_fail=False if fail_level else None)
    shard_k_n = parse_shard(shard) if shard else None
    if statistics and fmt not in ("text", "json"):
        raise DfoptError("--statistics prints text or json; not --format " + fmt)
    if not paths and stdin_filename is not None:
        paths = ("-",)  # ruff's habit: --stdin-filename alone reads standard input
    paths = list(paths) or ["."]
    if stdin_filename is not None and "-" not in paths:
        raise DfoptError("--stdin-filename names standard input: pass - as a path too (or no path)")
    if fix:
        if "-" in paths:
            raise DfoptError("--fix writes files; for standard input use `dfopt rewrite -`")
        from dfopt.app.rewrite import rewrite_paths

        fixed = rewrite_paths(paths, mode="in-place", settings=settings, context_dir=context_dir, quiet=quiet,
                              verbose=False, out=lambda text: click.echo(text, nl=False),
                              err=lambda msg: click.echo(msg, err=True), shard=shard_k_n)
        if fixed == 2:
            sys.exit(2)
    stdin_text = None
    if "-" in paths:
        from dfopt.syntax import decode

        stdin_text = decode(sys.stdin.buffer.read(), "<stdin>")
    docs_url = os.environ.get("DFOPT_DOCS_URL")
    if docs_url and "{code}" not in docs_url:
        raise DfoptError("DFOPT_DOCS_URL must contain {code}, e.g. https://host/docs/rules/{code}.md")
    result = check_paths(paths, settings, want_fixed=fmt == "diff", stdin_text=stdin_text, version=__version__,
                         docs_url=docs_url, context_dir=context_dir, stdin_name=stdin_filename, shard=shard_k_n,
                         jobs=jobs)
    options: dict = {}
    if statistics:
        from dfopt.report.statistics import render as render_statistics

        report = render_statistics(result, fmt=fmt)
    else:
        if fmt == "text":
            options["color"] = _color(color, to_terminal=output in (None, "-") and sys.stdout.isatty())
            options["summary"] = not quiet
        report = render(fmt, result, **options)
    if output in (None, "-"):
        click.echo(report, nl=False, color=True if options.get("color") else None)
    else:
        from pathlib import Path

        from dfopt.app.files import write_atomic

        write_atomic(Path(output), report)
    if fmt != "text" or statistics or output not in (None, "-"):
        for file in result.errors():
            where = file.path if file.error.line is None else f"{file.path}:{file.error.line}"
            click.echo(f"dfopt: {where}: {file.error.message}", err=True)
    status = exit_status(result, settings)
    sys.exit(0 if exit_zero and status == 1 else status)


def _color(choice: str, to_terminal: bool) -> bool:
    """--color: always and never are what they say; auto colours a terminal unless NO_COLOR is
    set (to anything but the empty string, as no-color.org asks)."""
    import os

    if choice != "auto":
        return choice == "always"
    return to_terminal and not os.environ.get("NO_COLOR")


@cli.command("rules", context_settings=CONTEXT_SETTINGS)
@click.argument("code", required=False)
def rules_cmd(code: str | None) -> None:
    """List the rules, or show one rule's documentation.

    \b
    Examples:
      dfopt rules            code, title, fix safety, on by default or not
      dfopt rules DF401      what it finds, why, an example, the fix and how safe it is
      dfopt rules DL3008     the dfopt rule(s) that answer to a hadolint code
    """
    from dfopt import catalogue
    from dfopt.rules.docs import render_markdown, safety_label

    if code is not None:
        found = catalogue.lookup(code)
        if not found and code.upper() in catalogue.PARSE_ERRORS:
            click.echo(f"{code.upper()}: no rule in dfopt; {catalogue.PARSE_ERRORS[code.upper()]}.")
            return
        if not found:
            raise DfoptError(f"no rule {code.upper()} (see `dfopt rules`)")
        click.echo("\n".join(render_markdown(rule) for rule in found), nl=False)
        return
    rows = [("CODE", "TITLE", "FIX", "DEFAULT", "ALIASES")]
    rows += [(r.code, r.title, safety_label(r), "on" if r.default_enabled else "off", ",".join(r.aliases()))
             for r in catalogue.CATALOGUE]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip())
def _node_version(ctx, param, value):
    if value is not None and not re.fullmatch(r"v?\d+(\.\d+){0,2}", value):
        raise click.BadParameter(f"{value!r}: expected a version such as 20 or 20.11.1")
    return value


def _package_manager(ctx, param, value):
    if value is not None and not re.fullmatch(r"(npm|yarn|pnpm)(@\d+(\.\d+){0,2}[0-9A-Za-z.+-]*)?|pip|uv|poetry|pipenv",
                                              value):
        raise click.BadParameter(f"{value!r}: expected npm, yarn or pnpm (optionally @VERSION), "
                                 "or pip, uv, poetry, pipenv")
    return value


@cli.command("new", context_settings=CONTEXT_SETTINGS)
@click.argument("family", required=False)
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--list", "list_", is_flag=True, help="List the template families and exit.")
@click.option("--node-version", metavar="VERSION", callback=_node_version, help="Node version for the images (20, 22.11.0); "
              "default: .nvmrc, .node-version, engines.node, else the current LTS line.")
@click.option("--python-version", metavar="VERSION", help="python: Python version for the images (3.12); "
              "default: .python-version, requires-python, the Dockerfile's FROM.")
@click.option("--go-version", metavar="VERSION", help="go: Go version for the golang image (1.23); default: "
              "go.mod's toolchain or go line.")
@click.option("--package-manager", metavar="PM[@VERSION]", callback=_package_manager, help="npm, yarn or pnpm; "
              "python: pip, uv, poetry or pipenv; default: packageManager, then the lock file.")
@click.option("--base-image", metavar="IMAGE", help="python, go: the build image instead of python:VERSION-slim "
              "or golang:VERSION-bookworm (a mirror, a pinned digest).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to EXPOSE; default: the start script, "
              "the entry source, else 3000.")
@click.option("--runtime", type=click.Choice(["slim", "alpine", "distroless", "scratch"]),
              help="Runtime base image variant; default: slim (node, python), scratch (go; slim with cgo).")
@click.option("--entry", metavar="PATH", help="Script the runtime runs with node (after the build), "
              "when the start script and `main` do not tell; python: module:object (app.main:app) or a "
              ".py file; go: the main package to build (./cmd/api).")
@click.option("--syntax-directive", is_flag=True, help="Start with `# syntax=docker/dockerfile:1` "
              "(BuildKit then pulls that frontend image at build time).")
@click.option("--with", "services", multiple=True, metavar="SERVICE",
              help="Also write compose.yaml (and .env.example) with this backing service: "
              "postgres, mysql, mongodb, redis or rabbitmq; repeat for more.")
@click.option("--redis-persistence", is_flag=True, help="With --with redis: keep its data in a named volume.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
def new_cmd(family, directory, list_, node_version, python_version, go_version, package_manager, base_image, port,
            runtime, entry, syntax_directive, services, redis_persistence, force) -> None:
    """Write a multi-stage Dockerfile and a .dockerignore for the project in DIRECTORY (default: .).

    \b
    Examples:
      dfopt new --list                        the template families
      dfopt new node-ts                       TypeScript project in the current folder
      dfopt new node ./api --runtime alpine   plain JavaScript, Alpine images
      dfopt new node-ts --node-version 20 --package-manager pnpm --port 8080
      dfopt new node-ts --with postgres --with redis   and compose.yaml with a database and cache
      dfopt new python ./api                  pip, uv, Poetry or Pipenv; gunicorn, uvicorn, Django
      dfopt new go --entry ./cmd/server       a static binary on scratch (Debian slim with cgo)
    \b
    Exit codes: 0 written, 2 error (nothing is written when a file exists and --force is absent).
    """
    from dfopt.scaffold import new, templates

    if list_:
        for name, about in templates.families().items():
            click.echo(f"{name:10} {about}")
        return
    if not family:
        raise click.UsageError("name a template family (dfopt new --list shows them)")
    version = {"python": python_version, "go": go_version}.get(family)
    for option, value, families in (("--node-version", node_version, ("node", "node-ts")),
                                    ("--python-version", python_version, ("python",)),
                                    ("--go-version", go_version, ("go",))):
        if value and family not in families:
            raise click.UsageError(f"{option} does not apply to the {family} family")
    written = new.new_project(family, directory, runtime=runtime, node_version=node_version,
                              package_manager=package_manager, port=port, entry=entry,
                              syntax=syntax_directive, services=services,
                              redis_persistence=redis_persistence, force=force, version=version,
                              base_image=base_image)
    project = written.project
    command = " ".join(getattr(project, "command", None) or (f"/usr/local/bin/{project.binary}",))
    click.echo(f"detected: {written.description}; runs `{command}` on port {project.port}")
    for note in project.notes:
        click.echo(f"note: {note}")
    for path in written.paths:
        click.echo(f"wrote {path}")
    click.echo(f"next: {written.next_command}")
@cli.command("verify", context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, exists=True))
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True),
              help="The build context folder (default: the Dockerfile's folder).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply (and verify) fixes that may change the image.")
@click.option("--target", help="Build and compare this stage instead of the final one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--keep", is_flag=True, help="Keep the two images (tagged dfopt-verify:...) for a closer look.")
@click.option("--control", is_flag=True,
              help="Build the original twice and ignore files that differ between those two builds "
                   "(for builds that are not reproducible, such as compiled Python extensions).")
def verify_cmd(path, context_dir, unsafe_fixes, target, fmt, keep, control) -> None:
    """Prove a rewrite with real builds: build the Dockerfile and its rewrite, then compare.

    Both are built with the local Docker engine (the docker CLI; DOCKER_HOST is respected) from
    a temporary copy of the context, with no cache, then rebuilt after a source-only change
    (a comment appended to one source file in the copy). Compared: build success, image size,
    layers, build times, the image config (user, entrypoint, cmd, env, ports, workdir,
    healthcheck, labels) and every file. Package-manager caches are reported as removed caches;
    other differences are listed with the fix that most likely caused them. Progress goes to
    standard error. Your files are never modified. Rules and settings are those of `dfopt
    rewrite` (the nearest .dfopt.toml or pyproject.toml [tool.dfopt]).

    \b
    Examples:
      dfopt verify Dockerfile
      dfopt verify docker/app.Dockerfile --context . --unsafe-fixes
      dfopt verify Dockerfile --target runtime --format json > verify.json
    \b
    Exit codes: 0 equivalent (or the differences come from unsafe fixes), 1 a fix marked safe
    changed more than caches or the rewrite does not build, 2 error (no engine, the original
    does not build).
    """
    import json
    import os

    from dfopt.verify import rewrite_for_verify, verify
    from dfopt.verify.report import render_json, render_text

    settings = _settings(None, unsafe_fixes=unsafe_fixes or None)
    rewrite = rewrite_for_verify(path, settings, context_dir)
    if not rewrite.fixes:
        click.echo(f"{path}: no fixes apply, nothing to verify", err=True)
        if fmt == "json":
            click.echo(json.dumps({"dockerfile": path, "verdict": "no fixes apply", "equivalent": True,
                                   "safe_violation": False, "fixes": []}))
        sys.exit(0)
    result = verify(rewrite.original, rewrite.rewritten, context_dir or os.path.dirname(path) or ".",
                    dockerfile=path, fixes=rewrite.fixes, target=target, keep=keep, control=control,
                    progress=lambda msg: click.echo(f"dfopt verify: {msg}", err=True))
    render = render_json if fmt == "json" else render_text
    click.echo(render(result, path), nl=False)
    sys.exit(1 if result.safe_violation else 0)


SERVICE_CHOICES = "postgres, mysql, mongodb, redis, rabbitmq"


@cli.group(name="compose")
def compose_group() -> None:
    """Compose files: write one for an app and its services."""


@compose_group.command(name="new")
@click.option("--with", "services", multiple=True, metavar="SERVICE",
              help=f"A backing service ({SERVICE_CHOICES}); repeat for more.")
@click.option("--port", help="The port the app listens on (and publishes); default: the Dockerfile's "
              "EXPOSE, else the project's, else 3000.")
@click.option("--bind", default="127.0.0.1", show_default=True,
              help="The host address the app's port is published on (0.0.0.0: every interface).")
@click.option("--name", "app_name", default="app", show_default=True, help="The app's service name.")
@click.option("--redis-persistence", is_flag=True, help="Keep redis data (append-only file in a named volume).")
@click.option("--dir", "directory", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Where to write compose.yaml and .env.example.")
@click.option("--force", is_flag=True, help="Overwrite compose.yaml and .env.example (never .env, never a secret).")
@click.option("--stdout", is_flag=True, help="Print compose.yaml instead of writing files.")
def compose_new(services, port, bind, app_name, redis_persistence, directory, force, stdout) -> None:
    """Write compose.yaml (and .env.example, secrets/*.txt) for the Dockerfile in --dir.

    Only the app publishes a port, on 127.0.0.1 unless --bind says otherwise; databases and caches
    join an internal `backend` network, keep their data in named volumes and report health; the
    app starts once they are healthy. Every service runs with no new privileges, all capabilities
    dropped but those its image needs, a read-only root filesystem where the image allows it, and
    memory and CPU limits (change them in .env). Database passwords are random, in secrets/*.txt
    (created when missing, never overwritten); names are read from `.env`.

    \b
    Examples:
      dfopt compose new --with postgres --with redis
      dfopt compose new --with mysql --port 8080 --name web --stdout
    """
    from dfopt.scaffold.new import new_compose

    new_compose(directory, services, port=port, bind=bind, app_name=app_name, redis_persistence=redis_persistence,
                force=force, stdout=stdout, out=lambda text: click.echo(text, nl=False))


def main() -> None:
    cli(prog_name="dfopt")


if __name__ == "__main__":
    main()
