"""Where ids are written: definitions (`id: kind`, `vpc id`) and uses (edge ends),
in a file, the files it includes and the files that include it; the outline and the
foldable bodies.

Read from the formatter's concrete syntax tree, which keeps every token with its
position, so a name in a label, a comment or a value is never taken for an id.
Positions here are 1-based, as in spans; the server converts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from archlint.format.layout import parse_concrete
from archlint.language.document import Document
from archlint.lsp.analysis import Analysis
from archlint.lsp.includes import Source, project_of

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEYWORDS = {"region", "az", "vpc", "subnet", "account", "asg", "group", "true", "false", "include"}


@dataclass(frozen=True)
class Place:
    path: Path
    line: int
    column: int
    end_column: int


@dataclass(frozen=True)
class Occurrence:
    name: str
    place: Place
    definition: bool


@dataclass
class Symbol:
    """An outline entry: a group or a node, with what it contains."""

    name: str
    kind: str
    label: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    name_column: int
    children: list["Symbol"] = field(default_factory=list)


def _trees(document: Document):  # type: ignore[no-untyped-def]
    return _concrete(document.text)


@lru_cache(maxsize=4)
def _concrete(text: str):  # type: ignore[no-untyped-def]
    """The concrete tree of a text, parsed once per version: after a keystroke an editor
    asks for the outline, the folding ranges and often references of the same text
    (read only; a few recent texts are kept, so memory stays bounded)."""
    try:
        return parse_concrete(text).tree
    except Exception:  # noqa: BLE001 - a document being edited may not parse; it has no ids
        return None


def _shift(document: Document, token) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return token.line + document.line_offset, token.column + document.column_offset


def occurrences(document: Document, path: Path) -> Iterator[Occurrence]:
    tree = _trees(document)
    if tree is None:
        return
    for sub in tree.iter_subtrees_topdown():
        if sub.data == "node":
            tokens, definition = [sub.children[0]], True
        elif sub.data == "group":
            tokens, definition = [sub.children[1]], True
        elif sub.data == "endpoint":
            tokens, definition = [t for t in sub.children if getattr(t, "type", "") == "NAME"], False
        else:
            continue
        for token in tokens:
            line, column = _shift(document, token)
            yield Occurrence(str(token), Place(path, line, column, column + len(token)), definition)


def word_at(text: str, line: int, column: int) -> tuple[str, int, int] | None:
    """The name under 1-based (line, column): (name, start column, end column)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    for match in NAME.finditer(lines[line - 1]):
        if match.start() + 1 <= column <= match.end() + 1:
            return match.group(), match.start() + 1, match.end() + 1
    return None


def at(analysis: Analysis, line: int, column: int, read: Callable[[Path], str | None]
       ) -> tuple[Occurrence | None, list[Occurrence]]:
    """The id occurrence under the cursor, and every occurrence of that id: in the
    documents that share ids with the one at `line` (a Markdown block has its own), and,
    when the id is defined in another file, in every document that includes that file
    (a rename must reach each one, or it breaks them)."""
    here, sources = _scope(analysis, line, column, read)
    if here is None:
        return None, []
    found = {o for s in sources for o in occurrences(s.document, s.path) if o.name == here.name}
    return here, sorted(found, key=lambda o: (str(o.place.path), o.place.line, o.place.column))


def taken(analysis: Analysis, line: int, column: int, read: Callable[[Path], str | None],
          name: str) -> bool:
    """Whether `name` is already an id where the id under the cursor lives: renaming to
    it would merge two components into one (`a -> b` becomes `b -> b`)."""
    here, sources = _scope(analysis, line, column, read)
    return here is not None and name != here.name and any(
        o.name == name for s in sources for o in occurrences(s.document, s.path))


def _scope(analysis: Analysis, line: int, column: int, read: Callable[[Path], str | None]
           ) -> tuple[Occurrence | None, list[Source]]:
    """The occurrence under the cursor and the documents its id is shared by (see `at`)."""
    document = analysis.document_at(line)
    own = [document] if document is not None else analysis.documents
    here = next((o for d in own for o in occurrences(d, analysis.path)
                 if o.place.line == line and o.place.column <= column <= o.place.end_column), None)
    if here is None:
        return None, []
    path = analysis.path.resolve()
    project = project_of(path, analysis.documents, read)
    sources = project.sharing(path, own)
    defined = {o.place.path for s in sources for o in occurrences(s.document, s.path)
               if o.name == here.name and o.definition}
    for elsewhere in sorted(defined - {path}):
        sources = sources + project.sharing(elsewhere)
    return here, sources


_DEFINED = re.compile(r"(?m)(?:^|[{,;])\s*([A-Za-z_]\w*)\s*:(?![^\n]*->)|"
                      r"\b(?:region|az|vpc|subnet|account|asg|group)\s+([A-Za-z_]\w*)")


def ids_written(text: str) -> set[str]:
    """Ids defined in `text` as far as a line-by-line reading sees, for a document that
    does not parse while it is being typed."""
    clean = re.sub(r'"(?:[^"\\\n]|\\.)*"|(#|//)[^\n]*', '""', text)
    return {m.group(1) or m.group(2) for m in _DEFINED.finditer(clean)} - KEYWORDS


def valid_new_name(name: str) -> bool:
    return bool(NAME.fullmatch(name)) and name not in KEYWORDS


def symbols(document: Document) -> list[Symbol]:
    """The outline of one document: groups with their members, nodes."""
    tree = _trees(document)
    if tree is None:
        return []
    from archlint.format.layout import first_token, last_token

    def walk(items: list) -> list[Symbol]:  # type: ignore[type-arg]
        out: list[Symbol] = []
        for item in items:
            if not hasattr(item, "data") or item.data not in ("node", "group"):
                continue
            first, last = first_token(item), last_token(item)
            line, column = _shift(document, first)
            end_line, end_column = _shift(document, last)
            if item.data == "node":
                ident, kind, rest = item.children[0], str(item.children[2]), item.children[3:]
            else:
                ident, kind, rest = item.children[1], str(item.children[0]), item.children[2:]
            label = next((str(t)[1:-1] for t in rest if getattr(t, "type", "") == "STRING"), None)
            body = next((t for t in rest if hasattr(t, "data")), None)
            symbol = Symbol(str(ident), kind, label, line, column, end_line,
                            end_column + len(last), _shift(document, ident)[1])
            if body is not None:
                symbol.children = walk(body.children)
            out.append(symbol)
        return out

    return walk(tree.children)


def folding_ranges(document: Document) -> list[tuple[int, int]]:
    """(first line, last line) of each body or list written over several lines."""
    tree = _trees(document)
    if tree is None:
        return []
    ranges = []
    for sub in tree.iter_subtrees():
        if sub.data in ("body", "list", "endpoint") and len(sub.children) > 1:
            opening, closing = sub.children[0], sub.children[-1]
            if closing.line > opening.line:
                ranges.append((opening.line + document.line_offset,
                               closing.line + document.line_offset))
    return sorted(ranges)
