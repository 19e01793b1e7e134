"""The canonical layout of one document: concrete syntax tree -> formatted text.

The formatter reads the language with the same grammar as the checker, but keeps
every token (lark's `keep_all_tokens`) so that it can write back exactly what the
author wrote: values, strings and comments are copied verbatim; only whitespace,
separators and line breaks between statements change. The layout:

- two spaces of indentation per body level; `{` ends its header line;
- statements keep their lines: several on one line are joined with `, ` (but one
  holding a comment starts its own line, so the comment keeps its statement), a body
  or list written on one line stays on one line (`{ a = 1, b = 2 }`), one written
  over several lines gets one line per original line;
- `id: kind` columns are aligned in a run of node lines (no blank line between)
  that its author aligned; separators between statements on one line become
  `, ` (an author's `;` stays);
- one space around `=`, arrows and the edge label's `:`; at most one blank line,
  none after `{` or before `}`;
- a trailing comment stays on its statement's line (at least two spaces after
  it, at its original column when that fits); a comment inside a statement that
  is joined onto one line moves just above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterator, Union

if TYPE_CHECKING:
    from lark import Lark, Token, Tree

INDENT = "  "
STATEMENTS = {"attribute", "node", "group", "edge", "include"}


class FormatError(Exception):
    """The formatted text would not mean the same as the input (a bug, never written)."""


@dataclass
class _Comment:
    line: int
    column: int
    text: str
    own_line: bool       # nothing but whitespace before it on its line


@dataclass
class _Line:
    depth: int
    text: str
    first: int           # original line of the first token on this output line
    last: int            # original line of the last token
    closing: bool = False        # starts with '}' or ']': comments above sit one level deeper
    blank_before: bool = False
    comments_before: list[_Comment] = field(default_factory=list)
    trailing: list[_Comment] = field(default_factory=list)
    node: tuple[str, int] | None = None   # starts with a node: its id, spaces after `id:`
    tokens: list[tuple[int, int]] = field(default_factory=list)   # source (line, column)s


@dataclass
class ConcreteTree:
    tree: "Tree"
    comments: list[_Comment]


@lru_cache(maxsize=1)
def _grammar() -> str:
    return resources.files("archlint.grammar").joinpath("archlint.lark").read_text()


@lru_cache(maxsize=1)
def _lark() -> "tuple[Lark, list[Token]]":
    """One parser per process; comments are collected in the list, emptied per parse."""
    from lark import Lark

    found: list["Token"] = []
    lark = Lark(_grammar(), parser="lalr", lexer="contextual", keep_all_tokens=True,
                maybe_placeholders=False, lexer_callbacks={"COMMENT": found.append})
    return lark, found


def parse_concrete(text: str) -> ConcreteTree:
    """Every token and comment of `text`. Raises lark's UnexpectedInput on a syntax error
    (callers parse with `archlint.language.parser.parse` first for the friendly message)."""
    lark, found = _lark()
    found.clear()
    tree = lark.parse(text)
    lines = text.split("\n")
    comments = [_Comment(t.line, t.column, t.value.rstrip(),
                         not lines[t.line - 1][:t.column - 1].strip()) for t in found]
    found.clear()
    return ConcreteTree(tree, comments)


def tokens(tree: "Tree") -> Iterator["Token"]:
    """The tree's tokens in source order (separators included)."""
    from lark import Token

    for item in _walk(tree):
        if isinstance(item, Token):
            yield item


def _walk(tree: "Tree") -> Iterator[object]:
    from lark import Tree

    stack: list[object] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, Tree):
            stack.extend(reversed(item.children))
        else:
            yield item


def first_token(item: "Tree | Token") -> "Token":
    return next(tokens(item)) if hasattr(item, "children") else item  # type: ignore[arg-type]


def last_token(item: "Tree | Token") -> "Token":
    if not hasattr(item, "children"):
        return item  # type: ignore[return-value]
    last = None
    for last in tokens(item):  # noqa: B007 - the loop finds the last one
        pass
    assert last is not None
    return last


Piece = Union["Tree", "Token"]


class _Writer:
    """Writes statements as output lines; comments are merged afterwards."""

    def __init__(self, blank: set[int], comments: list[_Comment]) -> None:
        self.lines: list[_Line] = []
        self.blank = blank       # original line numbers that are empty
        self.comments = sorted((c.line, c.column) for c in comments)

    def holds_comment(self, item: "Tree") -> bool:
        """Whether a comment is written inside the statement `item`."""
        from bisect import bisect_right

        first, last = first_token(item), last_token(item)
        at = bisect_right(self.comments, (first.line, first.column))
        return at < len(self.comments) and self.comments[at] < (last.line, last.column)

    # -- output lines ----------------------------------------------------------
    def new_line(self, depth: int, token: "Token", closing: bool = False) -> None:
        blank = not closing and (token.line - 1) in self.blank
        self.lines.append(_Line(depth, "", token.line, token.line, closing, blank))

    def add(self, text: str, *written: "Token") -> None:
        """Append `text`, which writes the source tokens `written` (for placing comments)."""
        line = self.lines[-1]
        line.text += text
        for token in written:
            line.last = max(line.last, token.line)
            line.tokens.append((token.line, token.column))

    # -- statements ------------------------------------------------------------
    def statements(self, items: list[Piece], depth: int, inline: bool = False) -> None:
        """Statements of a body (inline: on the current line, which the body opened)."""
        statements = [i for i in items if hasattr(i, "data") and i.data in STATEMENTS]
        previous_end: int | None = None
        previous_closed = False
        separator = ","
        for item in items:
            if not hasattr(item, "data"):
                if getattr(item, "type", None) in ("COMMA", "SEMICOLON"):
                    separator = str(item)
                continue
            if item.data not in STATEMENTS:
                continue
            start = first_token(item)
            if inline and previous_end is None:
                pass
            elif previous_end is not None and start.line == previous_end and not previous_closed \
                    and not self.holds_comment(item):   # its comments stay where they cover
                self.add(f"{separator} ")   # the author's ';' stays, none becomes ','
            else:
                self.new_line(depth, start)
                if item.data == "node":
                    colon, kind = item.children[1], item.children[2]
                    self.lines[-1].node = (str(item.children[0]), kind.column - colon.end_column)
            before = len(self.lines)
            self.statement(item, depth)
            previous_end = last_token(item).line
            previous_closed = len(self.lines) > before
            separator = ","

    def statement(self, tree: "Tree", depth: int) -> None:
        parts = tree.children
        if tree.data == "attribute":
            self.add(f"{parts[0]} = ", parts[0], parts[1])
            self.value(parts[2], depth)
        elif tree.data == "node":
            self.add(f"{parts[0]}: {parts[2]}", *parts[:3])
            self.tail(parts[3:], depth)
        elif tree.data == "group":
            self.add(f"{parts[0]} {parts[1]}", parts[0], parts[1])
            self.tail(parts[2:], depth)
        elif tree.data == "include":
            self.add(f"include {parts[1]}", parts[0], parts[1])
        else:
            self.edge(parts, depth)

    def edge(self, parts: list[Piece], depth: int) -> None:
        rest = list(parts)
        self.endpoint(rest.pop(0), depth)
        while rest and getattr(rest[0], "type", None) == "EDGE_OP":
            operator = rest.pop(0)
            self.add(f" {operator} ", operator)
            self.endpoint(rest.pop(0), depth)
        if rest and getattr(rest[0], "type", None) == "COLON":
            self.add(f" : {rest[1]}", rest[0], rest[1])
            rest = rest[2:]
        self.tail(rest, depth)

    def tail(self, parts: list[Piece], depth: int) -> None:
        """An optional label, then an optional body."""
        for part in parts:
            if hasattr(part, "data"):
                self.body(part, depth)  # type: ignore[arg-type]
            else:
                self.add(f" {part}", part)  # type: ignore[arg-type]

    def body(self, tree: "Tree", depth: int) -> None:
        opening, closing = tree.children[0], tree.children[-1]
        inner = tree.children[1:-1]
        if opening.line == closing.line:
            if not any(hasattr(i, "data") for i in inner):
                self.add(" { }", opening, closing)
                return
            self.add(" { ", opening)
            self.statements(inner, depth + 1, inline=True)
            self.add(" }", closing)
            return
        self.add(" {", opening)
        self.statements(inner, depth + 1)
        self.new_line(depth, closing, closing=True)
        self.add("}", closing)

    def endpoint(self, tree: "Tree", depth: int) -> None:
        names = [c for c in tree.children if getattr(c, "type", None) == "NAME"]
        if len(tree.children) == 1:
            self.add(str(names[0]), names[0])
            return
        self.bracketed(tree.children[0], names, tree.children[-1], depth, self._name)

    def _name(self, item: Piece, depth: int) -> None:
        self.add(str(item), item)  # type: ignore[arg-type]

    def value(self, tree: "Tree", depth: int) -> None:
        if tree.data != "list":
            token = tree.children[0]
            self.add(str(token), token)
            return
        items = [c for c in tree.children[1:-1] if hasattr(c, "data")]
        self.bracketed(tree.children[0], items, tree.children[-1], depth, self.value)

    def bracketed(self, opening: "Token", items: list, closing: "Token", depth: int,
                  write) -> None:  # type: ignore[no-untyped-def]
        """`[a, b]` on one line, or one item per line when written over several lines."""
        if opening.line == closing.line or not items:
            self.add("[", opening)
            for index, item in enumerate(items):
                if index:
                    self.add(", ")
                write(item, depth)
            self.add("]", closing)
            return
        self.add("[", opening)
        for item in items:
            self.new_line(depth + 1, first_token(item))
            write(item, depth + 1)
            self.add(",")
        self.new_line(depth, closing, closing=True)
        self.add("]", closing)


def _merge_comments(lines: list[_Line], comments: list[_Comment]) -> list[_Comment]:
    """Place each comment by the source token next to it: a trailing comment stays after
    the token it followed, an own-line comment goes above the line holding the token
    after it; either moves above a line that joined its statement. Returns the
    comments after the last token (they end the document)."""
    from bisect import bisect_left

    written = sorted((position, index) for index, line in enumerate(lines)
                     for position in line.tokens)
    positions = [position for position, _ in written]
    for comment in comments:
        at = bisect_left(positions, (comment.line, comment.column))
        if not comment.own_line and at > 0:
            position, index = written[at - 1]
            line = lines[index]
            if position == max(line.tokens):
                line.trailing.append(comment)
                continue
            line.comments_before.append(comment)
        elif at < len(written):
            lines[written[at][1]].comments_before.append(comment)
        else:
            return comments[comments.index(comment):]
    return []


def _align(lines: list[_Line], blank: set[int]) -> None:
    """Pad `id:` in runs of node lines of one body, no blank line between them.

    A run is aligned when its author aligned it (some line has more than one space
    after `id:`), and then to its longest id, also after a longer id is added;
    otherwise each `id:` is followed by one space. Lines inside a node's body do
    not end its run; any other statement line of the body does.
    """
    runs: dict[int, list[_Line]] = {}

    def close(depth: int) -> None:
        run = runs.pop(depth, [])
        if not any(line.node[1] > 1 for line in run):  # type: ignore[index]
            return
        width = max(len(line.node[0]) for line in run)  # type: ignore[index]
        for line in run:
            ident = line.node[0]  # type: ignore[index]
            line.text = f"{ident}:".ljust(width + 2) + line.text[len(ident) + 2:]

    for line in lines:
        for depth in [d for d in runs if d > line.depth]:
            close(depth)
        if line.closing:
            continue
        gap = line.blank_before or any((c.line - 1) in blank for c in line.comments_before)
        if line.node is None or gap:
            close(line.depth)
        if line.node is not None:
            runs.setdefault(line.depth, []).append(line)
    for depth in list(runs):
        close(depth)


def _render(lines: list[_Line], rest: list[_Comment], blank: set[int], trailing_column: dict) -> str:
    out: list[str] = []

    def emit(text: str, blank_before: bool) -> None:
        if blank_before and out and out[-1] != "" and not out[-1].endswith(("{", "[")):
            out.append("")
        out.append(text)

    for line in lines:
        depth = line.depth + (1 if line.closing else 0)
        for comment in line.comments_before:
            emit(INDENT * depth + comment.text, (comment.line - 1) in blank)
        text = INDENT * line.depth + line.text
        for comment in line.trailing:
            column = max(len(text) + 2, trailing_column.get(id(comment), 0))
            text = text.ljust(column) + comment.text
        emit(text, line.blank_before)
    for comment in rest:
        emit(comment.text, (comment.line - 1) in blank)
    return "\n".join(out) + "\n" if out else ""


def format_text(text: str) -> str:
    """The canonical layout of one document (raises lark's error on a syntax error)."""
    concrete = parse_concrete(text)
    source_lines = text.split("\n")
    blank = {n for n, line in enumerate(source_lines, 1) if not line.strip()}
    writer = _Writer(blank, concrete.comments)
    writer.statements(concrete.tree.children, 0)
    rest = _merge_comments(writer.lines, concrete.comments)
    _align(writer.lines, blank)
    keep_column = {id(c): c.column - 1 for c in concrete.comments if not c.own_line}
    result = _render(writer.lines, rest, blank, keep_column)
    _same_meaning(concrete, result)
    return result


def _significant(tree: "Tree") -> list[tuple[str, str]]:
    return [(t.type, str(t)) for t in tokens(tree) if t.type not in ("COMMA", "SEMICOLON")]


def _same_meaning(before: ConcreteTree, formatted: str) -> None:
    """Refuse to return text whose tokens or comments differ from the input's."""
    after = parse_concrete(formatted)
    if _significant(before.tree) != _significant(after.tree) or \
            [c.text for c in before.comments] != [c.text for c in after.comments]:
        raise FormatError("the formatted text would change the document's tokens")
