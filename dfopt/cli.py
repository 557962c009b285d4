"""The `dfopt` command line: option parsing and printing only; the work lives in the library."""

from __future__ import annotations

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
      dfopt rewrite Dockerfile --in-place      apply them
      dfopt parse Dockerfile --format json     the lossless syntax tree
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _read_input(path: str) -> tuple[str, str]:
    """(display name, text) of a Dockerfile path, or of standard input for `-`."""
    from dfopt.syntax import decode, read_dockerfile

    if path == "-":
        return "<stdin>", decode(click.get_binary_stream("stdin").read(), "<stdin>")
    return path, read_dockerfile(path)


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
    import json

    from dfopt.syntax import parse
    from dfopt.syntax.dump import to_data

    name, text = _read_input(path)
    tree = parse(text, name)
    if fmt == "json":
        click.echo(json.dumps(to_data(tree), ensure_ascii=False, indent=2))
        return
    for node in tree.nodes:
        lines = f"{node.start_line}" if node.start_line == node.end_line else f"{node.start_line}-{node.end_line}"
        label = node.kind if node.kind != "instruction" else f"instruction {node.cmd}"
        if node.kind == "instruction" and node.form:
            label += f" ({node.form} form)"
        click.echo(f"{lines:>9}  {label}")


@cli.command("rewrite", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--in-place", "-i", "mode", flag_value="in-place", help="Write the fixes into the files.")
@click.option("--diff", "mode", flag_value="diff", help="Print a unified diff instead of the file.")
@click.option("--check", "mode", flag_value="check", help="Exit 1 when a file would change; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change what the image does.")
@click.option("--select", help="Only these rule codes or prefixes (comma-separated, e.g. DF1,DF201).")
@click.option("--ignore", help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True),
              help="The build context folder (default: the Dockerfile's folder).")
@click.option("--quiet", "-q", is_flag=True, help="Do not list the applied fixes on standard error.")
@click.option("--verbose", "-v", is_flag=True, help="Also list what was left alone, and why.")
def rewrite_cmd(paths, mode, unsafe_fixes, select, ignore, context_dir, quiet, verbose) -> None:
    """Apply fixes to Dockerfiles, keeping every byte that need not change.

    Without --in-place, --diff or --check the rewritten file is printed on standard output;
    messages go to standard error. Safe fixes keep what the image does; --unsafe-fixes adds
    those that may change it (each is listed). Use - to read standard input.

    \b
    Examples:
      dfopt rewrite Dockerfile --diff
      dfopt rewrite Dockerfile --in-place
      dfopt rewrite services/*/Dockerfile --check        # in CI: exit 1 if anything would change
      cat Dockerfile | dfopt rewrite - > Dockerfile.new
    \b
    Exit codes: 0 nothing to change (or written), 1 --check found changes, 2 error.
    """
    from dfopt.rewrite import rewrite_paths

    status = rewrite_paths(list(paths), mode=mode or "stdout", unsafe=unsafe_fixes,
                           select=_codes(select), ignore=_codes(ignore), context_dir=context_dir,
                           quiet=quiet, verbose=verbose, out=lambda text: click.echo(text, nl=False),
                           err=lambda msg: click.echo(msg, err=True))
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
    from pathlib import Path

    from dfopt.context import BuildContext
    from dfopt.context.checkignore import check_ignore, format_line

    if non_matching and not verbose:
        raise DfoptError("--non-matching only makes sense with --verbose")
    if from_stdin and paths:
        raise DfoptError("give paths as arguments or with --stdin, not both")
    if not from_stdin and not paths:
        raise DfoptError("no path given (pass paths, or --stdin to read them one a line)")
    context = BuildContext.from_dir(context_dir, dockerfile, ignorefile)
    if from_stdin:
        data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        paths = [line.rstrip("\r") for line in data.split("\n") if line]
    any_excluded = False
    for path, line, excluded in check_ignore(context.ignore, paths, Path(context_dir), verbose, non_matching):
        any_excluded |= excluded
        click.echo(format_line(path, line, verbose))
    sys.exit(0 if any_excluded else 1)


@cli.command("cache", context_settings=CONTEXT_SETTINGS)
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--changed", multiple=True, metavar="PATH", help="A context file that changes (repeatable).")
@click.option("--git", "git_rev", metavar="REV", help="Take the changed files from `git diff --name-only REV`.")
@click.option("--build-arg", "build_args", multiple=True, metavar="NAME", help="A build argument whose value changes.")
@click.option("--context", "context_dir", type=click.Path(file_okay=False, exists=True),
              help="The build context folder (default: the Dockerfile's folder).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def cache_cmd(path, changed, git_rev, build_args, context_dir, fmt) -> None:
    """Explain which steps rerun when files change: the first instruction of each stage to miss
    the layer cache, and how many rerun, before and after `dfopt rewrite`.

    COPY/ADD miss when a copied (not ignored) file changed; RUN misses when anything before it did,
    or a bind-mounted file changed; a stage FROM another stage reruns with it. With --git the
    Dockerfile's own edits count too.

    \b
    Examples:
      dfopt cache Dockerfile --changed src/index.ts
      dfopt cache Dockerfile --changed package.json --changed package-lock.json
      dfopt cache Dockerfile --git origin/main           # what this branch's changes rerun
      dfopt cache Dockerfile --git HEAD~1 --format json
    \b
    Exit codes: 0 explained, 2 error.
    """
    from dfopt.cache import cache_report, changed_from_git, old_text_from_git, render_json, render_text
    from dfopt.context import for_dockerfile

    if bool(changed) == bool(git_rev):
        raise DfoptError("give the changed files with --changed PATH (repeatable) or --git REV")
    name, text = _read_input(path)
    context = for_dockerfile(path, context_dir)
    old_text = None
    if git_rev:
        changed = changed_from_git(context.root, git_rev)
        if path != "-":
            old_text = old_text_from_git(path, git_rev)
    report = cache_report(name, text, context, list(changed), list(build_args), old_text)
    click.echo(render_json(report) if fmt == "json" else render_text(report), nl=False)


def main() -> None:
    cli(prog_name="dfopt")


if __name__ == "__main__":
    main()
