"""Cache entries as JSON and back: what checking one file produced (its file errors
and its documents' results), as positional lists.

Lists, not objects: a warm run over many files decodes every entry, and lists are
smaller and faster to parse. JSON, never pickle: a cache directory is data that
another person may have planted, and loading it must not be able to run code.
Every value is type-checked on the way in, so a planted or truncated entry is a
TypeError (a miss), never a wrong result or a crash.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from archlint.language.document import Document
from archlint.model.findings import Edit, Finding, Severity
from archlint.model.graph import Span, Suppression

if TYPE_CHECKING:
    from archlint.run.results import DocumentResult


def encode(file_errors: list[Finding], results: list["DocumentResult"]) -> list:
    """[file errors, results] as JSON-ready lists."""
    return [[_finding(f) for f in file_errors], [_result(r) for r in results]]


def decode(stored: list, path: Path | None) -> "tuple[list[Finding], list[DocumentResult]]":
    """`encode`'s lists back to objects, documents pointing at `path` (the file
    checked now); TypeError, ValueError or KeyError when not well formed."""
    from archlint.run.results import DocumentResult

    file_errors, stored_results = stored
    if type(file_errors) is not list or type(stored_results) is not list:
        raise TypeError("unexpected entry")
    results = []
    for r in stored_results:
        shown, line_offset, column_offset, block, block_name, skip, real, empty, findings, unused = \
            _checked(r, _DOCUMENT)
        real_path = None if real is None else path or Path(real)
        document = Document(shown, "", line_offset, column_offset, block, real_path, block_name)
        document.skip = skip
        results.append(DocumentResult(document, None, [_decode_finding(f) for f in findings],
                                      [_decode_unused(s) for s in unused], empty))
    return [_decode_finding(f) for f in file_errors], results


def _shape(*kinds: type | tuple[type, ...]) -> frozenset[tuple[type, ...]]:
    """Every list of types an entry's list may have (a tuple of kinds: one of them)."""
    return frozenset(itertools.product(*(k if isinstance(k, tuple) else (k,) for k in kinds)))


_OR_NULL = type(None)
_FINDING = _shape(str, int, str, str, int, int, int, int, *[(str, _OR_NULL)] * 5, (dict, _OR_NULL),
                  (list, _OR_NULL), bool)
_EDIT = _shape(str, int, int, int, int, str)
_DOCUMENT = _shape(str, int, int, (int, _OR_NULL), (str, _OR_NULL), bool, (str, _OR_NULL), bool, list, list)
_UNUSED = _shape(list, str, str, int, int, int, int)


def _checked(value: object, shape: frozenset[tuple[type, ...]]) -> list:
    """`value` if it is a list whose items have exactly one of `shape`'s types, else TypeError
    (one set look-up: a warm run checks every value of every entry)."""
    if type(value) is not list or tuple(map(type, value)) not in shape:
        raise TypeError("unexpected entry")
    return value


def _span(s: Span) -> list:
    return [s.file, s.line, s.column, s.end_line, s.end_column]


def _finding(f: Finding) -> list:
    return [f.rule_id, int(f.severity), f.message, *_span(f.span), f.element_id, f.fix,
            f.rule_name, f.source_line, f.block, f.properties,
            [[*_span(e.span), e.text] for e in f.edits] if f.edits else None, f.fix_safe]


def _result(r: "DocumentResult") -> list:
    d = r.document
    return [d.path, d.line_offset, d.column_offset, d.block, d.block_name, d.skip,
            None if d.real_path is None else str(d.real_path), r.empty,
            [_finding(f) for f in r.findings],
            [[list(s.rule_ids), s.reason, *_span(s.span)] for s in r.unused_suppressions]]


_SEVERITY = {int(level): level for level in Severity}   # a dict look-up: Severity(n) is an enum call


def _decode_finding(value: object) -> Finding:
    rule, level, message, file, line, column, end_line, end_column, element, fix, name, source, \
        block, properties, edits, safe = _checked(value, _FINDING)
    return Finding(rule, _SEVERITY[level], message, Span(file, line, column, end_line, end_column),
                   element, fix, name, source, block, properties,
                   tuple(_decode_edit(e) for e in edits) if edits else (), safe)


def _decode_edit(value: object) -> Edit:
    *span, text = _checked(value, _EDIT)
    return Edit(Span(*span), text)


def _decode_unused(value: object) -> Suppression:
    ids, reason, *span = _checked(value, _UNUSED)
    if not all(type(i) is str for i in ids):
        raise TypeError("expected rule ids")
    return Suppression(tuple(ids), reason, Span(*span))
