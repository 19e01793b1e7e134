"""Syntax errors in words: what was found, what would have been valid, and a hint.

lark reports a syntax error as the token (or character) it stopped at and the
terminals it expected; people need a sentence. This module turns lark's error into
a positioned `ParseError` with that sentence, and recognises the mistakes people
actually make (a unit written apart from its number, `id: value` for an attribute,
a group keyword used as an id...). It runs only when a document fails to parse.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archlint.model.graph import Span
from archlint.model.kinds import GROUP_KINDS
from archlint.model.values import BYTES_PER_UNIT, SECONDS_PER_UNIT
from archlint.model.record import Record

if TYPE_CHECKING:
    from lark import Lark, Token
    from lark.exceptions import UnexpectedInput, UnexpectedToken


class ParseError(Exception):
    """A syntax error with its position and the offending source line."""

    def __init__(self, message: str, span: Span, source_line: str) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.source_line = source_line


class Place(Record, eq=True):
    """Where the text being parsed sits in its file (Markdown blocks are offset)."""

    file: str
    line_offset: int
    column_offset: int

    def __init__(self, file: str = "<input>", line_offset: int = 0, column_offset: int = 0) -> None:
        self.file, self.line_offset, self.column_offset = file, line_offset, column_offset


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


def spaced_unit(lark: "Lark", text: str, error: "UnexpectedInput", place: Place) -> ParseError | None:
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


def friendly(error: "UnexpectedInput", text: str, place: Place) -> ParseError:
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
