"""The one boundary between archlint's positions and the client's.

archlint counts 1-based lines and 1-based columns in characters (code points, as
Python indexes a str); LSP counts 0-based lines and 0-based characters in the code
units of the position encoding the client and server agreed on at `initialize`:
UTF-16 unless the client offers UTF-8 or UTF-32 (pygls picks the client's first choice
it supports). Every position the server receives or sends goes through a `Codec`, so a
😀 (two UTF-16 units, four UTF-8 bytes) or a 中 (one UTF-16 unit, three UTF-8 bytes)
before an id never shifts what the editor underlines, renames or jumps to.
"""

from __future__ import annotations

from lsprotocol import types as lsp


class Codec:
    """Converts columns of one encoding (a `PositionEncodingKind` value)."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = str(encoding or lsp.PositionEncodingKind.Utf16.value)

    def units(self, text: str) -> int:
        """How many code units of the agreed encoding `text` takes."""
        if self.encoding == lsp.PositionEncodingKind.Utf32.value:
            return len(text)
        if self.encoding == lsp.PositionEncodingKind.Utf8.value:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)

    def position(self, lines: list[str], line: int, column: int) -> lsp.Position:
        """archlint's (line, column), 1-based in characters -> the client's Position."""
        text = lines[line - 1] if 1 <= line <= len(lines) else ""
        return lsp.Position(max(line - 1, 0), self.units(text[:max(column - 1, 0)]))

    def range(self, lines: list[str], line: int, column: int, end_line: int, end_column: int
              ) -> lsp.Range:
        return lsp.Range(self.position(lines, line, column),
                         self.position(lines, end_line, end_column))

    def column(self, lines: list[str], position: lsp.Position) -> tuple[int, int]:
        """The client's Position -> archlint's 1-based (line, column) in characters; a
        position inside a character (half a surrogate pair) counts as that character."""
        text = lines[position.line] if 0 <= position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return position.line + 1, index + 1
            units += self.units(char)
        return position.line + 1, len(text) + 1
