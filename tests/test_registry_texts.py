"""The registry's own dedent (archlint/registry.py, measured faster at start-up)
gives exactly what `textwrap.dedent(text).strip("\\n")` gives: on every text the
built-in rules declare, read from their source, and on generated texts."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from hypothesis import given, settings, strategies as st

from archlint.registry import _dedent

CHECKS = Path(__file__).resolve().parent.parent / "checks"
TEXT_ARGUMENTS = {"why", "fix", "failing", "passing"}


def _declared_texts() -> list[str]:
    texts = []
    for path in sorted(CHECKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg in TEXT_ARGUMENTS:
                texts.extend(n.value for n in ast.walk(node.value)
                             if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return texts


def _textwrap(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def test_every_declared_text_dedents_as_textwrap_does() -> None:
    texts = _declared_texts()
    assert len(texts) > 200   # why, fix and the examples of every rule
    for text in texts:
        assert _dedent(text) == _textwrap(text), text


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=[" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "a", "b", "#"], max_size=60))
def test_any_text_dedents_as_textwrap_does(text: str) -> None:
    assert _dedent(text) == _textwrap(text)


def test_edge_cases() -> None:
    for text in ["", "\n", "  ", "  \n  x\n", "\tx\n  y", "  x\n\ty", "    a\n  b\n    c",
                 "\n    a\n\n    b\n   \n", " \r\n  x", "x\n  y", "  \t x\n  \t y\n  \tz"]:
        assert _dedent(text) == _textwrap(text), repr(text)
