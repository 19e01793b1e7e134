"""`archlint check --fix` / `--diff`: apply or show the fixes findings carry."""

from __future__ import annotations

from typing import Callable

import click

from archlint.run.results import Report


def apply_fixes(report: Report, write: bool, rerun: Callable[[], Report],
                unsafe: bool = False) -> Report | None:
    """With `write`, fix the files and return the report of a fresh check; else print
    the fixes as a unified diff and return None (the caller exits 1 if there were any).
    Safe fixes only, unless `unsafe`; the unsafe ones left are counted in a hint."""
    from archlint.output.atomic import write_atomic
    from archlint.run.fixes import fix_files, fixable

    hidden = len(fixable(report.findings, True)) - len(fixable(report.findings, unsafe))
    if hidden:
        click.echo(f"archlint: {hidden} more fix{'es' * (hidden != 1)} available with "
                   "--unsafe-fixes (they may change more than the finding names; "
                   "review them with --diff --unsafe-fixes)", err=True)
    changed = 0
    for fixed in fix_files(report.findings, unsafe):
        if fixed.problem:
            click.echo(f"archlint: warning: {fixed.shown}: not fixed: {fixed.problem}", err=True)
            continue
        if fixed.after == fixed.before:
            continue
        changed += 1
        if write:
            write_atomic(fixed.path, fixed.written, keep_mode=True)
            click.echo(f"archlint: fixed {fixed.fixed} finding{'s' * (fixed.fixed != 1)} "
                       f"in {fixed.shown}", err=True)
        else:
            click.echo(fixed.diff(), nl=False)
    if not write:
        return report if changed else None
    return rerun() if changed else report
