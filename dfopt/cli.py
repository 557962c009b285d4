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


def main() -> None:
    cli(prog_name="dfopt")


if __name__ == "__main__":
    main()
