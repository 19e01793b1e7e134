"""The syntax tree the parser builds and the builder reads: a document's statements,
in order, with their positions, and its comments.

Plain records (archlint/model/record.py). An attribute statement is the graph's own `Attribute`, and the
spans that only an error needs (an edge end's, a node kind's) are made when asked:
a 100k-line document has about 200,000 statements. The records have `__slots__`
(no `__dict__` and no weak references): a tree of 100k lines was 60 -> 54 MiB and the
peak of a check 122 -> 114 MiB, which the build and rules then find in the cache more
often.
"""

from __future__ import annotations

from typing import Union

from archlint.model.graph import Attribute, Span
from archlint.model.record import Record

__all__ = ["AttrStmt", "Comment", "EdgeStmt", "GroupStmt", "IncludeStmt", "NodeStmt", "Ref",
           "Statement", "SyntaxTree"]


# An attribute as written is the graph's own `Attribute` (name, value, span): the
# builder keeps the object the parser made instead of copying it (a 100k-line
# document has 72,000 of them).
AttrStmt = Attribute


class NodeStmt(Record, eq=True):
    """`id: kind "label" { body }`, a component."""

    __slots__ = ("id", "kind", "label", "body", "span", "kind_line", "kind_column")

    id: str
    kind: str
    label: str | None
    body: "list[Statement] | None"
    span: Span
    kind_line: int    # where the kind is written, for `kind_span`
    kind_column: int

    def __init__(self, id: str, kind: str, label: str | None, body: "list[Statement] | None",
                 span: Span, kind_line: int, kind_column: int) -> None:
        self.id, self.kind, self.label, self.body, self.span = id, kind, label, body, span
        self.kind_line, self.kind_column = kind_line, kind_column

    @property
    def kind_span(self) -> Span:
        """The kind as written (for an unknown kind's error, so made only when asked)."""
        return Span(self.span.file, self.kind_line, self.kind_column, self.kind_line,
                    self.kind_column + len(self.kind))


class GroupStmt(Record, eq=True):
    """`kind id "label" { body }`, a region, VPC, subnet or other container."""

    __slots__ = ("kind", "id", "label", "body", "span")

    kind: str
    id: str
    label: str | None
    body: "list[Statement] | None"
    span: Span

    def __init__(self, kind: str, id: str, label: str | None, body: "list[Statement] | None",
                 span: Span) -> None:
        self.kind, self.id, self.label, self.body, self.span = kind, id, label, body, span


class Ref(Record, eq=True):
    """A name used as an edge endpoint, resolved after the whole document is read.
    Its span is made only when asked (an undefined name's error): a name is one
    token, so its place is its file, line and first column."""

    __slots__ = ("name", "file", "line", "column")

    name: str
    file: str
    line: int
    column: int

    def __init__(self, name: str, file: str, line: int, column: int) -> None:
        self.name, self.file, self.line, self.column = name, file, line, column

    @property
    def span(self) -> Span:
        return Span(self.file, self.line, self.column, self.line, self.column + len(self.name))


class EdgeStmt(Record, eq=True):
    """`a -> b -> c`: a chain of endpoints (each a name or a list) and its arrows."""

    __slots__ = ("endpoints", "ops", "label", "body", "span")

    endpoints: list[list[Ref]]
    ops: list[str]
    label: str | None
    body: "list[Statement] | None"
    span: Span

    def __init__(self, endpoints: list[list[Ref]], ops: list[str], label: str | None,
                 body: "list[Statement] | None", span: Span) -> None:
        self.endpoints, self.ops, self.label, self.body, self.span = endpoints, ops, label, body, span


class IncludeStmt(Record, eq=True):
    """`include "path"`."""

    __slots__ = ("path", "span")

    path: str
    span: Span

    def __init__(self, path: str, span: Span) -> None:
        self.path, self.span = path, span


Statement = Union[AttrStmt, NodeStmt, GroupStmt, EdgeStmt, IncludeStmt]


class Comment(Record, eq=True):
    """A comment as written. `own_line`: nothing but whitespace before it on its line;
    `next_token`: where the next token of the language starts (None at the end),
    which is what an own-line suppression covers (see archlint/model/scope.py)."""

    __slots__ = ("text", "span", "own_line", "next_token", "space_before")

    text: str
    span: Span
    own_line: bool
    next_token: Span | None
    space_before: int   # blanks between it and what precedes it on its line

    def __init__(self, text: str, span: Span, own_line: bool = True,
                 next_token: Span | None = None, space_before: int = 0) -> None:
        self.text, self.span, self.own_line = text, span, own_line
        self.next_token, self.space_before = next_token, space_before


class SyntaxTree(Record, eq=True):
    """A document's statements in order, and its comments."""

    statements: list[Statement]
    comments: list[Comment]

    def __init__(self, statements: list[Statement], comments: list[Comment] | None = None) -> None:
        self.statements = statements
        self.comments = [] if comments is None else comments
