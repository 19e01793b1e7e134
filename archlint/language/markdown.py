"""The ```archlint blocks of a Markdown design doc, each a `Document` placed at its
lines and columns in the file (CommonMark fences, blocks inside `>` quotes too).
A fence word that is surely a misspelt `archlint`, or a word after it that is not
`skip` or `name=`, is an error on the fence line, never a block silently skipped."""

from __future__ import annotations

import os
import re
from pathlib import Path

from archlint.language.document import Document
from archlint.model.findings import SYNTAX_ERROR, UNNAMED_BLOCK, input_error
from archlint.model.graph import Span
from archlint.spelling import ratio_reaches

_QUOTE = re.compile(r" {0,3}> ?")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}(?=[^`]*$)|~{3,})\s*(?P<info>[^\n]*)$")
_LIST_ITEM = re.compile(r"(?P<marker>[-+*]|[0-9]{1,9}[.)])(?P<gap> *)")
_MAY_OPEN = frozenset("`~>-+*0123456789\t")   # first characters of a fence, quote or list item
_BREAK = re.compile(r"([-*_])(?: *\1){2,} *$")   # `* * *`: a thematic break, not list items


def markdown_blocks(text: str, path: str, real_path: Path | None = None) -> list[Document]:
    """Every fenced block whose info string is `archlint`, with its line offset.

    Follows CommonMark: a fence is indented at most 3 spaces from its container (the
    file, a `>` quote, or a list item's content, which may start 4 or more columns in),
    the closing fence uses the same character, is at least as
    long as the opening one, and an unclosed block runs to the end of the file
    (or of the `>` quote it is in). Blocks inside quotes are checked too: their
    `>` markers become spaces, so every column stays the column in the file. Only
    the indentation common to all lines is removed (never more than the fence's),
    so a line indented less than its fence keeps its true column. Fences are found
    with tabs expanded to every 4th column, as CommonMark counts them; the margin is
    removed as written (a tab is one character), so columns stay counted in characters.
    A fence in a list item ends, unclosed, at a line indented less than the item's content.
    """
    documents: list[Document] = []
    lines = text.split("\n")
    containers = _Containers()
    i = 0
    while i < len(lines):
        if not containers.items and lines[i].lstrip(" ")[:1] not in _MAY_OPEN:
            i += 1   # prose outside any list: opens no fence, quote or item (the usual line)
            continue
        depth, prefix = _quote_prefix(lines[i])
        seen = (_unquote(lines[i], depth) or "").expandtabs(4)   # a tab: to the next 4th column
        prefix = containers.base(seen, depth, prefix)
        match = _FENCE.match(seen[prefix:])
        if not match:
            i += 1
            continue
        fence = match["fence"]
        info = match["info"].strip().split()
        in_item = any(d == depth for d, _ in containers.items)
        start = end = i + 1
        body: list[str] = []
        closed = False
        while end < len(lines):
            line = _unquote(lines[end], depth)
            if line is None:   # the quote ended, and the block with it
                break
            seen = line.expandtabs(4)
            indent = len(seen) - len(seen.lstrip(" "))
            if in_item and indent < prefix and seen.strip():
                break   # the list item ended (a fence has no lazy lines), and the block with it
            close = _FENCE.match(seen.lstrip(" ")) if indent - prefix <= 3 else None
            if close and close["fence"][0] == fence[0] and len(close["fence"]) >= len(fence) \
                    and not close["info"].strip():
                closed = True
                break
            body.append(line)
            end += 1
        if info and (info[0] == "archlint" or _meant_archlint(info[0])):
            margin = _margin(body, prefix + len(match["indent"]))
            strip = len(margin)
            document = Document(path, "\n".join(b[strip:] for b in body), line_offset=start,
                                column_offset=strip, block=len(documents) + 1, real_path=real_path)
            # tabs that reach past the item's content stay in the text: fmt must not move them
            document.keep_layout = in_item and len(margin.expandtabs(4)) < prefix \
                and any(b.strip() for b in body)
            if info[0] == "archlint":
                _block_options(document, info[1:], lines[i], documents)
            else:
                document.language = info[0]
                _refuse_language(document, info[0], lines[i])
            documents.append(document)
        i = end + 1 if closed else end   # the line that ended an unclosed block may open one
    return documents


def _margin(body: list[str], limit: int) -> str:
    """The indentation to remove from the block's lines: what all its non-blank lines
    start with, written alike (spaces, tabs), reaching at most column `limit` (the
    fence's); so a line indented less keeps its true column, and fmt writes it back."""
    common = os.path.commonprefix([b for b in body if b.strip()])
    margin = common[:len(common) - len(common.lstrip(" \t"))]
    while len(margin.expandtabs(4)) > limit:
        margin = margin[:-1]
    return margin


_BLOCK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_NEAR_MISSES = frozenset({"arch", "archlint-dsl", "arch-lint", "archlint.arch"})


def _meant_archlint(language: str) -> bool:
    """A fence language that is surely a misspelt `archlint` (```Archlint, ```archlnt,
    ```arch): checked as an error, not skipped as "another language", which would
    pass a whole design unchecked. `archlint-error` (docs' own examples) is not one."""
    word = language.lower().strip("{}").lstrip(".")   # Pandoc writes ```{.archlint}
    if word in _NEAR_MISSES or word == "archlint":
        return True
    if word.startswith("archlint-") or abs(len(word) - 8) > 2:
        return False
    return ratio_reaches(word, "archlint", 0.85)


def _refuse_language(document: Document, language: str, fence_line: str) -> None:
    column = fence_line.find(language) + 1
    span = Span(document.path, document.line_offset, column, document.line_offset,
                column + len(language))
    document.error = input_error(
        SYNTAX_ERROR, f"unknown fence language '{language}'; did you mean "
        "'archlint'? (blocks in other languages are not checked; use 'text' for "
        "a block that is not a design)", span, fence_line)


def _block_options(document: Document, words: list[str], fence_line: str,
                   earlier: list[Document]) -> None:
    """```` ```archlint skip name=rejected ````: `skip` keeps a rejected alternative
    out of the rules; `name=` names the block in outputs, pictures and baselines.
    Anything else is an error on the fence line, never silently ignored."""
    def refuse(message: str, word: str) -> None:
        column = fence_line.find(word) + 1
        span = Span(document.path, document.line_offset, column, document.line_offset,
                    column + len(word))
        document.error = input_error(SYNTAX_ERROR, message, span, fence_line)

    for word in words:
        key, equals, value = word.partition("=")
        if word == "skip":
            document.skip = True
        elif key == "name" and equals and UNNAMED_BLOCK.fullmatch(value):
            refuse(f"block name '{value}' is reserved for unnamed blocks; choose another", word)
        elif key == "name" and equals and _BLOCK_NAME.fullmatch(value):
            taken = [d for d in earlier if d.block_name == value]
            if taken:
                refuse(f"block name '{value}' is already used by the block on line "
                       f"{taken[0].line_offset}; names tell the blocks of a file apart", word)
            document.block_name = value
        elif key == "name":
            refuse(f"invalid block name '{value}': letters, digits, _ and -, starting with a "
                   "letter or digit", word)
        else:
            from difflib import get_close_matches

            close = get_close_matches(key, ["skip", "name"], n=1, cutoff=0.6)
            hint = f"did you mean '{'name=...' if close == ['name'] else 'skip'}'? " if close else ""
            refuse(f"unknown word '{word}' after ```archlint; {hint}a block takes 'skip' "
                   "and 'name=NAME'", word)


class _Containers:
    """The list items open at each line, as CommonMark nests them (as far as finding
    fences needs): each item's quote depth and content column, and whether a paragraph
    is open, which a less indented line continues lazily, staying in the item."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int]] = []
        self.paragraph = False
        self.empty = False   # the last line opened an item with nothing on it

    def base(self, line: str, depth: int, prefix: int) -> int:
        """The column where `line`'s innermost container (its `>` quote, or a list item)
        starts its content (past the end of a lazy line, which opens no fence); items
        the line opens are pushed, those it is outside of (less indented, or in a quote
        that ended) dropped. A fence in a list item may be indented 4 columns or more
        (MkDocs writes it so); outside one, such a line is indented code, never a fence."""
        if not line.strip():   # a blank line ends no list item, but one that is still empty
            if self.empty:
                self.items.pop()
            self.paragraph = self.empty = False
            return prefix
        indent = len(line) - len(line.lstrip(" "))
        inner = max([prefix] + [column for d, column in self.items if d == depth])
        if self.paragraph and indent < inner and not _opens_block(line, indent):
            return len(line)   # a lazy continuation line: still in the item
        self.items[:] = [(d, column) for d, column in self.items if d <= depth and column <= indent]
        base = max([prefix] + [column for d, column in self.items if d == depth])
        self.empty = False
        while indent - base <= 3 and not _BREAK.match(line, indent):
            item = _LIST_ITEM.match(line, indent)
            if item is None or (not item["gap"] and item.end() < len(line)):
                break
            gap, self.empty = len(item["gap"]), item.end() == len(line)
            base = item.start("gap") + (gap if 1 <= gap <= 4 and not self.empty else 1)
            self.items.append((depth, base))
            indent = item.end() if not self.empty else base
        text = (indent - base <= 3 or self.paragraph) and indent < len(line)
        self.paragraph = bool(text) and not _opens_block(line, indent)
        return base


def _opens_block(line: str, indent: int) -> bool:
    """Whether the text at `indent` starts a block (a fence, heading, thematic break or
    list item; an HTML block), which ends an open paragraph instead of continuing it."""
    rest = line[indent:]
    item = _LIST_ITEM.match(line, indent)
    return rest.startswith(("```", "~~~", "#", "<")) or bool(_BREAK.match(line, indent)) \
        or (item is not None and (bool(item["gap"]) or item.end() == len(line)))


def _quote_prefix(line: str) -> tuple[int, int]:
    """How many `>` quote markers open `line`, and where its content starts."""
    depth = position = 0
    while (marker := _QUOTE.match(line, position)) is not None:
        depth, position = depth + 1, marker.end()
    return depth, position


def _unquote(line: str, depth: int) -> str | None:
    """`line` with its first `depth` quote markers blanked out (columns kept), or
    None when it has fewer: then it is outside the quote."""
    position = 0
    for _ in range(depth):
        marker = _QUOTE.match(line, position)
        if marker is None:
            return None
        position = marker.end()
    return " " * position + line[position:]


