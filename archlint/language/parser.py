"""Text -> syntax tree of statements, with positions, in one LALR pass.

The lark parser is built once per process (grammar analysis cached on disk) and
the Transformer runs inline, which the design notes measured at 3x less time and
5x less memory than a separate pass. Syntax errors become `ParseError`s whose
message says, in words, what was found and what would have been valid.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

from archlint.model.graph import Span
from archlint.model.kinds import GROUP_KINDS
from archlint.model.values import (
    BYTES_PER_UNIT, SECONDS_PER_UNIT, Name, Value, parse_number, parse_quantity,
)

if TYPE_CHECKING:  # lark is imported only when a document needs it (see parse)
    from lark import Lark, Token
    from lark.exceptions import UnexpectedInput, UnexpectedToken

# --- syntax tree ---------------------------------------------------------------


@dataclass
class AttrStmt:
    name: str
    value: Value
    span: Span


@dataclass
class NodeStmt:
    id: str
    kind: str
    label: str | None
    body: "list[Statement] | None"
    span: Span
    kind_span: Span


@dataclass
class GroupStmt:
    kind: str
    id: str
    label: str | None
    body: "list[Statement] | None"
    span: Span


@dataclass
class Ref:
    """A name used as an edge endpoint, resolved after the whole document is read."""

    name: str
    span: Span


@dataclass
class EdgeStmt:
    endpoints: list[list[Ref]]
    ops: list[str]
    label: str | None
    body: "list[Statement] | None"
    span: Span


@dataclass
class IncludeStmt:
    path: str
    span: Span


Statement = Union[AttrStmt, NodeStmt, GroupStmt, EdgeStmt, IncludeStmt]


@dataclass
class Comment:
    text: str
    span: Span


@dataclass
class SyntaxTree:
    statements: list[Statement]
    comments: list[Comment] = field(default_factory=list)


class ParseError(Exception):
    """A syntax error with its position and the offending source line."""

    def __init__(self, message: str, span: Span, source_line: str) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.source_line = source_line


# --- building the tree -----------------------------------------------------------


@dataclass
class _Place:
    """Where the text being parsed sits in its file (Markdown blocks are offset)."""

    file: str = "<input>"
    line_offset: int = 0
    column_offset: int = 0


def _unquote(token: str) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


class _Positioned:
    """A value or body with the raw position it covers; a `Span` is only made for
    statements, which keeps the per-token cost of the transformer low."""

    __slots__ = ("value", "line", "column", "end_line", "end_column")

    def __init__(self, value: object, line: int, column: int, end_line: int, end_column: int) -> None:
        self.value = value
        self.line, self.column, self.end_line, self.end_column = line, column, end_line, end_column


def _end(item: "Token | _Positioned") -> tuple[int, int]:
    """Where a token or built piece ends. No token of the language spans lines."""
    if isinstance(item, _Positioned):
        return item.end_line, item.end_column
    return item.line, item.column + len(item.value)  # type: ignore[operator]


class _ToStatements:
    """Builds statements bottom-up while lark parses (no recursion, no second pass).

    A plain class: lark calls any object's methods named after the rules, and
    not subclassing lark's Transformer keeps lark out of the import.

    Lark's inline transformer gives no positions for rules, so each callback
    takes its extent from its first and last children: tokens carry positions and
    every built piece carries its extent.
    """

    def __init__(self) -> None:
        self.place = _Place()
        self.comments: list[Comment] = []

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        p = self.place
        if not (p.line_offset or p.column_offset):  # a whole file: no new numbers
            return Span(p.file, line, column, end_line, end_column)
        return Span(p.file, line + p.line_offset, column + p.column_offset,
                    end_line + p.line_offset, end_column + p.column_offset)

    def token_span(self, token: Token) -> Span:
        return self.span(token.line, token.column, *_end(token))  # type: ignore[arg-type]

    def extent(self, items: list) -> tuple[int, int, int, int]:
        first = next(i for i in items if i is not None)
        last = items[-1]
        if last is None:  # an optional label or body left out
            last = next(i for i in reversed(items) if i is not None)
        return (first.line, first.column, *_end(last))

    def covering(self, items: list) -> Span:
        return self.span(*self.extent(items))

    def positioned(self, value: object, items: list) -> _Positioned:
        return _Positioned(value, *self.extent(items))

    def on_comment(self, token: Token) -> Token:
        self.comments.append(Comment(token.value, self.token_span(token)))
        return token

    def start(self, items: list) -> SyntaxTree:
        return SyntaxTree([i for i in items if i is not None], self.comments)

    def attribute(self, items: list) -> AttrStmt:
        # Attribute names and kinds repeat thousands of times: one string each.
        return AttrStmt(sys.intern(items[0].value), items[1].value, self.covering(items))

    def node(self, items: list) -> NodeStmt:
        ident, kind, label, body = items
        return NodeStmt(
            ident.value, sys.intern(kind.value), label and _unquote(label.value),
            body.value if body else None, self.covering(items), self.token_span(kind),
        )

    def group(self, items: list) -> GroupStmt:
        kind, ident, label, body = items
        return GroupStmt(sys.intern(kind.value), ident.value, label and _unquote(label.value),
                         body.value if body else None, self.covering(items))

    def include(self, items: list) -> IncludeStmt:
        return IncludeStmt(_unquote(items[1].value), self.covering(items))

    def edge(self, items: list) -> EdgeStmt:
        *chain, label, body = items
        endpoints = [e.value for e in chain[0::2]]
        ops = [op.value for op in chain[1::2]]
        return EdgeStmt(endpoints, ops, label and _unquote(label.value),
                        body.value if body else None, self.covering(items))

    def endpoint(self, items: list) -> _Positioned:
        refs = [Ref(t.value, self.token_span(t)) for t in items
                if t is not None and t.type == "NAME"]
        return self.positioned(refs, items)

    def body(self, items: list) -> _Positioned:
        return self.positioned([i for i in items[1:-1] if i is not None], items)

    def _value(self, value: object, token: Token) -> _Positioned:
        return _Positioned(value, token.line, token.column, *_end(token))  # type: ignore[arg-type]

    def quantity(self, items: list) -> _Positioned:
        return self._value(parse_quantity(items[0].value), items[0])

    def number(self, items: list) -> _Positioned:
        return self._value(parse_number(items[0].value), items[0])

    def string(self, items: list) -> _Positioned:
        return self._value(_unquote(items[0].value), items[0])

    def true(self, items: list) -> _Positioned:
        return self._value(True, items[0])

    def false(self, items: list) -> _Positioned:
        return self._value(False, items[0])

    def name(self, items: list) -> _Positioned:
        return self._value(Name(items[0].value), items[0])

    def list(self, items: list) -> _Positioned:
        return self.positioned([i.value for i in items[1:-1] if i is not None], items)


@lru_cache(maxsize=1)
def _parser() -> "tuple[Lark, _ToStatements]":
    from lark import Lark

    from archlint.language.lexer import RegexLexer

    transformer = _ToStatements()
    import archlint.grammar  # read beside its package: importlib.resources costs a zipfile import

    grammar = Path(archlint.grammar.__file__).with_name("archlint.lark").read_text(encoding="utf-8")
    lark = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        propagate_positions=False,  # spans come from tokens (covering); meta cost 25%
        maybe_placeholders=True,
        transformer=transformer,
        lexer_callbacks={"COMMENT": transformer.on_comment},
        cache=_cache_path(grammar),
    )
    RegexLexer.install(lark)  # same tokens as lark's contextual lexer, 2x faster (lexer.py)
    return lark, transformer


def _cache_path(grammar: str) -> str | bool:
    """A per-user cache file for lark's grammar analysis (23 ms -> 4 ms per start)."""
    import hashlib
    import os
    import tempfile

    import lark

    digest = hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()[:16]
    directory = os.path.join(tempfile.gettempdir(), f"archlint-{os.getuid() if hasattr(os, 'getuid') else 'u'}")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError:
        return False
    return os.path.join(directory, f"grammar-{digest}.lark-cache")


def parse(text: str, file: str = "<input>", line_offset: int = 0, column_offset: int = 0) -> SyntaxTree:
    """Parse one document with lark. Raises ParseError with a positioned, human message."""
    from lark.exceptions import UnexpectedInput

    lark, transformer = _parser()
    transformer.place = _Place(file, line_offset, column_offset)
    transformer.comments = []
    try:
        return lark.parse(text)
    except UnexpectedInput as error:
        raise (_spaced_unit(lark, text, error, transformer.place)
               or _friendly(error, text, transformer.place)) from None
    finally:
        transformer.comments = []  # the tree owns them now; the parser keeps nothing


# --- units written apart from their number ---------------------------------------

_LONG_UNITS = {
    "millisecond": "ms", "milliseconds": "ms", "msec": "ms",
    "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "mins": "min", "minute": "m", "minutes": "m",
    "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "day": "d", "days": "d", "week": "w", "weeks": "w", "year": "y", "years": "y",
    "byte": "B", "bytes": "B", "percent": "%",
}
_UNITS = {*SECONDS_PER_UNIT, *BYTES_PER_UNIT, "rps"}   # those that may stand apart


def unit_for(word: str) -> str | None:
    """The unit archlint writes for `word` (`minutes` -> m, `mb` -> MB), or None."""
    if word in _UNITS:
        return word
    if word.lower() in _LONG_UNITS:
        return _LONG_UNITS[word.lower()]
    sized = {u.lower(): u for u in _UNITS if u.endswith("B")}
    return sized.get(word.lower())


def _spaced_unit(lark: "Lark", text: str, error: "UnexpectedInput", place: _Place) -> ParseError | None:
    """`timeout = 15 minutes`: the number ends the value, so lark fails on the *next*
    token, often on the next line. Point at the unit instead and say how to write it."""
    where = (getattr(error, "line", None), getattr(error, "column", None))
    if not all(isinstance(n, int) and n > 0 for n in where):
        where = (len(text.split("\n")) + 1, 0)
    from lark.exceptions import UnexpectedInput

    tokens: list["Token"] = []
    try:
        for token in lark.lex(text):
            if (token.line, token.column) > where:
                break
            tokens.append(token)
    except UnexpectedInput:
        pass
    found = None
    # the unit is the token lark stopped at, or the one before (`15 minutes memory`)
    for i in range(max(2, len(tokens) - 3), len(tokens)):
        before, number, unit = tokens[i - 2:i + 1]
        if number.type == "NUMBER" and unit.type == "NAME" and number.line == unit.line \
                and before.type in ("EQUAL", "LSQB", "COMMA") and unit_for(str(unit)):
            found = (number, unit)
    if found is None:
        return None
    number, unit = found
    glued = f"{number}{unit_for(str(unit))}"
    message = (f"syntax error: space between the number and its unit in '{number} {unit}'; "
               f"units are short and glued to the number (write the unit right after the "
               f"number: '{glued}')")
    lines = text.split("\n")
    span = Span(place.file, unit.line + place.line_offset, unit.column + place.column_offset,
                unit.line + place.line_offset, unit.column + len(unit) + place.column_offset)
    return ParseError(message, span, lines[unit.line - 1])


# --- syntax errors in words -------------------------------------------------------

_WORDS: dict[str, str] = {
    "NAME": "a name",
    "STRING": 'a quoted string',
    "QUANTITY": "a number with a unit (900s, 100MB, 99.9%)",
    "NUMBER": "a number",
    "EDGE_OP": "an arrow (->, <-, <->, --)",
    "GROUP_KIND": f"a group keyword ({', '.join(GROUP_KINDS)})",
    "INCLUDE": "'include'",
    "TRUE": "true",
    "FALSE": "false",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COLON": "':'",
    "EQUAL": "'='",
    "COMMA": "','",
    "SEMICOLON": "';'",
    "$END": "the end of the input",
}

_ORDER = list(_WORDS)


def _describe_expected(expected: set[str]) -> str:
    words = sorted({_WORDS.get(t, t) for t in expected}, key=lambda w: _ORDER.index(
        next((k for k, v in _WORDS.items() if v == w), "$END")))
    if {"TRUE", "FALSE", "QUANTITY", "NUMBER"} & expected and "STRING" in expected:
        words = ["a value (number, size, duration, string, true/false, name or list)"] + [
            w for w in words
            if w not in {_WORDS[k] for k in ("TRUE", "FALSE", "QUANTITY", "NUMBER", "STRING", "NAME", "LSQB")}
        ]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _describe_token(token: "Token") -> str:
    if token.type == "$END":
        return "end of input"
    text = str(token)
    if token.type == "GROUP_KIND":
        return f"the keyword '{text}'"
    return f"'{text}'" if len(text) <= 40 else f"'{text[:37]}...'"


def _friendly(error: "UnexpectedInput", text: str, place: _Place) -> ParseError:
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    lines = text.split("\n")
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    # The end of the input is shown just after the last character written, not
    # on the empty line that a final newline leaves.
    last = len(lines)
    while last > 1 and not lines[last - 1].strip():
        last -= 1
    end_of_input = (last, len(lines[last - 1].rstrip()) + 1)
    if not isinstance(line, int) or line < 1:
        line, column = end_of_input
    if isinstance(error, UnexpectedToken):
        found = _describe_token(error.token)
        message = f"syntax error: unexpected {found}; expected {_describe_expected(set(error.expected))}"
        hint = _hint(error)
        if hint:
            message += f" ({hint})"
        if error.token.type == "$END":
            line, column = end_of_input
    elif isinstance(error, UnexpectedCharacters):
        char = error.char
        shown = repr(char) if not char.isprintable() or char in "'\"" else f"'{char}'"
        message = f"syntax error: unexpected character {shown}"
        start = error.pos_in_stream
        while start > 0 and text[start - 1] in "0123456789_.":
            start -= 1
        rest = text[start:error.pos_in_stream + 40]
        bad_unit = re.match(r"[0-9][0-9_.]*([A-Za-z][A-Za-z/]*)", rest)
        if bad_unit:
            message = (f"syntax error: unknown unit '{bad_unit[1]}' in '{bad_unit[0]}'; units are "
                       "case-sensitive and glued to the number: ms s m min h d w y, "
                       "B KB MB GB TB PB, KiB MiB GiB TiB PiB, %, /s, rps, MB/s")
            number = bad_unit[0][:len(bad_unit[0]) - len(bad_unit[1])]
            if unit_for(bad_unit[1]):
                message += f" (write '{number}{unit_for(bad_unit[1])}')"
        elif char == '"':
            message += " (a string must be closed on the same line)"
        elif char == "-" and rest[1:2].isdigit() and not (
                error.pos_in_stream > 0 and (text[error.pos_in_stream - 1].isalnum()
                                             or text[error.pos_in_stream - 1] == "_")):
            message += " (numbers cannot be negative)"
        elif char in "-.":
            message += " (names contain letters, digits and _ only)"
        else:
            allowed = {t for t in (error.allowed or ()) if t in _WORDS}
            if allowed:
                message += f"; expected {_describe_expected(allowed)}"
    else:  # pragma: no cover - lark's other errors are subclasses of the two above
        message = f"syntax error: {error}"
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    # only the end of the line before the error: an unanchored search over a long
    # digit run backtracks quadratically (80,000 digits took 81 s)
    spaced_unit = re.search(r"([0-9][0-9_.]*)\s+(ms|min|s|m|h|d|w|y|[kKMGTP]i?B|B|rps|%)\s*$",
                            source_line[max(0, column - 1 - _HINT_WINDOW):column - 1])
    if isinstance(error, UnexpectedToken) and spaced_unit:
        message += f" (write the unit right after the number: '{spaced_unit[1]}{spaced_unit[2]}')"
    width = 1
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        width = max(1, min(len(str(error.token)), len(source_line) - column + 1))
    span = Span(
        place.file,
        line + place.line_offset,
        column + place.column_offset,
        line + place.line_offset,
        column + width + place.column_offset,
    )
    return ParseError(message, span, source_line)


_HINT_WINDOW = 64   # characters before an error that a "did you mean" looks at


def _hint(error: "UnexpectedToken") -> str | None:
    """A sentence for the mistakes people actually make."""
    token = error.token
    previous = (error.token_history or [None])[-1]
    previous_type = getattr(previous, "type", None)
    if previous_type == "GROUP_KIND" and token.type == "COLON":
        return f"'{previous}' is a group keyword and cannot be used as an id; " \
            f"groups are written '{previous} ID {{ ... }}'"
    if previous_type == "COLON" and token.type in ("QUANTITY", "NUMBER", "STRING", "TRUE", "FALSE"):
        return "attributes are written 'key = value'; 'id: kind' declares a node"
    if token.type == "$END" and "RBRACE" in error.expected:
        return "a '{' is still open: close it with '}'"
    if token.type == "$END" and "RSQB" in error.expected:
        return "a '[' is still open: close it with ']'"
    if token.type == "NUMBER" and "NAME" in error.expected:
        return "ids start with a letter or _"
    if previous_type == "NUMBER" and token.type == "NAME" and re.fullmatch(
            r"(ms|min|s|m|h|d|w|y|[kKMGTP]i?B|B|rps)", str(token)):
        return f"write the unit right after the number, e.g. '{previous}{token}'"
    if token.type == "EDGE_OP" and previous_type in ("NAME", "STRING", "RBRACE") and "EDGE_OP" not in error.expected:
        return "declare the node first, then write the edge as its own statement"
    if token.type == "EQUAL" and previous_type == "STRING":
        return "attribute keys are bare names, not quoted strings"
    return None
