"""`archlint diff DESIGN SOURCE`: where a design doc and the infrastructure disagree.

DESIGN is an `.arch` file or a Markdown file (with several archlint blocks, the one
not marked `skip`, or pick one with `--block N` or `--block NAME`); SOURCE a CloudFormation/SAM template, a Terraform directory or
`.tf` file, or a plan in JSON. Output formats and exit codes are those of `check`:
0 no difference at or above `--fail-on`, 1 differences, 2 unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from archlint.output.reporters import FORMATS

if TYPE_CHECKING:
    from archlint.language.document import Document
    from archlint.run.results import Report


@click.command("diff")
@click.argument("design", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--block", default=None, metavar="N|NAME",
              help="Which archlint block of a Markdown design: its number (1-based) or its name "
                   "[default: the only block not marked skip].")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A template parameter's value (default: the template's Default).")
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
def diff_command(design: Path, source: Path, block: str | None, params: tuple[str, ...],
                 output_format: str, fail_on: str) -> None:
    """Compare a design document with a template or Terraform configuration."""
    from archlint.commands.import_ import parse_params
    from archlint.importers import import_path
    from archlint.importers.diff import diff
    from archlint.language import sources
    from archlint.model.findings import file_refused
    from archlint.printable import printable
    from archlint.run.engine import parse_document
    from archlint.run.results import DocumentResult, Report

    report = Report(files=2)
    # as `archlint check`: a named symlink to a file out of the project is not read (CI
    # runs diff on a pull request's files; an excerpt would print the link's target)
    refused = [file_refused(printable(path.as_posix()), reason)
               for path in (design, source) if (reason := sources.not_an_input(path, None, named=True))]
    if refused:
        report.file_errors.extend(refused)
        _report(report, output_format, fail_on)
    loaded = sources.load(design)
    documents = _chosen(design, loaded.documents, block)
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
    _report(report, output_format, fail_on)


def _report(report: "Report", output_format: str, fail_on: str) -> NoReturn:
    """Print `report` as `check` would, and exit with its code."""
    from archlint.cli import _use_color, exit_code
    from archlint.model.findings import Severity
    from archlint.output.reporters import RunInfo, reporter

    level = None if fail_on == "never" else Severity.parse(fail_on)
    info = RunInfo(fail_on=level, color=_use_color(None, None))   # NO_COLOR, FORCE_COLOR as in check
    click.echo(reporter(output_format)(report, info), nl=False, color=info.color)
    sys.exit(exit_code(report, level))


def _chosen(design: Path, documents: list["Document"], block: str | None) -> list["Document"]:
    """The block to compare: --block by number or name; else the only one, or the only
    one not marked `skip` (a design doc keeps the option it rejected beside the chosen one)."""
    if block is None:
        judged = [d for d in documents if not d.skip] if len(documents) > 1 else documents
        if len(judged) > 1 or (not judged and documents):
            raise click.UsageError(f"{design} has {len(documents)} archlint blocks; choose one with "
                                   "--block N or --block NAME")
        return judged
    if documents and documents[0].block is None:
        raise click.UsageError(f"--block applies to a Markdown design; {design} is one document")
    names = [d.block_name for d in documents if d.block_name]
    found = [d for i, d in enumerate(documents, 1) if block in (str(i), d.block_name)]
    if not found:
        named = f" (named: {', '.join(names)})" if names else ""
        raise click.UsageError(f"{design} has {len(documents)} archlint block(s){named}; no block {block}")
    return found[:1]
