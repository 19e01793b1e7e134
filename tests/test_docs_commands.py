"""Every `archlint ...` command line in README.md and docs/*.md works: run for
real, in a copy of the repository's docs and samples, where it needs only those
files; otherwise click must at least accept it (options exist, choices valid).
A synopsis (`archlint render PATH... [--format png|svg|dot]`) is tried with
each alternative it shows and a sample value for each placeholder."""

from __future__ import annotations

import itertools
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from archlint.cli import main
from cli_examples import commands, parses

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"^(`{3,}|~{3,})([^`]*)$")   # CommonMark: no backtick in a ``` info string
START = re.compile(r"(?:^|\$ |[;{] |run: |- )(archlint (?:-|[a-z]).*)")
SHELL_END = re.compile(r"\s(?:\|\||&&|;|\||>>?|#)\s|;\s")   # where the archlint command ends
PLACEHOLDER = re.compile(r"[A-Z][A-Z_-]*(\.\.\.)?")
NEVER_RUN = {"serve"}   # it serves until stopped


def command_lines() -> list[tuple[str, str]]:
    """(file:line, command) for each `archlint ...` in inline code or a code block."""
    found = []
    for md in DOCS:
        fence = None
        for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            opening = FENCE.match(line.strip())
            if opening and (fence is None or opening[1].startswith(fence) and not opening[2].strip()):
                fence = None if fence else opening[1]
                continue
            texts = [line.strip()] if fence else re.findall(r"(?<!`)`([^`]+)`(?!`)", line.replace("\\|", "|"))
            for text in texts:
                found += [(f"{md.name}:{number}", command) for command in START.findall(text)]
    return found


def is_synopsis(command: click.Command, words: list[str]) -> bool:
    """Placeholders, alternatives, optional parts, or an option named without its value."""
    dangling = bool(words) and words[-1] in _takes_value(command)
    return dangling or any("[" in w or "|" in w or w.endswith("...") or PLACEHOLDER.fullmatch(w)
                           for w in words)


def variants(command: click.Command, words: list[str], path: Path) -> list[list[str]]:
    """A synopsis as concrete command lines: every alternative of `a|b`, a sample
    value for an option's placeholder, positional placeholders left out."""
    words = [w.strip("[]") for w in words if w.strip("[]")]
    options = {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}
    choices: list[list[str]] = []
    position = 0
    while position < len(words):
        word = words[position]
        position += 1
        option = options.get(word)
        if option is not None and not option.is_flag:
            value = words[position] if position < len(words) else "VALUE"   # `--direction` in a sentence
            position += 1
            if PLACEHOLDER.fullmatch(value):
                sample = getattr(option.type, "choices", None) or (
                    ["0"] if isinstance(option.type, click.IntRange) else [str(path)])
                choices.append([f"{word}={sample[0]}"])
            else:
                choices.append([f"{word}={alternative}" for alternative in value.split("|")])
        elif word.startswith("-") or not PLACEHOLDER.fullmatch(word):
            choices.append(word.split("|"))
    return [list(line) for line in itertools.product(*choices)]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs and samples, where the documented commands run and may write."""
    root = tmp_path_factory.mktemp("project")
    for name in ("README.md", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "samples"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_the_docs_show_command_lines() -> None:
    lines = {command for _, command in command_lines()}
    assert {"archlint check --format github .", "archlint rules", "archlint -V",
            "archlint render samples/reporting-api-lambda-rds.arch"} <= lines


@pytest.mark.parametrize(("where", "line"), command_lines(), ids=[w for w, _ in command_lines()])
def test_documented_command_line_works(where: str, line: str, project: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    words = shlex.split(SHELL_END.split(line)[0])[1:]
    monkeypatch.chdir(project)
    monkeypatch.setenv("ARCHLINT_CACHE_DIR", str(project / ".cache"))
    if words[0].startswith("-") or {"-h", "--help"} & set(words):   # archlint -V, archlint lsp --help
        assert CliRunner().invoke(main, words).exit_code == 0, f"{where}: {line}"
        return
    name, argv = words[0], words[1:]
    assert name in commands(), f"{where}: no command {name!r}"
    command = commands()[name]
    sample = project / "samples" / "three-tier-web.arch"
    if is_synopsis(command, argv):
        for concrete in variants(command, argv, sample):
            parses(name, concrete, sample)
        return
    takes_arguments = any(isinstance(p, click.Argument) for p in command.params)
    if not argv and takes_arguments:   # `archlint render` named in a sentence: the command exists
        return
    named = [w for w in argv if not w.startswith("-") and ("/" in w or "." in w)]
    if not all((project / w).exists() for w in named):   # files of a project of its own
        monkeypatch.chdir(_stand_ins(named, tmp_path))
        parses(name, argv, sample, arguments=False)
        return
    paths = parses(name, argv, sample, arguments=False)
    explicit_files = paths and all((project / p).is_file() for p in paths)
    if name in NEVER_RUN or not all((project / p).exists() for p in paths) or (
            name == "render" and "--check" not in argv and not explicit_files):
        return   # names files of a project of its own, or would draw every picture
    result = CliRunner().invoke(main, words)
    assert result.exit_code in (0, 1), f"{where}: {line}\n{result.output}"
    assert "Usage:" not in result.output and "did you mean" not in result.output, result.output


def _takes_value(command: click.Command) -> set[str]:
    return {opt for p in command.params if isinstance(p, click.Option) and not p.is_flag
            for opt in p.opts}


def _stand_ins(words: list[str], root: Path) -> Path:
    """Empty files (a word with a suffix) and directories named like the paths a
    line shows, so that click can check its options without the user's project."""
    for word in words:
        target = root / word
        if word.endswith("/") or not target.suffix:
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
    return root
