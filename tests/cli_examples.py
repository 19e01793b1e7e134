"""Helpers for the tests that hold the CLI to what its help texts and the docs
show: the real command objects, and a way to ask click whether a command line
parses (options exist, choices are valid) without running it."""

from __future__ import annotations

from pathlib import Path

import click

from archlint.cli import main

ARCH = "web: ec2 { count = 2, azs = 2 }\n"


def commands() -> dict[str, click.Command]:
    """Every command `archlint --help` lists, lazy ones included."""
    context = click.Context(main)
    return {name: main.get_command(context, name) for name in main.list_commands(context)}


def with_required(command: click.Command, argv: list[str], path: Path, arguments: bool) -> list[str]:
    """`argv` plus what the command requires and argv lacks: a required option's
    first choice, and (if `arguments`) for each required argument argv lacks a
    choice or `path`."""
    extra: list[str] = []
    named = {word.split("=", 1)[0] for word in argv}
    for param in command.params:
        if isinstance(param, click.Option) and param.required and not set(param.opts) & named:
            extra += [param.opts[0], param.type.choices[0]]
    if arguments:   # options are written `--name=value`: other words are arguments
        given = sum(not word.startswith("-") for word in argv)
        for param in [p for p in command.params if isinstance(p, click.Argument)][given:]:
            if param.required:
                choices = getattr(param.type, "choices", None)
                extra.append(choices[0] if choices else str(path))
    return [*argv, *extra]


def parses(name: str, argv: list[str], path: Path, arguments: bool = True) -> list[Path]:
    """Raise click's usage error if `archlint NAME ARGV` does not parse; `arguments`:
    argv holds options only, so add the required arguments. The paths it names."""
    command = commands()[name]
    with click.Context(main) as parent:
        context = command.make_context(name, with_required(command, argv, path, arguments),
                                       parent=parent, resilient_parsing=False)
    named = [context.params[p.name] for p in command.params
             if isinstance(p, click.Argument) and isinstance(p.type, click.Path)]
    return [Path(v) for value in named if value is not None
            for v in (value if isinstance(value, tuple) else (value,))]
