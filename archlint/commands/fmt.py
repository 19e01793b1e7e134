"""`archlint fmt`: rewrite architectures in the canonical layout (see archlint/format).

Exit codes follow `archlint check`: 0 nothing to do (or files rewritten), 1 with
`--check`/`--diff` when a file would change, 2 for a syntax error or bad usage.
A file with a syntax error is never rewritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 and name the files that would be reformatted.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Write nothing; print a unified diff of the changes (exit 1 if any).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Configuration file (its include/exclude pick the files).")
def fmt(paths: tuple[Path, ...], check_only: bool, show_diff: bool,
        config_file: Path | None) -> None:
    """Format .arch files and the ```archlint blocks of Markdown files (default: the
    current directory); `-` formats standard input to standard output."""
    from archlint.arguments import reads_stdin, targets_of
    from archlint.config.loader import ConfigError, load_settings
    from archlint.format.files import format_bytes
    from archlint.language import sources
    from archlint.output.atomic import write_atomic
    from archlint.model.findings import file_refused
    from archlint.output.reporters.text import format_finding
    from archlint.printable import printable

    targets = targets_of(paths)
    if reads_stdin(targets):
        if len(targets) > 1:
            raise click.UsageError("'-' (standard input) cannot be combined with paths")
        result = format_bytes(sys.stdin.buffer.read(sources.MAX_FILE_BYTES + 1), sources.STDIN_NAME)
        for error in result.errors:
            click.echo(format_finding(error), err=True)
        for note in result.notes:
            click.echo(f"archlint: note: {note}", err=True)
        click.echo(result.diff() if show_diff else result.after, nl=False)
        sys.exit(2 if result.errors else (1 if (check_only or show_diff) and result.changed else 0))
    try:
        settings = load_settings(targets, config_file)
    except ConfigError as error:
        click.echo(f"archlint: error: {error}", err=True)
        sys.exit(2)
    explicit = {p for p in targets if not p.is_dir()}
    skipped: list[tuple[Path, str]] = []
    files = [f for f in sources.iter_files(targets, skipped)
             if settings.wants_file(f, explicit=f in explicit)]
    changed = failed = refused = 0
    for file, reason in skipped:   # as `archlint check`: named, an error; found, a note
        shown = printable(file.as_posix())
        if file in explicit:
            click.echo(format_finding(file_refused(shown, reason)), err=True)
            refused += 1
        else:
            click.echo(f"archlint: note: skipped {shown}: {reason}", err=True)
    for file in files:
        shown = sources.display_path(file)
        # a regular file only (a FIFO or device cannot be rewritten), read with the size
        # limit; a symlink (inside the project: iter_files saw to it) is formatted at
        # its target, and stays a link
        data, error = sources.read_bytes(file, shown)
        result = format_bytes(data, shown) if data is not None else None
        errors = result.errors if result is not None else [error]
        for problem in errors:
            click.echo(format_finding(problem), err=True)
        for note in result.notes if result is not None else []:
            click.echo(f"archlint: note: {note}", err=True)
        failed += bool(errors)
        if result is None or not result.changed:
            continue
        changed += 1
        if show_diff:
            click.echo(result.diff(), nl=False)
        elif check_only:
            click.echo(f"would reformat {shown}")
        else:
            try:
                write_atomic(file.resolve(), result.after, keep_mode=True)
            except OSError as problem:
                click.echo(f"archlint: cannot write {shown}: {problem.strerror or problem}", err=True)
                changed, failed = changed - 1, failed + 1
                continue
            click.echo(f"reformatted {shown}", err=True)
    verb = "would be reformatted" if check_only or show_diff else "reformatted"
    click.echo(f"{changed} file{'s' * (changed != 1)} {verb}, "
               f"{len(files) - changed - failed} unchanged"
               + (f", {failed + refused} with errors" if failed + refused else "") + ".", err=True)
    if failed + refused:
        sys.exit(2)
    sys.exit(1 if changed and (check_only or show_diff) else 0)
