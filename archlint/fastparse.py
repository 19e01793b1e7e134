"""A fast path for parsing documents that are valid: a hand-written lexer and
recursive-descent parser that builds exactly the statements lark's would.

Why: lark's LALR parser costs about 15 us per token in CPython, which put a
100,000-line document at 10 s on the 2-core CI machine; this path is 3-4x
faster and needs no lark import at all, which also shortens start-up.

Why it is safe: it never reports an error itself. On anything unexpected
(a syntax error, an unknown character, nesting deeper than it recurses) it
returns None and `parser.parse` runs the lark parser, which stays the
definition of the language and the author of every syntax error message.
tests/test_fastparse.py checks that both parsers agree, on valid documents
and on random mutations of them.

Keywords follow lark's contextual lexer: a group keyword or `include` is a
keyword only where a statement starts, `true`/`false` only where a value
starts; anywhere else the same word is a plain name.
"""

from __future__ import annotations

import re
import sys

from archlint.model import Span
from archlint.parser import (
    AttrStmt, Comment, EdgeStmt, GroupStmt, IncludeStmt, NodeStmt, Ref, Statement, SyntaxTree,
    _Place, _unquote,
)
from archlint.values import Name, parse_number, parse_quantity

# The terminals of grammar/archlint.lark, with the same regular expressions,
# each after the blanks that precede it (lines are lexed one by one).
_TOKEN = re.compile(r"""[ \t\f\r]*(?:
    (?P<COMMENT>(?:\#|//)[^\n]*)
  | (?P<STRING>"[^"\\\n]*(?:\\.[^"\\\n]*)*")   # the grammar's, unrolled: no per-character backtracking state
  | (?P<QUANTITY>[0-9][0-9_]*(?:\.[0-9]+)?(?:ms|min|s|m|h|d|w|y|[kKMGTP]i?B/s|[kKMGTP]i?B|B/s|B|/s|rps|%)(?![A-Za-z0-9_]))
  | (?P<NUMBER>[0-9][0-9_]*(?:\.[0-9]+)?(?![A-Za-z0-9_]))
  | (?P<EDGE_OP><->|->|<-|--)
  | (?P<NAME>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<PUNCT>[:=,;{}\[\]])
)""", re.VERBOSE)
_BLANK = " \t\f\r"

GROUP_KINDS = frozenset({"region", "az", "vpc", "subnet", "account", "asg", "group"})
_MAX_DEPTH = 60  # bodies and lists; deeper input goes to lark, which does not recurse
_END = ("$END", "", 0, 0, 0)


class _Fail(Exception):
    """Not parsable here: let lark decide (and word the error)."""


def parse_fast(text: str, place: _Place) -> SyntaxTree | None:
    """The syntax tree of `text`, or None if lark must parse it."""
    try:
        return _Parser(text, place).document()
    except (_Fail, RecursionError):
        return None


# A token is (type, text, line, column, end column); type is the text itself for
# punctuation. Positions stay plain numbers until a statement needs a Span.
Token = tuple[str, str, int, int, int]
_End = tuple[int, int]  # (line, end column) where a construct ends


class _Parser:
    def __init__(self, text: str, place: _Place) -> None:
        self.place = place
        self.file = place.file
        self.comments: list[Comment] = []
        self.tokens = self._lex(text)
        self.pos = 0

    # -- lexing ---------------------------------------------------------------
    def _lex(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        append = tokens.append
        for number, line in enumerate(text.split("\n"), 1):
            pos = 0
            for match in _TOKEN.finditer(line):
                if match.start() != pos:
                    raise _Fail  # a character no terminal matches
                pos = match.end()
                kind = match.lastgroup
                value = match[kind]  # type: ignore[index]
                column = match.start(kind) + 1  # type: ignore[arg-type]
                if kind == "COMMENT":
                    self.comments.append(Comment(value, self._span(number, column, number, pos + 1)))
                else:
                    append((value if kind == "PUNCT" else kind, value, number, column, pos + 1))  # type: ignore[arg-type]
            if pos != len(line) and line[pos:].strip(_BLANK):
                raise _Fail
        append(_END)
        return tokens

    def _span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        p = self.place
        return Span(self.file, line + p.line_offset, column + p.column_offset,
                    end_line + p.line_offset, end_column + p.column_offset)

    def _token_span(self, token: Token) -> Span:
        return self._span(token[2], token[3], token[2], token[4])

    def _cover(self, first: Token, last: _End) -> Span:
        """From the start of token `first` to `last`."""
        return self._span(first[2], first[3], last[0], last[1])

    # -- token helpers ----------------------------------------------------------
    def _peek(self, ahead: int = 0) -> str:
        return self.tokens[self.pos + ahead][0]

    def _take(self, kind: str) -> Token:
        token = self.tokens[self.pos]
        if token[0] != kind:
            raise _Fail
        self.pos += 1
        return token

    # -- grammar ----------------------------------------------------------------
    def document(self) -> SyntaxTree:
        statements = self._statements(0)
        if self._peek() != "$END":
            raise _Fail
        return SyntaxTree(statements, self.comments)

    def _statements(self, depth: int) -> list[Statement]:
        """Statements up to `}` or the end, each optionally followed by `,` or `;`."""
        if depth > _MAX_DEPTH:
            raise _Fail
        statements = []
        while self._peek() not in ("}", "$END"):
            statements.append(self._statement(depth))
            if self._peek() in (",", ";"):
                self.pos += 1
        return statements

    def _statement(self, depth: int) -> Statement:
        token = self.tokens[self.pos]
        kind, word = token[0], token[1]
        if kind == "[":
            return self._edge(depth)
        if kind != "NAME":
            raise _Fail
        if word in GROUP_KINDS:
            return self._group(depth)
        if word == "include":
            self.pos += 1
            path = self._take("STRING")
            return IncludeStmt(_unquote(path[1]), self._cover(token, _end(path)))
        after = self._peek(1)
        if after == ":":
            return self._node(depth)
        if after == "=":
            self.pos += 2
            value, end = self._value(depth)
            return AttrStmt(word, value, self._cover(token, end))
        if after == "EDGE_OP":
            return self._edge(depth)
        raise _Fail

    def _node(self, depth: int) -> Statement:
        ident = self._take("NAME")
        self.pos += 1  # ':'
        kind = self._take("NAME")
        label, body, end = self._label_and_body(_end(kind), depth)
        return NodeStmt(ident[1], kind[1], label, body, self._cover(ident, end),
                        self._token_span(kind))

    def _group(self, depth: int) -> Statement:
        keyword = self.tokens[self.pos]
        self.pos += 1
        ident = self._take("NAME")
        label, body, end = self._label_and_body(_end(ident), depth)
        return GroupStmt(keyword[1], ident[1], label, body, self._cover(keyword, end))

    def _label_and_body(self, end: _End, depth: int) -> "tuple[str | None, list | None, _End]":
        """`["Label"] [{ ... }]` after a node's kind or a group's id."""
        label = None
        if self._peek() == "STRING":
            token = self._take("STRING")
            label, end = _unquote(token[1]), _end(token)
        body = None
        if self._peek() == "{":
            body, end = self._body(depth)
        return label, body, end

    def _body(self, depth: int) -> "tuple[list[Statement], _End]":
        self._take("{")
        statements = self._statements(depth + 1)
        return statements, _end(self._take("}"))

    def _edge(self, depth: int) -> Statement:
        first = self.tokens[self.pos]
        refs, end = self._endpoint()
        chain, ops = [refs], []
        while self._peek() == "EDGE_OP":
            ops.append(self._take("EDGE_OP")[1])
            refs, end = self._endpoint()
            chain.append(refs)
        if not ops:
            raise _Fail
        label = body = None
        if self._peek() == ":":
            self.pos += 1
            token = self._take("STRING")
            label, end = _unquote(token[1]), _end(token)
        if self._peek() == "{":
            body, end = self._body(depth)
        return EdgeStmt(chain, ops, label, body, self._cover(first, end))

    def _endpoint(self) -> "tuple[list[Ref], _End]":
        """A name or a bracketed fan-out list `[a, b]`."""
        if self._peek() == "NAME":
            token = self._take("NAME")
            return [Ref(token[1], self._token_span(token))], _end(token)
        self._take("[")
        refs = []
        while True:
            token = self._take("NAME")
            refs.append(Ref(token[1], self._token_span(token)))
            if self._peek() == ",":
                self.pos += 1
                if self._peek() == "]":
                    break
            elif self._peek() == "]":
                break
            else:
                raise _Fail
        return refs, _end(self._take("]"))

    def _value(self, depth: int) -> "tuple[object, _End]":
        token = self.tokens[self.pos]
        kind, text = token[0], token[1]
        if kind == "[":
            return self._list(depth)
        self.pos += 1
        end = (token[2], token[4])
        if kind == "QUANTITY":
            return parse_quantity(text), end
        if kind == "NUMBER":
            return parse_number(text), end
        if kind == "STRING":
            return _unquote(text), end
        if kind == "NAME":
            if text == "true":
                return True, end
            if text == "false":
                return False, end
            return Name(text), end
        raise _Fail

    def _list(self, depth: int) -> "tuple[list, _End]":
        if depth > _MAX_DEPTH:
            raise _Fail
        self._take("[")
        values = []
        while self._peek() != "]":
            value, _ = self._value(depth + 1)
            values.append(value)
            if self._peek() == ",":
                self.pos += 1
            elif self._peek() != "]":
                raise _Fail
        return values, _end(self._take("]"))


def _end(token: Token) -> _End:
    return token[2], token[4]


assert sys.getrecursionlimit() > 8 * _MAX_DEPTH  # each level costs a few frames
