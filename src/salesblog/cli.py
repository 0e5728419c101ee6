"""The `salesblog` command: a group whose subcommands each live in their own module."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import click

from salesblog import __version__
from salesblog.process_exit import end
from salesblog.project import Project, find_project

# name -> module holding a click command called `command`; loaded only when used, so that
# `salesblog check` does not pay for importing MkDocs, Flask or the importer.
COMMANDS = {
    "new": "salesblog.commands.new",
    "check": "salesblog.commands.check",
    "build": "salesblog.commands.build",
    "serve": "salesblog.commands.serve",
    "preview": "salesblog.commands.preview",
    "import": "salesblog.commands.import_posts",
    "inbox": "salesblog.commands.inbox",
    "scheduled": "salesblog.commands.scheduled",
    "leads": "salesblog.commands.leads",
    "subscribers": "salesblog.commands.subscribers",
    "digest": "salesblog.commands.digest",
    "outbox": "salesblog.commands.outbox",
    "deploy": "salesblog.commands.deploy",
}


@dataclass
class Session:
    """What every command gets: where the project is and how loud to be."""

    directory: Path | None = None
    verbose: bool = False

    def project(self) -> Project:
        return find_project(self.directory)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        return with_session_options(importlib.import_module(COMMANDS[name]).command)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # `salesblog --help` lists every command: importing them all for their one-line help
        # (MkDocs, Flask, the mailer...) took most of a second, so it is read from their source.
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section("Commands"):
            formatter.write_dl([(name, listed_help(name, limit)) for name in names])


def listed_help(name: str, limit: int) -> str:
    """The short help `salesblog --help` shows for command `name`: from the docstring of the
    `command` function in its module's source, without importing the module."""
    spec = importlib.util.find_spec(COMMANDS[name])
    try:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        function = next(node for node in tree.body
                        if isinstance(node, ast.FunctionDef) and node.name == "command")
    except (AttributeError, TypeError, OSError, SyntaxError, StopIteration):
        command = importlib.import_module(COMMANDS[name]).command  # not as expected: ask it
        return command.get_short_help_str(limit)
    return click.Command(name, help=ast.get_docstring(function)).get_short_help_str(limit)


def _set_directory(ctx: click.Context, _param, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(Session).directory = value


def _set_verbose(ctx: click.Context, _param, value: bool) -> None:
    if value:
        ctx.ensure_object(Session).verbose = True
        logging.getLogger("salesblog").setLevel(logging.INFO)


def with_session_options(command: click.Command) -> click.Command:
    """`salesblog build -C DIR -v` as well as `salesblog -C DIR -v build`: the group's options are
    accepted after every subcommand too (and its own subcommands, for `inbox list -C DIR`)."""
    if getattr(command, "_session_options", False):
        return command
    command.params += [
        click.Option(["-C", "directory"], type=click.Path(file_okay=False, path_type=Path),
                     expose_value=False, callback=_set_directory,
                     help="Run as if started in DIR (the blog project's root)."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=_set_verbose,
                     help="Show details and tracebacks."),
    ]
    command._session_options = True
    if isinstance(command, click.Group):
        for child in command.commands.values():
            with_session_options(child)
    return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Run as if started in DIR (the blog project's root).")
@click.option("-v", "--verbose", is_flag=True, help="Show details and tracebacks.")
@click.version_option(__version__, prog_name="salesblog")
@click.pass_context
def group(ctx: click.Context, directory: Path | None, verbose: bool) -> None:
    """Turn a folder of Markdown posts into a fast, tagged blog.

    \b
    Example:
      salesblog new "How to Run a Bulletproof Negotiation" --tag negotiation
      salesblog check && salesblog build
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("salesblog").setLevel(logging.INFO if verbose else logging.WARNING)
    ctx.obj = Session(directory, verbose)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: expected errors print a message; anything else too, unless -v."""
    args = sys.argv[1:] if argv is None else argv
    try:
        group.main(args=args, prog_name="salesblog", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted: nothing was changed.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        if error.__cause__ is not None and _verbose(args):
            # What went wrong inside the build (a template, MkDocs, a worker), for a bug report.
            traceback.print_exception(error.__cause__, file=sys.stderr)
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        if _verbose(args):
            raise
        click.echo(f"salesblog: unexpected error: {error!r} (run with -v for the traceback)", err=True)
        sys.exit(1)
    sys.exit(0)


def run() -> None:
    """The `salesblog` command: main, ended by process_exit (no teardown after a build)."""
    try:
        main()
    except SystemExit as done:
        end(done.code)


def _verbose(args: list[str]) -> bool:
    # Read from the arguments: the error may come before click has parsed them all.
    return "-v" in args or "--verbose" in args
