"""`archlint lsp`: the language server over stdio (pygls 2, lsprotocol).

Only this module imports pygls; the work is in analysis (checking, as `archlint
check` does), navigation (ids, outline, folding) and assist (hover, completion,
fixes). Every handler catches its own failures: a document that does not parse,
or a bug, costs that one answer, never the server.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from pathlib import Path
from typing import Callable, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from archlint import __version__
from archlint.language import sources
from archlint.lsp import assist, links, navigation
from archlint.lsp.positions import Codec
from archlint.lsp.analysis import Analysis, analyse

# a pause in typing before checking; the benchmark sets 0 to time the check itself
DEBOUNCE_SECONDS = float(os.environ.get("ARCHLINT_LSP_DEBOUNCE_MS", "150")) / 1000
LOG = logging.getLogger("archlint.lsp")
T = TypeVar("T")


class ArchlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("archlint", __version__)
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task] = {}

    def analysis(self, uri: str) -> Analysis:
        """The analysis of the document's current text (recomputed if it changed)."""
        document = self.workspace.get_text_document(uri)
        known = self.analyses.get(uri)
        text = document.source.replace("\r\n", "\n").replace("\r", "\n")
        if known is None or known.text != text:
            known = analyse(Path(to_fs_path(uri) or uri), document.source, known,
                            saved=uri.startswith("file:"))
            self.analyses[uri] = known
        return known

    def read(self, path: Path) -> str | None:
        """A file's text: the editor's if it is open, else the disk's (read as `archlint
        check` reads it: bounded, regular files only, UTF-8, LF line ends)."""
        for document in self.workspace.text_documents.values():
            if document.path and Path(document.path).resolve() == path:
                return document.source.replace("\r\n", "\n").replace("\r", "\n")
        text, _ = sources.read_text(path, sources.display_path(path))
        return text

    @property
    def codec(self) -> Codec:
        """Columns in the position encoding agreed at `initialize` (UTF-16 by default)."""
        return Codec(self.workspace.position_encoding)

    def lines(self, path: Path, analysis: Analysis) -> list[str]:
        """The lines a position in `path` counts in (this file's: the analysed text)."""
        if path.resolve() == analysis.path.resolve():
            return analysis.text.split("\n")
        return (self.read(path.resolve()) or "").split("\n")

    def cursor(self, analysis: Analysis, position: lsp.Position) -> tuple[int, int]:
        """The client's position as archlint's 1-based (line, column in characters)."""
        return self.codec.column(analysis.text.split("\n"), position)


server = ArchlintServer()


def _safe(default: T) -> Callable[[Callable[..., T]], Callable[..., T]]:
    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)   # pygls reads the signature to pass the server
        def guarded(*args: object) -> T:
            try:
                return function(*args)
            except Exception:  # noqa: BLE001 - one failed answer, never a dead server
                LOG.exception("archlint lsp: %s failed", function.__name__)
                return default
        return guarded
    return wrap


_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
             "info": lsp.DiagnosticSeverity.Information}


def _docs_link(rule_id: str) -> lsp.CodeDescription | None:
    target = links.href(rule_id)
    return lsp.CodeDescription(href=target) if target else None


def diagnostics(analysis: Analysis, codec: Codec) -> list[lsp.Diagnostic]:
    out = []
    lines = analysis.text.split("\n")
    top = codec.range(lines, 1, 1, 1, 1)
    for finding in analysis.findings:
        s = finding.span
        here = s.file == analysis.shown
        message = finding.message if here else f"{s}: {finding.message}"
        where = codec.range(lines, s.line, s.column, s.end_line, s.end_column) if here else top
        out.append(lsp.Diagnostic(
            range=where, message=message, severity=_SEVERITY[str(finding.severity)],
            code=finding.rule_id, code_description=_docs_link(finding.rule_id), source="archlint",
            data={"rule": finding.rule_id}))
    if analysis.config_error:
        out.append(lsp.Diagnostic(range=top, source="archlint",
                                  message=f"configuration: {analysis.config_error}",
                                  severity=lsp.DiagnosticSeverity.Error))
    return out


def publish(uri: str) -> None:
    try:
        analysis = server.analysis(uri)
        items = diagnostics(analysis, server.codec)
    except Exception:  # noqa: BLE001
        LOG.exception("archlint lsp: checking %s failed", uri)
        return
    document = server.workspace.get_text_document(uri)
    server.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=document.version))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ArchlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
    publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ArchlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
    publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: ArchlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
    """Check after a pause in typing: a newer change cancels the waiting check."""
    uri = params.text_document.uri
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()

    async def later() -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        ls.pending.pop(uri, None)
        publish(uri)

    ls.pending[uri] = asyncio.ensure_future(later())


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ArchlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.analyses.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
@_safe(None)
def hover(ls: ArchlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
    analysis = ls.analysis(params.text_document.uri)
    line, column = ls.cursor(analysis, params.position)
    parts = [assist.finding_hover(f) for f in analysis.findings
             if f.span.file == analysis.shown and f.span.line <= line <= f.span.end_line]
    word = navigation.word_at(analysis.text, line, column)
    if word:
        after = analysis.text.split("\n")[line - 1][word[2] - 1:].lstrip()
        before = analysis.text.split("\n")[line - 1][:word[1] - 1].rstrip()
        if after.startswith("="):
            parts.insert(0, assist.attribute_hover(word[0]) or "")
        elif before.endswith(":") or before.split()[-1:] == [] or word[0] in assist.kinds.GROUP_KINDS:
            parts.insert(0, assist.kind_hover(word[0]) or "")
    text = "\n\n---\n\n".join(p for p in parts if p)
    if not text:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=[":", "=", ">", "[", "{", " "]))
@_safe(None)
def completion(ls: ArchlintServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    analysis = ls.analysis(params.text_document.uri)
    line, column = ls.cursor(analysis, params.position)
    lines = analysis.text.split("\n")
    text = lines[line - 1] if line <= len(lines) else ""
    ids = sorted({i for g in analysis.graphs for i in (*g.nodes, *g.groups)}
                 | navigation.ids_written(analysis.text))   # also while it does not parse
    kind = assist.enclosing_kind(analysis.text, line, column)
    kinds = {"kind": lsp.CompletionItemKind.Class, "group": lsp.CompletionItemKind.Module,
             "attribute": lsp.CompletionItemKind.Property, "value": lsp.CompletionItemKind.Value,
             "id": lsp.CompletionItemKind.Reference, "unit": lsp.CompletionItemKind.Unit}
    items = [lsp.CompletionItem(label=c.label, kind=kinds[c.kind], detail=c.detail)
             for c in assist.complete(text, column, ids, kind)]
    return lsp.CompletionList(is_incomplete=False, items=items)


def _places(ls: ArchlintServer, analysis: Analysis, params: lsp.TextDocumentPositionParams
            ) -> list[navigation.Occurrence]:
    """Every occurrence of the id under the cursor (across includes, both ways)."""
    line, column = ls.cursor(analysis, params.position)
    return navigation.at(analysis, line, column, ls.read)[1]


def _location(ls: ArchlintServer, analysis: Analysis, place: navigation.Place) -> lsp.Location:
    lines = ls.lines(place.path, analysis)
    return lsp.Location(uri=from_fs_path(str(place.path)) or str(place.path),
                        range=ls.codec.range(lines, place.line, place.column, place.line,
                                             place.end_column))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
@_safe(None)
def definition(ls: ArchlintServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    analysis = ls.analysis(params.text_document.uri)
    found = [_location(ls, analysis, o.place) for o in _places(ls, analysis, params)
             if o.definition]
    return found or None


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
@_safe(None)
def references(ls: ArchlintServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    analysis = ls.analysis(params.text_document.uri)
    return [_location(ls, analysis, o.place) for o in _places(ls, analysis, params)
            if params.context.include_declaration or not o.definition] or None


@server.feature(lsp.TEXT_DOCUMENT_RENAME)
def rename(ls: ArchlintServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    if not navigation.valid_new_name(params.new_name):
        raise ValueError(f"'{params.new_name}' is not a valid id (letters, digits and _; "
                         "not a keyword)")
    analysis = ls.analysis(params.text_document.uri)
    every = _places(ls, analysis, params)
    if not every:
        return None
    if navigation.taken(analysis, *ls.cursor(analysis, params.position), ls.read, params.new_name):
        raise ValueError(f"'{params.new_name}' is already an id here; renaming '{every[0].name}' "
                         "to it would merge two components into one")
    changes: dict[str, list[lsp.TextEdit]] = {}
    for occurrence in every:
        location = _location(ls, analysis, occurrence.place)
        changes.setdefault(location.uri, []).append(lsp.TextEdit(location.range, params.new_name))
    return lsp.WorkspaceEdit(changes=changes)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@_safe(None)
def document_symbols(ls: ArchlintServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    analysis = ls.analysis(params.text_document.uri)
    lines, codec = analysis.text.split("\n"), ls.codec

    def convert(symbol: navigation.Symbol) -> lsp.DocumentSymbol:
        kind = lsp.SymbolKind.Namespace if symbol.children or symbol.kind in \
            assist.kinds.GROUP_KINDS else lsp.SymbolKind.Object
        return lsp.DocumentSymbol(
            name=symbol.name, detail=symbol.kind + (f' "{symbol.label}"' if symbol.label else ""),
            kind=kind, range=codec.range(lines, symbol.line, symbol.column, symbol.end_line,
                                         symbol.end_column),
            selection_range=codec.range(lines, symbol.line, symbol.name_column, symbol.line,
                                        symbol.name_column + len(symbol.name)),
            children=[convert(c) for c in symbol.children])

    return [convert(s) for d in analysis.documents for s in navigation.symbols(d)]


@server.feature(lsp.TEXT_DOCUMENT_FOLDING_RANGE)
@_safe(None)
def folding(ls: ArchlintServer, params: lsp.FoldingRangeParams) -> list[lsp.FoldingRange]:
    analysis = ls.analysis(params.text_document.uri)
    return [lsp.FoldingRange(start_line=a - 1, end_line=b - 1)
            for d in analysis.documents for a, b in navigation.folding_ranges(d)]


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
@_safe(None)
def formatting(ls: ArchlintServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
    from archlint.format.files import format_source

    document = ls.workspace.get_text_document(params.text_document.uri)
    result = format_source(document.source, document.path or document.uri)
    if result.errors or not result.changed:
        return None
    end = len(document.lines)
    return [lsp.TextEdit(lsp.Range(lsp.Position(0, 0), lsp.Position(end, 0)), result.after)]


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
@_safe(None)
def code_actions(ls: ArchlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    analysis = ls.analysis(params.text_document.uri)
    lines = analysis.text.split("\n")
    first, last = params.range.start.line + 1, params.range.end.line + 1
    actions = []
    for finding in analysis.findings:
        s = finding.span
        if s.file != analysis.shown or s.end_line < first or s.line > last:
            continue
        for fix in assist.fixes(finding, lines[s.line - 1] if s.line <= len(lines) else ""):
            edits = [lsp.TextEdit(ls.codec.range(lines, c.line, c.column, c.end_line or c.line,
                                                 c.end_column), c.text) for c in fix.changes]
            actions.append(lsp.CodeAction(
                title=fix.title, kind=lsp.CodeActionKind.QuickFix, is_preferred=fix.preferred,
                diagnostics=[diagnostic for diagnostic in (params.context.diagnostics or [])
                             if diagnostic.code == finding.rule_id] or None,
                edit=lsp.WorkspaceEdit(changes={params.text_document.uri: edits})))
    return actions


def main() -> None:
    """Serve one client over standard input and output until it exits."""
    logging.basicConfig(level=logging.WARNING, format="archlint lsp: %(message)s")
    server.start_io()
