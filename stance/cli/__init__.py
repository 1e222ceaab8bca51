"""The ``stance`` command: parses arguments, calls the library, prints one-line errors.

One module per command group (``articles``, ``profiles``, ``evaluate``, ``label``, ``model``,
``dashboard``); each has ``EXAMPLES``, ``HANDLERS`` and ``add_commands(command, db_help)``
and imports heavy libraries only inside its handlers. :func:`run` is the console script.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import StanceError

GROUPS = ("stance.cli.articles", "stance.cli.profiles", "stance.cli.evaluate",
          "stance.cli.label", "stance.cli.model", "stance.cli.dashboard")
DB_HELP = "database: a SQLAlchemy URL or a SQLite file (default $STANCE_DB or stance.db)"


def command_groups() -> list:
    """The command group modules, in the order ``stance --help`` lists their commands."""
    return [importlib.import_module(name) for name in GROUPS]


def parser() -> argparse.ArgumentParser:
    """The ``stance`` argument parser, every group's subcommands added."""
    top = argparse.ArgumentParser(
        prog="stance", description="Track what negotiating parties demand, accept, reject and "
                                   "whom they blame, date by date, from news text.")
    top.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    groups = command_groups()
    examples = {name: text for module in groups for name, text in module.EXAMPLES.items()}

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text,
                              epilog=f"example:\n  {examples[name]}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    for module in groups:
        module.add_commands(command, DB_HELP)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    top = parser()
    args = top.parse_args(argv)
    if not args.command:
        top.print_help()
        return 2
    handlers = {name: handler for module in command_groups() for name, handler in module.HANDLERS.items()}
    try:
        return handlers[args.command](args)
    except StanceError as exc:
        print(f"stance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stance: interrupted; what was stored before stays stored", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:  # console-script entry point
    sys.exit(main())
