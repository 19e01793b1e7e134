"""`archlint init`: start a project with a correct design to edit, a configuration
with every key explained, and pre-commit hooks. It never overwrites a file."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("init")
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Write a starter architecture.arch, a commented .archlint.yaml and a
    .pre-commit-config.yaml into DIRECTORY (default: here); existing files are kept."""
    from archlint.commands import starter
    from archlint.output.atomic import write_atomic

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _cannot_write(directory, error)
    files = ((starter.DESIGN_NAME, starter.DESIGN), (starter.CONFIG_NAME, starter.CONFIG),
             (starter.PRECOMMIT_NAME, starter.PRECOMMIT))
    configured = _configuration_in(directory)
    for name, text in files:
        path = directory / name
        if name == starter.CONFIG_NAME and configured is not None and configured.name != name:
            # A new .archlint.yaml would win over it and silently drop its settings.
            click.echo(f"kept {configured} (it configures archlint here); no {name} written")
            continue
        if path.exists():
            click.echo(f"kept {path} (it exists)")
            if name == starter.PRECOMMIT_NAME:
                click.echo("  add these hooks to it:\n" + text.split("repos:\n", 1)[1])
            continue
        try:
            write_atomic(path, text)
        except OSError as error:
            _cannot_write(path, error)
        click.echo(f"wrote {path}")
    click.echo(f"next: archlint check {directory}")


def _cannot_write(path: Path, error: OSError) -> None:
    """One line and exit 2 (a read-only or missing place), never a traceback."""
    click.echo(f"archlint: error: cannot write {path}: {error.strerror or error}", err=True)
    sys.exit(2)


def _configuration_in(directory: Path) -> Path | None:
    from archlint.config.discovery import configuration_in
    from archlint.config.files import ConfigError

    try:
        return configuration_in(directory)
    except ConfigError as error:   # a pyproject that may hold the table but cannot be read
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(2)
