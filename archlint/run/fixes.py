"""Apply the text edits that findings carry (`archlint check --fix` / `--diff`).

Edits apply to the text as archlint reads it (LF line ends, no BOM); the file is
written back with its own line ends and BOM. Edits of one file are applied from
the end, so earlier positions stay valid; a fix that overlaps one already taken is
left for the next run. A file whose
fixed text no longer parses is not changed: a fix must never break a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archlint.language import sources
from archlint.language.document import Document
from archlint.language.markdown import markdown_blocks
from archlint.language.endings import Endings
from archlint.language.parser import ParseError, parse
from archlint.model.findings import Edit, Finding


@dataclass
class FixedFile:
    path: Path
    shown: str
    before: str
    after: str
    fixed: int          # findings whose edits were applied
    problem: str | None = None
    endings: Endings = Endings()

    @property
    def written(self) -> str:
        """`after` as the file is written: with the file's own line ends and BOM."""
        return self.endings.restore(self.after)

    def diff(self) -> str:
        from archlint.format.files import Formatted

        return Formatted(self.shown, self.before, self.after).diff()


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(text) + 1 for text in lines[:line - 1]) + column - 1


def apply(text: str, fixes: "list[Edit | tuple[Edit, ...]]") -> tuple[str, int]:
    """`text` with the `fixes` applied (each an edit or a finding's edits, taken whole
    or not at all) that do not overlap one taken already; how many were applied."""
    lines = text.split("\n")
    groups = []
    for fix in fixes:
        edits = sorted(((_offset(lines, e.span.line, e.span.column),
                         _offset(lines, e.span.end_line, e.span.end_column), e.text)
                        for e in ((fix,) if isinstance(fix, Edit) else fix)), reverse=True)
        if edits and all(a[0] >= b[1] for a, b in zip(edits, edits[1:])):
            groups.append(edits)
    applied, limit = 0, len(text) + 1
    for edits in sorted(groups, reverse=True):
        if edits[0][1] > limit or edits[-1][0] < 0:
            continue
        for start, end, new in edits:
            text = text[:start] + new + text[end:]
        limit, applied = edits[-1][0], applied + 1
    return text, applied


def _parses(text: str, path: Path) -> str | None:
    documents = (markdown_blocks(text, str(path)) if path.suffix.lower() in (".md", ".markdown")
                 else [Document(str(path), text)])
    for document in documents:
        try:
            parse(document.text, document.path, document.line_offset, document.column_offset)
        except ParseError as error:
            return error.message
    return None


def fixable(findings: list[Finding], unsafe: bool = False) -> list[Finding]:
    """The findings whose edits `--fix` applies: safe ones, and with `unsafe` the rest;
    edits are written in the language, never into an imported template."""
    return [f for f in findings if f.edits and (f.fix_safe or unsafe)
            and all(e.span.file.lower().endswith((".arch", ".md", ".markdown")) for e in f.edits)]


def fix_files(findings: list[Finding], unsafe: bool = False) -> list[FixedFile]:
    """The fixed text of every file that (applicable) edits point into; an edit may
    point into another file than its finding (a node written in an included file)."""
    by_file: dict[str, list[tuple[Edit, ...]]] = {}
    for finding in fixable(findings, unsafe):
        for file in {e.span.file for e in finding.edits}:
            by_file.setdefault(file, []).append(tuple(e for e in finding.edits if e.span.file == file))
    out = []
    for shown, edits in sorted(by_file.items()):
        path = Path(shown)
        data, error = sources.read_bytes(path, shown)
        text, error = (None, error) if data is None else sources.decode(data, shown)
        if text is None or data is None:
            out.append(FixedFile(path, shown, "", "", 0, error.message if error else "unreadable"))
            continue
        after, applied = apply(text, edits)
        problem = _parses(after, path)
        if problem:
            out.append(FixedFile(path, shown, text, text, 0, f"the fix would not parse ({problem})"))
            continue
        out.append(FixedFile(path, shown, text, after, applied, None, Endings.of(data.decode("utf-8"))))
    return out
