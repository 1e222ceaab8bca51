"""The learned model's commands: train."""

from __future__ import annotations

EXAMPLES: dict[str, str] = {}
HANDLERS: dict = {}


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
