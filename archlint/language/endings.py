"""How a file ends its lines and whether it starts with a byte order mark.

archlint reads every file as text with LF line ends and no BOM (sources.decode);
what it writes back into a file (`archlint fmt`, `archlint check --fix`) goes
through `Endings.restore`, so that a CRLF file stays CRLF, a BOM stays, and a
diff or a commit shows only the change, never every line.
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class Endings:
    newline: str = "\n"
    bom: str = ""

    @classmethod
    def of(cls, raw: str) -> "Endings":
        """The endings of `raw`, a file's text as decoded from UTF-8 (BOM and CRs kept):
        CRLF when any line ends so (an editor that saved one CRLF line saved them all)."""
        return cls("\r\n" if "\r\n" in raw else "\n", BOM if raw.startswith(BOM) else "")

    def plain(self, raw: str) -> str:
        """`raw` as archlint reads it: no BOM, LF line ends (a lone CR is a line end too)."""
        return raw[len(self.bom):].replace("\r\n", "\n").replace("\r", "\n")

    def restore(self, text: str) -> str:
        """`text` (LF line ends, no BOM) written as the file was: its line ends, its BOM.
        A final newline, or its absence, is the text's own and is kept as it is."""
        return self.bom + (text if self.newline == "\n" else text.replace("\n", self.newline))
