"""Every example a command's --help shows works: a choice or default it names
for an option, the rule ids, names and families it lists, the ids it gives
as arguments. A newcomer copies them first; a refused example costs trust."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archlint.cli import main
from cli_examples import ARCH, commands, parses

RUN_FOR_REAL = {"check", "explain"}   # fast and write nothing; the others are parsed only
TOKEN = r"[\w.-]+"
EXTRACTED = {   # some of what the extraction must find, so that it cannot silently find nothing
    "check": {"REL", "NET001", "single-point-of-failure", "-", "auto", "sarif", "never"},
    "explain": {"REL001", "E100", "E104", "E108"},
    "render": {"png", "dot", "TB", "rl", "errors"},
    "export": {"mermaid", "d2", "LR"},
    "serve": {"0", "LR", "none"},
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def option_examples(option: click.Option, help_record: str) -> list[str]:
    """Values the help shows for one option: its choices, its shown default, the
    literal alternatives of its metavar (`N|auto` -> auto), a list in parentheses."""
    values = list(getattr(option.type, "choices", ()))
    shown_choices = re.match(r"\S+ \[([\w|-]+)\]", help_record)   # as --help spells them
    values += shown_choices[1].split("|") if shown_choices else []
    default = re.search(r"\[default: ([^;\]]+)", help_record)
    if default and re.fullmatch(TOKEN, default[1]) and not option.is_flag:
        values.append(default[1])
    if option.metavar and "|" in option.metavar:
        values += [v for v in option.metavar.split("|") if v.islower()]
    for group in re.findall(r"\(([^()]*)\)", help_record):
        items = [item.strip() for item in group.split(",")]
        if len(items) > 1 and all(re.fullmatch(TOKEN, item) for item in items):
            values += items
    return values


def argument_examples(command: click.Command, help_text: str) -> list[str]:
    """Arguments the command's description shows: rule and input-error ids,
    ranges of them (E100-E108), and a backticked `-` (standard input)."""
    found: list[str] = []
    for first, last in re.findall(r"\b([A-Z]{1,4}\d{3})(?:-([A-Z]{1,4}\d{3}))?\b", help_text):
        if last:
            prefix, start, end = first[:-3], int(first[-3:]), int(last[-3:])
            found += [f"{prefix}{n:03d}" for n in range(start, end + 1)]
        else:
            found.append(first)
    found += ["-"] * ("`-`" in help_text)
    return found


def examples(name: str) -> list[list[str]]:
    """Command lines built from what `archlint NAME --help` shows."""
    command = commands()[name]
    help_text = _flat(CliRunner().invoke(main, [name, "--help"]).output)
    context = click.Context(command, info_name=name)
    lines: list[list[str]] = []
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            record = _flat(" ".join(param.get_help_record(context) or ()))
            lines += [[f"{param.opts[-1]}={value}"] for value in option_examples(param, record)]
    description = help_text.split("Options:")[0]
    lines += [[argument] for argument in argument_examples(command, description)]
    return lines


def run(name: str, argv: list[str], tmp_path: Path):
    if name == "check":
        path = "-" if "-" in argv else str(tmp_path / "a.arch")
        argv = ["check", "--no-cache", "--cache-dir", str(tmp_path), *argv,
                *([path] if path not in argv else [])]
        return CliRunner().invoke(main, argv, input=ARCH)
    return CliRunner().invoke(main, [name, *argv])


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_example_in_help_works(name: str, tmp_path: Path) -> None:
    (tmp_path / "a.arch").write_text(ARCH)
    lines = examples(name)
    for argv in lines:
        if name in RUN_FOR_REAL:
            result = run(name, argv, tmp_path)
            assert result.exit_code in (0, 1), (argv, result.output)
            assert "did you mean" not in result.output, (argv, result.output)
        else:
            parses(name, argv, tmp_path / "a.arch")
    shown = {word.split("=", 1)[-1] for line in lines for word in line}
    assert EXTRACTED.get(name, set()) <= shown, "the extraction lost examples it used to find"
