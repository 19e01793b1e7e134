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

# The terminals of grammar/archlint.lark, with the same regular expressions.
_TOKEN = re.compile(r"""
    (?P<WS>[ \t\f\r\n]+)
  | (?P<COMMENT>(?:\#|//)[^\n]*)
  | (?P<STRING>"(?:[^"\\\n]|\\.)*")
  | (?P<QUANTITY>[0-9][0-9_]*(?:\.[0-9]+)?(?:ms|min|s|m|h|d|w|y|[kKMGTP]i?B/s|[kKMGTP]i?B|B/s|B|/s|rps|%)(?![A-Za-z0-9_]))
  | (?P<NUMBER>[0-9][0-9_]*(?:\.[0-9]+)?(?![A-Za-z0-9_]))
  | (?P<EDGE_OP><->|->|<-|--)
  | (?P<NAME>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<PUNCT>[:=,;{}\[\]])
""", re.VERBOSE)

GROUP_KINDS = frozenset({"region", "az", "vpc", "subnet", "account", "asg", "group"})
_MAX_DEPTH = 60  # bodies and lists; deeper input goes to lark, which does not recurse
_END = ("$END", "", 0, 0)


class _Fail(Exception):
    """Not parsable here: let lark decide (and word the error)."""


def parse_fast(text: str, place: _Place) -> SyntaxTree | None:
    """The syntax tree of `text`, or None if lark must parse it."""
    try:
        return _Parser(text, place).document()
    except (_Fail, RecursionError):
        return None


class _Parser:
    def __init__(self, text: str, place: _Place) -> None:
        self.place = place
        self.file = place.file
        self.comments: list = []
        self.tokens = self._lex(text)
        self.pos = 0

    # -- lexing ---------------------------------------------------------------
    def _lex(self, text: str) -> list[tuple[str, str, int, int]]:
        """(type, text, line, column) of each token; type is the text for punctuation."""
        tokens: list[tuple[str, str, int, int]] = []
        append = tokens.append
        line, line_start, pos = 1, 0, 0
        for match in _TOKEN.finditer(text):
            if match.start() != pos:
                raise _Fail  # a character no terminal matches
            kind = match.lastgroup
            value = match.group()
            pos = match.end()
            if kind == "WS":
                newlines = value.count("\n")
                if newlines:
                    line += newlines
                    line_start = match.start() + value.rindex("\n") + 1
                continue
            column = match.start() - line_start + 1
            if kind == "COMMENT":
                self.comments.append(Comment(value, self._span(line, column, line, column + len(value))))
                continue
            append((value if kind == "PUNCT" else kind, value, line, column))  # type: ignore[arg-type]
        if pos != len(text):
            raise _Fail
        append(_END)
        return tokens

    def _span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        p = self.place
        return Span(self.file, line + p.line_offset, column + p.column_offset,
                    end_line + p.line_offset, end_column + p.column_offset)

    def _token_span(self, token: tuple[str, str, int, int]) -> Span:
        _, value, line, column = token
        return self._span(line, column, line, column + len(value))

    def _cover(self, first: Span, last: Span) -> Span:
        return Span(first.file, first.line, first.column, last.end_line, last.end_column)

    # -- token helpers ----------------------------------------------------------
    def _peek(self, ahead: int = 0) -> str:
        return self.tokens[self.pos + ahead][0]

    def _take(self, kind: str) -> tuple[str, str, int, int]:
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
            return IncludeStmt(_unquote(path[1]), self._cover(self._token_span(token),
                                                               self._token_span(path)))
        after = self._peek(1)
        if after == ":":
            return self._node(depth)
        if after == "=":
            self.pos += 2
            value, span = self._value(depth)
            return AttrStmt(word, value, self._cover(self._token_span(token), span))
        if after == "EDGE_OP":
            return self._edge(depth)
        raise _Fail

    def _node(self, depth: int) -> Statement:
        ident = self._take("NAME")
        self.pos += 1  # ':'
        kind = self._take("NAME")
        kind_span = self._token_span(kind)
        label, body, last = self._label_and_body(kind_span, depth)
        return NodeStmt(ident[1], kind[1], label, body,
                        self._cover(self._token_span(ident), last), kind_span)

    def _group(self, depth: int) -> Statement:
        keyword = self.tokens[self.pos]
        self.pos += 1
        ident = self._take("NAME")
        label, body, last = self._label_and_body(self._token_span(ident), depth)
        return GroupStmt(keyword[1], ident[1], label, body,
                         self._cover(self._token_span(keyword), last))

    def _label_and_body(self, last: Span, depth: int) -> "tuple[str | None, list | None, Span]":
        """`["Label"] [{ ... }]` after a node's kind, a group's id or an edge."""
        label = None
        if self._peek() == "STRING":
            token = self._take("STRING")
            label, last = _unquote(token[1]), self._token_span(token)
        body = None
        if self._peek() == "{":
            body, last = self._body(depth)
        return label, body, last

    def _body(self, depth: int) -> "tuple[list[Statement], Span]":
        opening = self._take("{")
        statements = self._statements(depth + 1)
        closing = self._take("}")
        return statements, self._cover(self._token_span(opening), self._token_span(closing))

    def _edge(self, depth: int) -> Statement:
        endpoints, first = self._endpoint()
        chain, ops = [endpoints], []
        last = first
        while self._peek() == "EDGE_OP":
            ops.append(self._take("EDGE_OP")[1])
            refs, last = self._endpoint()
            chain.append(refs)
        if not ops:
            raise _Fail
        label = body = None
        if self._peek() == ":":
            self.pos += 1
            token = self._take("STRING")
            label, last = _unquote(token[1]), self._token_span(token)
        if self._peek() == "{":
            body, last = self._body(depth)
        return EdgeStmt(chain, ops, label, body, self._cover(first, last))

    def _endpoint(self) -> "tuple[list, Span]":
        if self._peek() == "NAME":
            token = self._take("NAME")
            span = self._token_span(token)
            return [Ref(token[1], span)], span
        opening = self._take("[")
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
        closing = self._take("]")
        return refs, self._cover(self._token_span(opening), self._token_span(closing))

    def _value(self, depth: int) -> "tuple[object, Span]":
        token = self.tokens[self.pos]
        kind, text = token[0], token[1]
        if kind == "[":
            return self._list(depth)
        self.pos += 1
        span = self._token_span(token)
        if kind == "QUANTITY":
            return parse_quantity(text), span
        if kind == "NUMBER":
            return parse_number(text), span
        if kind == "STRING":
            return _unquote(text), span
        if kind == "NAME":
            if text == "true":
                return True, span
            if text == "false":
                return False, span
            return Name(text), span
        raise _Fail

    def _list(self, depth: int) -> "tuple[list, Span]":
        if depth > _MAX_DEPTH:
            raise _Fail
        opening = self._take("[")
        values = []
        while self._peek() != "]":
            value, _ = self._value(depth + 1)
            values.append(value)
            if self._peek() == ",":
                self.pos += 1
            elif self._peek() != "]":
                raise _Fail
        closing = self._take("]")
        return values, self._cover(self._token_span(opening), self._token_span(closing))


assert sys.getrecursionlimit() > 8 * _MAX_DEPTH  # each level costs a few frames
