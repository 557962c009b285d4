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


SERVICE_CHOICES = "postgres, mysql, mongodb, redis, rabbitmq"


@cli.group(name="compose")
def compose_group() -> None:
    """Compose files: write one for an app and its services."""


@compose_group.command(name="new")
@click.option("--with", "services", multiple=True, metavar="SERVICE",
              help=f"A backing service ({SERVICE_CHOICES}); repeat for more.")
@click.option("--port", default="3000", show_default=True, help="The port the app listens on (and publishes).")
@click.option("--name", "app_name", default="app", show_default=True, help="The app's service name.")
@click.option("--redis-persistence", is_flag=True, help="Keep redis data (append-only file in a named volume).")
@click.option("--dir", "directory", default=".", show_default=True, type=click.Path(file_okay=False),
              help="Where to write compose.yaml and .env.example.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option("--stdout", is_flag=True, help="Print compose.yaml instead of writing files.")
def compose_new(services, port, app_name, redis_persistence, directory, force, stdout) -> None:
    """Write compose.yaml (and .env.example) for the Dockerfile in --dir.

    Only the app publishes a port; databases and caches join an internal `backend` network, keep
    their data in named volumes and report health; the app starts once they are healthy.
    Credentials are read from `.env` (copy .env.example and fill it in).

    \b
    Examples:
      dfopt compose new --with postgres --with redis
      dfopt compose new --with mysql --port 8080 --name web --stdout
    """
    from pathlib import Path

    from dfopt.compose.generate import render_compose_files, write_files

    files = render_compose_files(app_name, port, services, redis_persistence=redis_persistence)
    if stdout:
        click.echo(files["compose.yaml"], nl=False)
        return
    for path in write_files(Path(directory), files, force=force):
        click.echo(f"wrote {path}")


def main() -> None:
    cli(prog_name="dfopt")


if __name__ == "__main__":
    main()
