"""The one-regex lexer (archlint/language/lexer.py) gives exactly lark's tokens, and
the driver (archlint/language/driver.py) exactly lark's syntax tree or error.

Every input is parsed twice by lark's LALR parser, once with lark's contextual
lexer and once with archlint's, and everything must be equal: each token (type,
text, offsets, lines, columns), the comments, the syntax tree, lark's raw error
(class, position, token, expected terminals) and archlint's worded syntax error.
Then `parse` (the driver, which hands errors and keywords used as names back to
lark) must give the same syntax tree (every span, every comment) or the same
worded error, byte for byte.
Inputs: every sample, every example block in the docs, generated documents and a
fuzz corpus (seeded mutations of the samples, random runs of language pieces,
random characters), plus a hypothesis search.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lark import Tree
from lark.exceptions import UnexpectedInput

from archlint.language.markdown import markdown_blocks
from archlint.language.lexer import RegexLexer
from archlint.language.parser import ParseError, _driver, _parser, _Place, _with_lark, parse
from archlint.language.reducers import compile_callbacks
from archlint.model.graph import Span, new_span
from test_fuzz import WORDS
from test_language_docs import fenced_blocks

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

SAMPLES = sorted((ROOT / "samples").rglob("*.arch"))
MARKDOWN = sorted((ROOT / "samples").rglob("*.md")) + sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]


def _docs_examples() -> list[tuple[str, str]]:
    """Every fenced block whose info string starts with 'archlint' (valid and error examples)."""
    examples = []
    for path in MARKDOWN:
        for block in fenced_blocks(path.read_text(encoding="utf-8")):
            if block.words[:1] and block.words[0].startswith("archlint"):
                examples.append((f"{path.relative_to(ROOT)}:{block.line}", block.text))
    return examples


EDGE_CASES = [
    "", " ", "\n\n", "# only a comment", "// comment at the end without newline",
    "web: group", "web: region \"x\"", "a -> region", "a -> [true, false]", "x = true", "x = include",
    "include = 3", "vpc: ec2", "web: ec2 { count: 4 }", "web: ec2 { timeout = 15 m }", "t = 15min",
    "t = 5Gb", "t = -3", "t = 1.", "a.b: ec2", 'x = "unterminated', 'x = "a\\"b" # c', "x = \"é ü\"",
    "a\tb", "a\r\nb: ec2", "a\rb: ec2", "\fweb: ec2", "web: ec2 {", "web: ec2 }", "[a, b] -> [c,]",
    "a -> ", "a <-> b -- c <- d", "x = [1, [2, 3], \"s\", true, n]", "x = [", "9lives: ec2",
    "web: ec2 \"a\" = 3", "\"web\" = 3", "web -> db web: ec2", "x = 3 ; y = 4 , z = 5", "x = 1_000_000",
    "x = 99.95%", "x = 5MB/s", "x = 3000/s", "x = 100rps", "{", "}", "@", "web: ec2 @", "é: ec2",
    "region r { vpc v { subnet s { w: ec2 } } }", "a->b", "a-->b", "a<--b", "x = 1e5", "x=\"a\"\"b\"",
]


def _fuzz_corpus(count: int = 400) -> list[str]:
    """Seeded, so the corpus is the same on every run and in CI."""
    rng = random.Random(13)
    texts = [sample.read_text() for sample in SAMPLES]
    pieces = WORDS + ["\"", "{", "}", "@", "-", ".", "é", "\r", "0x1", "1.5h", "2..3"]
    corpus = []
    for i in range(count):
        if i % 3 == 0:
            corpus.append(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))))
        elif i % 3 == 1:
            tokens = rng.choice(texts).split(" ")
            for _ in range(rng.randint(1, 4)):
                tokens[rng.randrange(len(tokens))] = rng.choice(pieces)
            corpus.append(" ".join(tokens))
        else:
            alphabet = "ab_1 9.:=,;{}[]\"\\-><#/%\n\t"
            corpus.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))))
    return corpus


class _Recorder(RegexLexer):
    """Passes another lexer's tokens to the parser and keeps a copy of each."""

    def __init__(self, inner: Any) -> None:  # noqa: D107 - no RegexLexer set-up
        self.inner = inner
        self.tokens: list[tuple] = []

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Any]:
        for token in self.inner.lex(lexer_state, parser_state):
            self.tokens.append((token.type, str(token), token.value, token.start_pos, token.line,
                                token.column, token.end_line, token.end_column, token.end_pos))
            yield token


def _error(error: UnexpectedInput) -> tuple:
    token = getattr(error, "token", None)
    history = getattr(error, "token_history", None) or []
    return (type(error).__name__, error.line, error.column, error.pos_in_stream,
            token and (token.type, str(token), token.line, token.column),
            sorted(getattr(error, "expected", None) or ()), sorted(getattr(error, "allowed", None) or ()),
            [(t.type, str(t)) for t in history if t is not None], str(error))


def _run(text: str, which: str) -> tuple:
    """Tokens, lark's raw result and archlint's result of parsing `text` with one lexer."""
    lark, transformer = _parser()
    frontend = lark.parser
    installed = frontend.lexer
    assert isinstance(installed, RegexLexer)
    recorder = _Recorder(installed if which == "regex" else installed.contextual)
    frontend.lexer = recorder
    try:
        try:
            transformer.place, transformer.text, transformer.comments = _Place(), text, []
            raw: object = lark.parse(text)
        except UnexpectedInput as error:
            raw = _error(error)
        tokens = recorder.tokens
        transformer.place = _Place("doc.arch", 3, 2)
        result = _result(_with_lark, text)   # lark's parse, archlint's words for errors
    finally:
        frontend.lexer = installed
    return tokens, raw, result


def _result(parse_with: Any, text: str) -> object:
    try:
        return parse_with(text)
    except ParseError as error:
        return (error.message, error.span, error.source_line)


def assert_same_as_lark(text: str) -> None:
    ours, theirs = _run(text, "regex"), _run(text, "lark")
    assert ours[0] == theirs[0], "tokens differ"
    assert ours[1] == theirs[1], "lark's result differs"
    assert ours[2] == theirs[2], "archlint's result differs"
    driven = _result(lambda t: parse(t, "doc.arch", 3, 2), text)
    assert driven == theirs[2], "the driver's result differs from lark's"


def _driven(text: str) -> object:
    """The driver's own result: a tree, or None where it hands the text to lark."""
    _, transformer = _parser()
    transformer.place, transformer.text, transformer.comments = _Place(), text, []
    try:
        return _driver().parse(text, transformer.on_comment)
    finally:
        transformer.comments, transformer.text = [], ""


def test_the_driver_parses_valid_documents_itself() -> None:
    """Otherwise every document would silently take lark's slower path."""
    texts = [p.read_text() for p in SAMPLES] + [generate.architecture(500), generate.node_graph(200)]
    for text in texts:
        assert _driven(text) is not None
    assert _driven("") is not None and _driven("# only a comment\n\n") is not None


@pytest.mark.parametrize("text", ["web: group", "a -> region", "x = include", "web: ec2 {",
                                  "x = 15 minutes", "@", "x = 1\n\n  \t", "# c\nweb: group # d"])
def test_the_driver_hands_keywords_as_names_and_errors_to_lark(text: str) -> None:
    valid = not isinstance(_result(parse, text), tuple)
    if text.strip().endswith(("{", "minutes", "@")):
        assert _driven(text) is None and not valid
    elif "1" in text:
        assert _driven(text) is not None and valid
    else:
        assert _driven(text) is None and valid   # a keyword where only a name fits
    assert_same_as_lark(text)


def test_the_regex_lexer_is_installed() -> None:
    lark, _ = _parser()
    assert isinstance(lark.parser.lexer, RegexLexer)
    assert _driver().lexer is lark.parser.lexer


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples(path: Path) -> None:
    assert_same_as_lark(path.read_text())


@pytest.mark.parametrize("path", [p for p in MARKDOWN if "samples" in p.parts], ids=lambda p: p.name)
def test_markdown_samples(path: Path) -> None:
    for document in markdown_blocks(path.read_text(), path.name):
        assert_same_as_lark(document.text)


@pytest.mark.parametrize("example", _docs_examples(), ids=lambda e: e[0])
def test_docs_examples(example: tuple[str, str]) -> None:
    assert_same_as_lark(example[1])


def test_there_are_docs_examples_of_both_kinds() -> None:
    names = [name for name, _ in _docs_examples()]
    assert len(names) >= 40
    assert any(name.startswith("docs/language.md") for name in names)


@pytest.mark.parametrize("text", [generate.architecture(2000), generate.node_graph(500),
                                  "# design 1\n" + generate.architecture(60)],
                         ids=["architecture", "node_graph", "many_files"])
def test_generated_documents(text: str) -> None:
    assert_same_as_lark(text)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text: str) -> None:
    assert_same_as_lark(text)


def test_fuzz_corpus() -> None:
    corpus = _fuzz_corpus()
    errors = 0
    for text in corpus:
        assert_same_as_lark(text)
        errors += isinstance(_run(text, "regex")[2], tuple)
    assert 50 < errors < len(corpus)  # the corpus exercises both errors and valid documents


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS + ["\"", "@", "-", "é", "\r", "1.5h"]), max_size=50).map(" ".join))
def test_random_language_pieces(text: str) -> None:
    assert_same_as_lark(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab_19.:=,;{}[]\"\\-><#/%\n\t \r")), max_size=120))
def test_random_characters(text: str) -> None:
    assert_same_as_lark(text)


class _Builder:
    """A transformer that records what each rule's callback gets (rules named
    `_...` have no method: lark builds them a Tree, which their parent unpacks)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name.isupper():
            raise AttributeError(name)
        return types.MethodType(lambda self, children: (name, list(children)), self)


def test_each_rule_callback_written_out_gives_lark_filters_children() -> None:
    """reducers.py against lark's own child filters, rule by rule: the same children
    (an inline rule's list where lark has its Tree) must reach the same method."""
    lark, _ = _parser()
    callbacks = lark._parse_tree_builder.create_callback(_Builder())
    compiled = compile_callbacks(callbacks, Tree)
    assert compiled is not None and compiled.keys() == callbacks.keys()
    for rule, callback in callbacks.items():
        inline = [sym.name.startswith("_") and not sym.is_term for sym in rule.expansion]
        theirs = [Tree("_x", [f"{i}a", f"{i}b"]) if is_inline else f"{i}" for i, is_inline in enumerate(inline)]
        ours = [[f"{i}a", f"{i}b"] if is_inline else f"{i}" for i, is_inline in enumerate(inline)]
        expected, got = callback(theirs), compiled[rule](ours)
        if isinstance(expected, Tree):   # an inline rule: its children are what counts
            expected = expected.children
        assert got == expected, rule


def test_the_driver_uses_the_written_out_callbacks() -> None:
    """Otherwise it would silently run lark's slower filters and Trees."""
    lark, _ = _parser()
    assert compile_callbacks(lark.parser.parser.parser.callbacks, Tree) is not None


def test_a_span_made_through_its_slots_is_the_span_init_makes() -> None:
    made, built = new_span("a.arch", 1, 2, 3, 4), Span("a.arch", 1, 2, 3, 4)
    assert new_span is not Span   # the fast path is in use (the model's fields are the ones it fills)
    assert type(made) is Span and made == built and hash(made) == hash(built) and repr(made) == repr(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 5  # type: ignore[misc]
