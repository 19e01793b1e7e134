"""Formatting whole files: a `.arch` file is one document; in Markdown only the
```archlint blocks change and every other byte stays as it was.

A document with a syntax error is left alone and reported with the same
positioned message as `archlint check`; formatting never guesses.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from archlint.format.layout import format_text
from archlint.language.endings import Endings
from archlint.language.parser import ParseError, parse
from archlint.language.document import Document
from archlint.language.markdown import markdown_blocks
from archlint.language.sources import decode
from archlint.model.findings import INPUT_ERROR, SYNTAX_ERROR, Finding, input_error
from archlint.model.graph import Span



@dataclass
class Formatted:
    """One file's text before and after, or the errors that stopped it."""

    path: str
    before: str
    after: str
    errors: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # blocks left as written, and why

    @property
    def changed(self) -> bool:
        return not self.errors and self.after != self.before

    def diff(self) -> str:
        """The change as a unified diff, line ends read as LF: a CRLF file shows only
        the lines that changed, without a carriage return on every line printed."""
        before, after = (Endings.of(t).plain(t) for t in (self.before, self.after))
        lines = difflib.unified_diff(before.splitlines(keepends=True),
                                     after.splitlines(keepends=True),
                                     f"a/{self.path}", f"b/{self.path}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in lines)


def is_markdown(path: str) -> bool:
    return path.lower().endswith((".md", ".markdown"))


def format_document(document: Document) -> tuple[str | None, Finding | None]:
    """One document's canonical text, or its syntax error (positioned in its file)."""
    try:
        parse(document.text, document.path, document.line_offset, document.column_offset)
        return format_text(document.text), None
    except ParseError as error:
        return None, input_error(SYNTAX_ERROR, error.message, error.span, error.source_line)
    except RecursionError:   # groups or lists thousands deep (`archlint check` refuses 100)
        line, column = document.line_offset + 1, document.column_offset + 1
        return None, input_error(INPUT_ERROR, "input nested too deeply to format",
                                 Span(document.path, line, column, line, column + 1),
                                 " " * document.column_offset + document.text.split("\n", 1)[0])


def format_source(text: str, path: str) -> Formatted:
    """Format the text of a `.arch` or Markdown file, keeping its line ends and BOM."""
    endings = Endings.of(text)
    plain = endings.plain(text)
    notes: list[str] = []
    if is_markdown(path):
        after, errors = _format_markdown(plain, path, notes)
    else:
        after, error = format_document(Document(path, plain))
        errors = [error] if error else []
    if errors or after is None:
        return Formatted(path, text, text, errors, notes)
    if after == plain:
        return Formatted(path, text, text, notes=notes)  # untouched, byte for byte
    return Formatted(path, text, endings.restore(after), notes=notes)


def _format_markdown(text: str, path: str, notes: list[str]) -> tuple[str | None, list[Finding]]:
    lines = text.split("\n")
    errors: list[Finding] = []
    # from the last block up, so that earlier line numbers stay valid
    for block in reversed(markdown_blocks(text, path)):
        if block.language != "archlint":
            assert block.error is not None   # ```archlnt: maybe not a design at all; never rewritten
            errors.append(block.error)
            continue
        formatted, error = format_document(block)
        if error:
            errors.append(error)
            continue
        assert formatted is not None
        if block.keep_layout:   # its lines would move out of their list item, out of the block
            notes.append(f"{path}:{block.line_offset}: block left as written: tabs indent it "
                         "past its list item's content, where reformatted lines would not stay")
            continue
        original = block.text.split("\n")
        end = block.line_offset + len(original)
        prefix = _prefix(lines[block.line_offset:end], original)
        if prefix is None:
            continue   # lines with different margins (a ragged quote): left as written
        new = [prefix + line if line else prefix.rstrip() for line in formatted.split("\n")[:-1]]
        if end == len(lines) and lines[-1] == "":
            new.append("")  # an unclosed block runs to the end: keep the file's last newline
        lines[block.line_offset:end] = new
    if errors:
        return None, sorted(errors, key=Finding.sort_key)
    return "\n".join(lines), []


def _prefix(written: list[str], block: list[str]) -> str | None:
    """The margin before the block's text on every line (indentation, a `> ` quote),
    or None when the lines do not share one."""
    margins = {line[:len(line) - len(text)] for line, text in zip(written, block)
               if text.strip() and line.endswith(text)}
    if len(margins) != 1 or sum(1 for t in block if t.strip()) != sum(
            1 for line, t in zip(written, block) if t.strip() and line.endswith(t)):
        return None if margins or any(t.strip() for t in block) else ""
    return margins.pop()


def format_bytes(data: bytes, path: str) -> Formatted:
    """Decode (strict UTF-8, as `archlint check` reads) and format."""
    _, error = decode(data, path)
    if error:
        return Formatted(path, "", "", [error])
    return format_source(data.decode("utf-8"), path)
