"""The probe that lets discovery skip parsing a pyproject.toml may say "no" only
when no key of the file can be `tool.archlint` (archlint/config/toml_probe.py):
every way of writing the table makes it say "maybe", and, on generated files, a
"no" is never given to a file tomllib reads a `tool.archlint` from."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from archlint.config.toml_probe import may_configure_archlint

ROOT = Path(__file__).resolve().parent.parent

WRITTEN = [
    '[tool.archlint]\nselect = ["ALL"]\n',
    '[ tool . archlint ]\n',
    '[tool."archlint"]\n',
    "['tool'.'archlint']\n",
    '["tool".archlint.rules]\n',
    '[[tool.archlint]]\n',
    '[tool]\narchlint = { select = ["ALL"] }\n',
    '[tool]\narchlint.select = ["ALL"]\n',
    '[tool]\n"archlint" . select = ["ALL"]\n',
    'tool.archlint.select = ["ALL"]\n',
    'tool = { archlint = { select = ["ALL"] } }\n',
    '"tool".\'archlint\' = {}\n',
    '[project]\nname = "x"\n[tool]\nx = 1\narchlint = {}\n',
    '[tool.archlint]\r\nselect = ["ALL"]\r\n',
    '[tool."\\u0061rchlint"]\n',                       # an escape spells it
    'x = """\n[tool.archlint]\n"""\n',                   # a multi-line string: not followed
    'x = [\n  1,\n]\n[tool.archlint]\n',
    '# comment\n[project] # archlint\n[tool.archlint] # here\n',
]


@pytest.mark.parametrize("text", WRITTEN)
def test_every_way_of_writing_the_table_is_a_maybe(text: str) -> None:
    assert may_configure_archlint(text)


def test_files_that_only_mention_archlint_are_a_no() -> None:
    assert not may_configure_archlint((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert not may_configure_archlint(
        '[project]\nname = "archlint"\ndependencies = ["archlint>=0.1"]  # [tool.archlint]\n'
        'x = ["archlint", \'archlint\']\n[project.scripts]\narchlint = "archlint.cli:run"\n'
        '[tool.setuptools.package-dir]\n"archlint.checks" = "checks"\n'
        '# [tool.archlint] would go here\n')
    assert not may_configure_archlint("[tool.ruff]\nline-length = 100\n")


@pytest.mark.parametrize("text", [
    'x = "open\n[tool.archlint]\n',        # a string left open
    "x = [1,\n[tool.archlint]\n",           # brackets that never balance
    "[project]\nx = ]\narchlint = 1\n",
    "[project]\nx = [\n  {archlint = 1},\n]\n",   # the word on an array's continuation line
])
def test_what_it_cannot_follow_is_a_maybe(text: str) -> None:
    assert may_configure_archlint(text)


_FRAGMENTS = [
    "[tool]", "[tool.archlint]", "[project]", "[project.scripts]", "[tool.x]", "[[tool.a]]",
    '["tool"]', "['archlint']", "[archlint]", "[x.tool]",
    "archlint = 1", 'archlint = "a"', "archlint.x = 1", '"archlint" = 1', "'archlint'.y = 2",
    "tool.archlint = {}", "tool = {archlint = {}}", "tool = {x = 1}", "x.archlint = 1",
    'name = "archlint"', "y = ['archlint']", "z = [", "]", "1,", '"archlint",', "{archlint = 1},",
    "# archlint", "w = 1 # [tool.archlint]", "t = { a = 1, archlint = 2 }", "", "  ",
    "tool.x = 1", "v = [[1], [2]]", "archlint-x = 1", "q = 'it''s'",
]


def _has_table(text: str) -> bool:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    tool = document.get("tool")
    return isinstance(tool, dict) and "archlint" in tool


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=8))
def test_a_no_is_never_given_to_a_file_that_has_the_table(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    if _has_table(text):
        assert may_configure_archlint(text), text
