"""`archlint check --fix` / `--diff`: apply or show the fixes findings carry.

`--fix` runs in passes, as ruff does: a fix can let another appear (a misspelt
attribute fixed, the rule that reads it now runs), so the files are fixed and checked
again until no fix is left, at most `PASSES` times (fixes that undo each other stop there).
"""

from __future__ import annotations

from typing import Callable

import click

from archlint.run.results import Report

PASSES = 10


def apply_fixes(report: Report, write: bool, rerun: Callable[[], Report],
                unsafe: bool = False) -> Report | None:
    """With `write`, fix the files and return the report of a fresh check; else print
    the fixes as a unified diff and return None (the caller exits 1 if there were any).
    Safe fixes only, unless `unsafe`; the unsafe ones left are counted in a hint."""
    if not write:
        changed = _fix(report, unsafe, None)
        _hint(report, unsafe)
        return report if changed else None
    fixed: dict[str, int] = {}
    for _ in range(PASSES):
        if not _fix(report, unsafe, fixed):
            break
        report = rerun()
    for shown, count in sorted(fixed.items()):
        click.echo(f"archlint: fixed {count} finding{'s' * (count != 1)} in {shown}", err=True)
    _hint(report, unsafe)
    return report


def _fix(report: Report, unsafe: bool, fixed: dict[str, int] | None) -> int:
    """Write the fixes (and count them in `fixed`), or print them as a diff when `fixed`
    is None; how many files change."""
    from archlint.output.atomic import write_atomic
    from archlint.run.fixes import fix_files

    changed = 0
    for file in fix_files(report.findings, unsafe):
        if file.problem:
            click.echo(f"archlint: warning: {file.shown}: not fixed: {file.problem}", err=True)
            continue
        if file.after == file.before:
            continue
        changed += 1
        if fixed is None:
            click.echo(file.diff(), nl=False)
        else:
            write_atomic(file.path, file.written, keep_mode=True)
            fixed[file.shown] = fixed.get(file.shown, 0) + file.fixed
    return changed


def _hint(report: Report, unsafe: bool) -> None:
    from archlint.run.fixes import fixable

    hidden = len(fixable(report.findings, True)) - len(fixable(report.findings, unsafe))
    if hidden:
        click.echo(f"archlint: {hidden} more fix{'es' * (hidden != 1)} available with "
                   "--unsafe-fixes (they may change more than the finding names; "
                   "review them with --diff --unsafe-fixes)", err=True)
