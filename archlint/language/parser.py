"""Text -> syntax tree of statements, with positions, in one LALR pass.

The lark parser is built once per process (grammar analysis cached on disk) and
the Transformer runs inline, which the design notes measured at 3x less time and
5x less memory than a separate pass. Syntax errors become `ParseError`s whose
message says, in words, what was found and what would have been valid
(`syntax_errors.py`).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from archlint.language.collector import without_gc
from archlint.language.syntax_errors import ParseError, Place as _Place, friendly, spaced_unit
from archlint.language.syntax_tree import (
    AttrStmt, Comment, EdgeStmt, GroupStmt, IncludeStmt, NodeStmt, Ref, Statement, SyntaxTree,
)
from archlint.model.graph import Attribute, Span, new_span
from archlint.model.values import Name, parse_number, parse_quantity

_intern = sys.intern


class _Memo(dict[str, object]):
    """Text -> value, each made once per parse: values are immutable and repeat
    (`2GiB`, `https`), and a quantity's parse and its frozen record cost 1.8 us."""

    def __init__(self, make: "Callable[[str], object]") -> None:
        super().__init__()
        self.make = make

    def __missing__(self, text: str) -> object:
        value = self[text] = self.make(text)
        return value


if TYPE_CHECKING:  # lark is imported only when a document needs it (see parse)
    from lark import Lark, Token

    from archlint.language.driver import Driver

__all__ = ["AttrStmt", "Comment", "EdgeStmt", "GroupStmt", "IncludeStmt", "NodeStmt", "ParseError",
           "Ref", "Statement", "SyntaxTree", "parse"]

# --- building the tree -----------------------------------------------------------


# What may lie between a comment and the next token: space, separators, more comments.
_GAP = re.compile(r"(?:\s+|[,;]|(?:#|//)[^\n]*)*")


def _unquote(token: str) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


# A token or a built piece as the transformer passes it on: its value and the raw
# position it covers, (value, line, column, end_line, end_column). A `Span` is only
# made for statements and names, which keeps the per-token cost low.
Piece = tuple


class _ToStatements:
    """Builds statements bottom-up while the parser reduces (no recursion, no second pass).

    A plain class: lark calls any object's methods named after the rules, and
    not subclassing lark's Transformer keeps lark out of the import.

    Lark's inline transformer gives no positions for rules, so each callback
    takes its extent from its first and last children: every token and every
    built piece is a `Piece`. The driver makes each token's piece itself; when lark
    parses, `token` (lark's callback for every named terminal) makes it from lark's
    `Token`. No token of the language spans lines.
    """

    def __init__(self) -> None:
        self.place = _Place()
        self.text = ""
        self.comments: list[Comment] = []
        self.fresh_values()

    def fresh_values(self) -> None:
        """New memos of values (one document's; dropped after its parse)."""
        self.quantities, self.numbers, self.names = _Memo(parse_quantity), _Memo(parse_number), _Memo(Name)

    @property
    def place(self) -> _Place:
        return self._place

    @place.setter
    def place(self, place: _Place) -> None:
        self._place, self._file = place, place.file
        self._shift = (place.line_offset, place.column_offset) if (
            place.line_offset or place.column_offset) else None

    @staticmethod
    def token(token: Token) -> Piece:
        """lark's callback for every terminal the parser shifts (`__getattr__`)."""
        return (token.value, token.line, token.column, token.end_line, token.end_column)

    def __getattr__(self, name: str) -> "Callable[[Token], Piece]":
        if name.isupper():   # lark asks for a callback by each terminal's name
            return self.token
        raise AttributeError(name)

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        if self._shift is None:  # a whole file: no new numbers
            return new_span(self._file, line, column, end_line, end_column)
        lines, columns = self._shift
        return new_span(self._file, line + lines, column + columns, end_line + lines, end_column + columns)

    def at(self, piece: Piece) -> tuple[int, int]:
        """Where `piece` starts, as a line and column of the file."""
        if self._shift is None:
            return piece[1], piece[2]
        return piece[1] + self._shift[0], piece[2] + self._shift[1]

    def between(self, first: Piece, last: Piece) -> Span:
        """The span from the start of `first` to the end of `last`."""
        if self._shift is None:
            return new_span(self._file, first[1], first[2], last[3], last[4])
        return self.span(first[1], first[2], last[3], last[4])

    def on_comment(self, token: Token) -> Token:
        text, start = self.text, token.start_pos
        before = text[text.rfind("\n", 0, start) + 1:start]
        own_line = not before.strip()
        after = _GAP.match(text, start + len(token.value)).end()  # type: ignore[union-attr]
        following = None
        if after < len(text):
            line = token.line + text.count("\n", start, after)  # type: ignore[operator]
            column = after - text.rfind("\n", 0, after)
            following = self.span(line, column, line, column)
        span = self.span(token.line, token.column, token.end_line, token.end_column)  # type: ignore[arg-type]
        self.comments.append(Comment(token.value, span, own_line, following, len(before) - len(before.rstrip())))
        return token

    def start(self, items: list) -> SyntaxTree:
        return SyntaxTree([i for i in items if i is not None], self.comments)

    def attribute(self, items: list) -> AttrStmt:
        name, value = items
        # Attribute names and kinds repeat thousands of times: one string each.
        return Attribute(_intern(name[0]), value[0], self.between(name, value))

    def node(self, items: list) -> NodeStmt:
        ident, kind, label, body = items
        last = body if body is not None else label if label is not None else kind
        line, column = self.at(kind)
        return NodeStmt(ident[0], _intern(kind[0]), label and _unquote(label[0]),
                        body[0] if body else None, self.between(ident, last), line, column)

    def group(self, items: list) -> GroupStmt:
        kind, ident, label, body = items
        last = body if body is not None else label if label is not None else ident
        return GroupStmt(_intern(kind[0]), ident[0], label and _unquote(label[0]),
                         body[0] if body else None, self.between(kind, last))

    def include(self, items: list) -> IncludeStmt:
        keyword, path = items
        return IncludeStmt(_unquote(path[0]), self.between(keyword, path))

    def edge(self, items: list) -> EdgeStmt:
        label, body = items[-2], items[-1]   # endpoint, op, endpoint, ..., label, body
        last = body if body is not None else label if label is not None else items[-3]
        return EdgeStmt([e[0] for e in items[0:-2:2]], [op[0] for op in items[1:-2:2]],
                        label and _unquote(label[0]), body[0] if body else None, self.between(items[0], last))

    def endpoint(self, items: list) -> Piece:
        first, last = items[0], items[-1]
        file, shift = self._file, self._shift
        if len(items) == 1:   # a name, or a bracketed list of them
            line, column = (first[1], first[2]) if shift is None else self.at(first)
            return ([Ref(first[0], file, line, column)], first[1], first[2], first[3], first[4])
        if shift is None:
            refs = [Ref(t[0], file, t[1], t[2]) for t in items[1:-1] if t is not None]
        else:
            refs = [Ref(t[0], file, *self.at(t)) for t in items[1:-1] if t is not None]
        return (refs, first[1], first[2], last[3], last[4])

    def body(self, items: list) -> Piece:
        first, last = items[0], items[-1]
        return ([i for i in items[1:-1] if i is not None], first[1], first[2], last[3], last[4])

    def quantity(self, items: list) -> Piece:
        t = items[0]
        return (self.quantities[t[0]], t[1], t[2], t[3], t[4])

    def number(self, items: list) -> Piece:
        t = items[0]
        return (self.numbers[t[0]], t[1], t[2], t[3], t[4])

    def string(self, items: list) -> Piece:
        t = items[0]
        return (_unquote(t[0]), t[1], t[2], t[3], t[4])

    def true(self, items: list) -> Piece:
        t = items[0]
        return (True, t[1], t[2], t[3], t[4])

    def false(self, items: list) -> Piece:
        t = items[0]
        return (False, t[1], t[2], t[3], t[4])

    def name(self, items: list) -> Piece:
        t = items[0]
        return (self.names[t[0]], t[1], t[2], t[3], t[4])

    def list(self, items: list) -> Piece:
        first, last = items[0], items[-1]
        return ([i[0] for i in items[1:-1] if i is not None], first[1], first[2], last[3], last[4])


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
    """A per-user cache file for lark's grammar analysis (23 ms -> 4 ms per start),
    or False (no cache) when the folder for it is not this user's alone.

    lark reads that file with `pickle`, which can run code: anyone who could write
    into the folder could run code as whoever runs archlint next. The folder lives
    in the shared temporary directory, where another user may have made it first
    (with open permissions, or as a symbolic link to a folder they control), so it
    is used only if it is a real directory owned by this user that no one else may
    enter. Where there are no user ids (Windows), the temporary directory is the
    user's own."""
    import hashlib
    import os
    import stat
    import tempfile

    import lark

    digest = hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()[:16]
    getuid = getattr(os, "getuid", None)
    directory = os.path.join(tempfile.gettempdir(), f"archlint-{getuid() if getuid else 'u'}")
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        status = os.lstat(directory)
    except OSError:
        return False
    if getuid is not None and not (stat.S_ISDIR(status.st_mode) and status.st_uid == getuid()
                                   and status.st_mode & 0o077 == 0):
        return False
    return os.path.join(directory, f"grammar-{digest}.lark-cache")


@lru_cache(maxsize=1)
def _driver() -> "Driver":
    """The fused lexer and LALR loop over lark's table (driver.py)."""
    from archlint.language.driver import Driver

    lark, transformer = _parser()
    return Driver(lark, lark.parser.lexer, transformer.token)


@without_gc   # every caller (check, fmt, fix, the language server) parses at full speed
def parse(text: str, file: str = "<input>", line_offset: int = 0, column_offset: int = 0) -> SyntaxTree:
    """Parse one document. Raises ParseError with a positioned, human message.

    The driver parses valid documents; where it could differ from lark (a syntax
    error, a keyword used as a name) it hands the document to lark, which parses it
    from the start and words any error."""
    transformer = _parser()[1]
    transformer.place = _Place(file, line_offset, column_offset)
    transformer.text = text
    transformer.comments = []
    try:
        tree = _driver().parse(text, transformer.on_comment)
        return _with_lark(text) if tree is None else tree  # type: ignore[return-value]
    finally:
        transformer.comments = []  # the tree owns them now; the parser keeps nothing
        transformer.fresh_values()
        transformer.text = ""


def _with_lark(text: str) -> SyntaxTree:
    """lark's own parse, for the place the transformer was given."""
    from lark.exceptions import UnexpectedInput

    lark, transformer = _parser()
    transformer.text = text
    transformer.comments = []   # from the driver's attempt
    try:
        return lark.parse(text)
    except UnexpectedInput as error:
        raise (spaced_unit(lark, text, error, transformer.place)
               or friendly(error, text, transformer.place)) from None
