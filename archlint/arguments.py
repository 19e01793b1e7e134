"""What the arguments that check, export and fmt share mean, decided in one place:
no paths is the current directory, `-` is standard input, which can be read only
once, and a path that does not exist is a usage error (exit 2), never a file
silently skipped."""

from __future__ import annotations

import os
from pathlib import Path

import click

from archlint.language.sources import STDIN


def targets_of(paths: tuple[Path, ...]) -> list[Path]:
    """The paths to work on, checked: each exists or is `-`, and `-` is given at most once
    (a second `-` would read an already exhausted stream and report nothing for it)."""
    targets = list(paths) or [Path(".")]
    missing = [p for p in targets if str(p) != STDIN and not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or directory: {missing[0]}")
    if sum(str(p) == STDIN for p in targets) > 1:
        raise click.UsageError("'-' (standard input) is given more than once; it can be read once")
    return targets


def reads_stdin(targets: list[Path]) -> bool:
    return any(str(p) == STDIN for p in targets)


def selectors(values: tuple[str, ...], option: str) -> list[str] | None:
    """`--select REL,NET --select CMP001` -> ['REL', 'NET', 'CMP001']; None when the option
    was not given. A value naming no rule at all (`--select ''`, often an empty shell
    variable) is a usage error: read as absent it would quietly run every rule (or, for
    --ignore, skip none) where the command line meant a list."""
    found: list[str] = []
    for value in values:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts:
            raise click.UsageError(f"{option} {value!r} names no rule: give ids, names or "
                                   f"families (REL, NET001, single-point-of-failure), or leave "
                                   f"{option} out")
        found.extend(parts)
    return found or None


def distinct_outputs(output: Path | None, write_baseline: Path | None) -> None:
    """`--output X --write-baseline X` is a usage error: the report would replace the
    baseline just recorded, and the run would still say it recorded it."""
    if output is not None and write_baseline is not None \
            and os.path.realpath(output) == os.path.realpath(write_baseline):
        raise click.UsageError(f"--output and --write-baseline name the same file "
                               f"({write_baseline}): the report would replace the baseline")
