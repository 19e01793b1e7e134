"""Options that several picture commands share (render, export, serve), so
each says the same thing the same way."""

from __future__ import annotations

import click

direction_option = click.option(
    "--direction", type=click.Choice(["TB", "BT", "LR", "RL"], case_sensitive=False),
    default=None, help="Direction of the flow [default: the document's 'direction = ...', else LR].")
findings_option = click.option(
    "--findings", type=click.Choice(["none", "errors", "all"]), default="all", show_default=True,
    help="Which findings to mark (with a legend in pictures, as classes in text).")
