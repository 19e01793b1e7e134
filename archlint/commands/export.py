"""`archlint export --to mermaid|d2 PATH...`: each architecture as Mermaid or D2 text
(archlint/output/export/), on standard output or as files in -o DIR."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archlint.commands.options import direction_option, findings_option


@click.command("export")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--to", "fmt", type=click.Choice(["mermaid", "d2"]), required=True,
              help="Mermaid flowchart or D2 text.")
@click.option("-o", "--output-dir", "outdir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Write <name>.mmd / <name>.d2 files here [default: standard output].")
@direction_option
@findings_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file (which findings to mark) [default: found upward].")
def export_command(paths: tuple[Path, ...], fmt: str, outdir: Path | None, direction: str | None,
                   findings: str, config_file: Path | None) -> None:
    """Write each architecture as Mermaid or D2 text, for Markdown viewers and
    tools that draw those languages themselves."""
    from archlint.config.loader import ConfigError, load_settings
    from archlint.arguments import reads_stdin, targets_of
    from archlint.output.export.command import export_paths

    targets = targets_of(paths)
    if outdir is not None and reads_stdin(targets):
        raise click.UsageError("standard input (-) has no file name to write under -o; "
                               "leave out -o to print it")
    try:
        settings = load_settings(targets, config_file)
    except ConfigError as error:
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(2)
    sys.exit(export_paths(targets, fmt, direction=direction and direction.upper(), findings=findings,
                          outdir=outdir, out=lambda text: click.echo(text, nl=not text.endswith("\n")),
                          err=lambda text: click.echo(text, err=True), settings=settings))
