"""`archlint import cloudformation|terraform SOURCE [-o FILE]`: bootstrap a design doc.

Writes the imported architecture as a formatted, commented `.arch` document
(standard output, or FILE written atomically and never over the source). Input
errors are printed as positioned findings and exit 2; notes go to standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_ERROR = 2


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """`--param K=V` (repeatable) -> {K: V}."""
    params: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="'--param'")
        params[key.strip()] = text
    return params


@click.command("import")
@click.argument("source_type", type=click.Choice(["cloudformation", "terraform"]))
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the .arch document here instead of standard output.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A template parameter's value (default: the template's Default).")
@click.option("--title", default=None, help="The document's title [default: the source's name].")
def import_command(source_type: str, source: Path, output_file: Path | None,
                   params: tuple[str, ...], title: str | None) -> None:
    """Import a CloudFormation/SAM template (YAML or JSON) or a Terraform directory,
    .tf file or `terraform show -json` plan as an .arch design document."""
    from archlint.importers import import_path
    from archlint.importers.writer import to_arch
    from archlint.output.atomic import write_output

    if source_type == "cloudformation" and source.is_dir():
        raise click.UsageError(f"{source} is a directory; give a template file")
    imported = import_path(source, parse_params(params), kind=source_type)
    for finding in sorted(imported.findings, key=lambda f: f.sort_key()):
        click.echo(f"{finding.span}: {finding.rule_id} [{finding.severity}] {finding.message}", err=True)
    if not imported.ok:
        sys.exit(EXIT_ERROR)
    text = to_arch(imported, title or source.name)
    if output_file is None:
        click.echo(text, nl=False)
        return
    if output_file.exists() and output_file.resolve() == source.resolve():
        raise click.UsageError("the output file is the source; choose another name")
    try:
        # /dev/stdout is written through, never replaced; no file the import read is overwritten
        write_output(output_file, text, [source, *map(Path, imported.read)])
    except OSError as error:
        click.echo(f"archlint: error: cannot write {output_file}: {error.strerror or error}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"archlint: wrote {output_file} ({len(imported.graph)} elements, "
               f"{len(imported.graph.edges)} connections)", err=True)
