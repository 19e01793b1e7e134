"""Apply the text edits that findings carry (`archlint check --fix` / `--diff`).

Edits of one file are applied from the end, so earlier positions stay valid;
an edit that overlaps one already taken is left for the next run. A file whose
fixed text no longer parses is not changed: a fix must never break a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archlint.language import sources
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

    def diff(self) -> str:
        from archlint.format.files import Formatted

        return Formatted(self.shown, self.before, self.after).diff()


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(text) + 1 for text in lines[:line - 1]) + column - 1


def apply(text: str, edits: list[Edit]) -> tuple[str, int]:
    """`text` with the non-overlapping `edits` applied; how many were applied."""
    lines = text.split("\n")
    spans = sorted(((_offset(lines, e.span.line, e.span.column),
                     _offset(lines, e.span.end_line, e.span.end_column), e.text) for e in edits),
                   reverse=True)
    applied, limit = 0, len(text) + 1
    for start, end, new in spans:
        if end > limit or start < 0:
            continue
        text = text[:start] + new + text[end:]
        limit, applied = start, applied + 1
    return text, applied


def _parses(text: str, path: Path) -> str | None:
    documents = (sources.markdown_blocks(text, str(path)) if path.suffix.lower() in (".md", ".markdown")
                 else [sources.Document(str(path), text)])
    for document in documents:
        try:
            parse(document.text, document.path, document.line_offset, document.column_offset)
        except ParseError as error:
            return error.message
    return None


def fix_files(findings: list[Finding]) -> list[FixedFile]:
    """The fixed text of every file that findings with edits point into."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        # edits are written in the language: never into an imported template
        if finding.edits and finding.span.file.lower().endswith((".arch", ".md", ".markdown")):
            by_file.setdefault(finding.span.file, []).append(finding)
    out = []
    for shown, found in sorted(by_file.items()):
        path = Path(shown)
        text, error = sources.read_text(path, shown)
        if text is None:
            out.append(FixedFile(path, shown, "", "", 0, error.message if error else "unreadable"))
            continue
        edits = [e for f in found for e in f.edits]
        after, applied = apply(text, edits)
        problem = _parses(after, path)
        if problem:
            out.append(FixedFile(path, shown, text, text, 0, f"the fix would not parse ({problem})"))
            continue
        out.append(FixedFile(path, shown, text, after, applied))
    return out
