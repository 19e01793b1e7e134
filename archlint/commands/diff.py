"""`archlint diff DESIGN SOURCE`: where a design doc and the infrastructure disagree.

DESIGN is an `.arch` file or a Markdown file (with several archlint blocks, pick one
with `--block N`); SOURCE a CloudFormation/SAM template, a Terraform directory or
`.tf` file, or a plan in JSON. Output formats and exit codes are those of `check`:
0 no difference at or above `--fail-on`, 1 differences, 2 unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archlint.output.reporters import FORMATS


@click.command("diff")
@click.argument("design", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--block", type=int, default=None, help="Which archlint block of a Markdown design (1-based).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A template parameter's value (default: the template's Default).")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
def diff_command(design: Path, source: Path, block: int | None, params: tuple[str, ...],
                 output_format: str, fail_on: str) -> None:
    """Compare a design document with a template or Terraform configuration."""
    from archlint.commands.import_ import parse_params
    from archlint.importers import import_path
    from archlint.importers.diff import diff
    from archlint.language import sources
    from archlint.model.findings import Severity
    from archlint.output.reporters import RunInfo, reporter
    from archlint.run.engine import parse_document
    from archlint.run.results import DocumentResult, Report

    loaded = sources.load(design)
    documents = loaded.documents
    if block is not None:
        if not 1 <= block <= len(documents):
            raise click.UsageError(f"{design} has {len(documents)} archlint block(s); no block {block}")
        documents = [documents[block - 1]]
    elif len(documents) > 1:
        raise click.UsageError(f"{design} has {len(documents)} archlint blocks; choose one with --block N")
    report = Report(files=2)
    report.file_errors.extend(loaded.errors)
    imported = import_path(source, parse_params(params))
    if not documents and not loaded.errors:
        raise click.UsageError(f"{design} holds no architecture")
    for document in documents:
        graph, errors = parse_document(document)
        if graph is None or errors or not imported.ok:
            report.results.append(DocumentResult(document, graph, errors + imported.findings))
            continue
        report.results.append(DocumentResult(document, graph, diff(graph, imported)))
    level = None if fail_on == "never" else Severity.parse(fail_on)
    info = RunInfo(fail_on=level, color=sys.stdout.isatty())
    click.echo(reporter(output_format)(report, info), nl=False)
    from archlint.cli import exit_code

    sys.exit(exit_code(report, level))
