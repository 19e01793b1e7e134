"""Check one document: text -> graph -> selected rules -> suppressions -> findings.

Input errors (syntax, unknown kinds, bad includes...) are collected per document
and stop only that document; rules run only on documents that built cleanly, so
that a rule never reasons about half a graph. Suppressions are applied here, and
the rules about suppressions (SUP001, SUP002) run around that step through their
registered stage: the engine knows stages, never a rule module.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable

from archlint.language.builder import IncludeFailure, build_graph
from archlint.language.collector import without_gc
from archlint.language.excerpts import SourceText, with_source_lines
from archlint.model.findings import Finding, input_error, INCLUDE_ERROR, SYNTAX_ERROR, INPUT_ERROR
from archlint.model.graph import Graph, Span, Suppression
from archlint.language.parser import Comment, IncludeStmt, ParseError, Statement, parse
from archlint.registry import (
    AFTER_SUPPRESSIONS, BEFORE_SUPPRESSIONS, GRAPH, Rule, SuppressionUse, all_rules, covers,
    matches, selected,
)
from archlint.config.settings import Settings
from archlint.language import sources
from archlint.language.document import Document
from archlint.model import scope
from archlint.run.results import DocumentResult

MAX_INCLUDED_FILES = 1000                 # per document, each file counted once
MAX_INCLUDED_BYTES = 4 * sources.MAX_FILE_BYTES   # all included text of one document


def parse_document(document: Document, root: Path | None = None) -> tuple[Graph | None, list[Finding]]:
    """Parse and build one document; (None, errors) when it has a syntax error."""
    try:
        tree = parse(document.text, document.path, document.line_offset, document.column_offset)
    except ParseError as error:
        shifted = " " * document.column_offset + error.source_line   # under a `> ` quote
        return None, [input_error(SYNTAX_ERROR, error.message, error.span, shifted)]
    except RecursionError:
        span = Span(document.path, 1 + document.line_offset, 1, 1 + document.line_offset, 2)
        return None, [input_error(INPUT_ERROR, "input nested too deeply to parse", span)]

    resolver = None
    if document.real_path is not None:
        resolver = _IncludeResolver(document.real_path, root or sources.project_root(document.real_path))
    graph, errors = build_graph(tree.statements, tree.comments, document.path, resolver)
    if graph is not None and resolver is not None:
        graph.included = tuple(map(str, resolver.included))
    if errors:
        texts = {document.path: SourceText(document.text, document.line_offset,
                                           document.column_offset),
                 **(resolver.texts if resolver else {})}
        errors = with_source_lines(errors, texts)
    return graph, errors


class _IncludeResolver:
    """Follows `include` statements safely, remembering which file included which.

    A statement's span names the file it was written in, so the including file of
    any `include`, however deeply nested, is known without another tree walk.
    """

    def __init__(self, path: Path, root: Path) -> None:
        self.root = root
        self.real: dict[str, Path] = {}
        self.chain: dict[str, tuple[Path, ...]] = {}
        self.main = path.resolve()
        self.included: dict[Path, Span] = {}
        self.texts: dict[str, SourceText] = {}   # included files, for their errors' excerpts
        self.bytes = 0

    def _budget(self, statement: IncludeStmt, target: Path, shown: str) -> None:
        """Each file once per document, and a bounded total: files that include
        each other twice over (a diamond per level) would otherwise be read 2^depth
        times (14 levels: 32,768 reads of 28 small files)."""
        def refuse(message: str) -> None:
            raise IncludeFailure([input_error(INCLUDE_ERROR, f'include "{statement.path}": {message}',
                                              statement.span)])

        first = self.included.get(target)
        if first is not None:
            refuse(f"{shown} is already included in this document (at {first.file}:{first.line}); "
                   "a file is included once")
        if len(self.included) >= MAX_INCLUDED_FILES:
            refuse(f"more than {MAX_INCLUDED_FILES} files included in one document")
        if self.bytes > MAX_INCLUDED_BYTES:
            refuse(f"the included files exceed {MAX_INCLUDED_BYTES // 2**20} MiB in one document")
        self.included[target] = statement.span

    def __call__(self, statement: IncludeStmt) -> tuple[list[Statement], list[Comment]]:
        including = self.real.get(statement.span.file, self.main)
        chain = self.chain.get(statement.span.file, (self.main,))
        target, error = sources.resolve_include(
            including, statement.path, self.root, chain, statement.span)
        if error:
            raise IncludeFailure([error])
        assert target is not None
        shown = sources.display_path(target)
        self._budget(statement, target, shown)
        text, read_error = sources.read_text(target, shown)
        if read_error:
            raise IncludeFailure([read_error])
        self.bytes += len(text or "")
        try:
            tree = parse(text or "", shown)
        except ParseError as problem:
            raise IncludeFailure([input_error(SYNTAX_ERROR, problem.message, problem.span,
                                              problem.source_line)]) from None
        self.real[shown] = target
        self.chain[shown] = (*chain, target)
        self.texts[shown] = SourceText(text or "")
        return tree.statements, tree.comments


def rules_for(settings: Settings, rules: tuple[Rule, ...] | None = None) -> list[Rule]:
    return selected(rules if rules is not None else all_rules(), settings.select, settings.ignore)


def ran_on(rules: list[Rule], settings: Settings, path: str) -> list[Rule]:
    """The selected rules that run on the file at `path` (`per-file-ignores` applied)."""
    skip = settings.file_ignores(path)
    return [rule for rule in rules if not any(matches(s, rule) for s in skip)]


def run_rules(graph: Graph, ran: Iterable[Rule], settings: Settings) -> list[Finding]:
    """The findings of the design rules (stage GRAPH) among `ran`, one per cause
    (see apply_precedence)."""
    return apply_precedence(graph, graph_findings(graph, ran, settings))[0]


def graph_findings(graph: Graph, ran: Iterable[Rule], settings: Settings) -> list[Finding]:
    """Every finding of the design rules among `ran`, before precedence."""
    return [finding for rule in ran if rule.stage == GRAPH
            for finding in rule.run(graph, settings.options.get(rule.id))]


def run_stage(stage: str, graph: Graph, settings: Settings, use: SuppressionUse) -> list[Finding]:
    """The findings of the post-step rules of `stage` that ran on this document."""
    return [finding for rule in use.ran if rule.stage == stage
            for finding in rule.run(graph, settings.options.get(rule.id), use=use)]


def apply_precedence(graph: Graph, findings: list[Finding]) -> tuple[list[Finding], tuple[tuple[Finding, str], ...]]:
    """Drop a finding when a rule it yields to reported the same element (or a member
    of the group it is about; every member it names in `about`, if it names them) in
    this run: one finding per cause, the most specific. A rule that was not selected
    reports nothing, so it never silences another. Returns the kept findings and the
    dropped ones with the rule each gave way to (SUP001 names it, so that a comment
    suppressing the dropped rule says which rule to suppress instead)."""
    reported: dict[str, set[str]] = {}
    for finding in findings:
        if finding.element_id:
            reported.setdefault(finding.rule_id, set()).add(finding.element_id)
    if not any(f.yields_to for f in findings):
        return findings, ()
    kept, dropped = [], []
    for finding in findings:
        winner = finding.element_id and next((
            rule_id for rule_id in finding.yields_to
            if all(_covers(graph, about, reported.get(rule_id, ()))
                   for about in finding.about or (finding.element_id,))), None)
        if winner:
            dropped.append((finding, winner))
        else:
            kept.append(finding)
    return kept, tuple(dropped)


def _covers(graph: Graph, element_id: str, reported: Iterable[str]) -> bool:
    """Whether `element_id`, or for a group one of its members, is among `reported`."""
    for other in reported:
        if other == element_id:
            return True
        element = graph.element(other)
        if element is not None and any(g.id == element_id for g in element.ancestors()):
            return True
    return False


def configured_severity(findings: list[Finding], settings: Settings) -> list[Finding]:
    """`severity: {RULE: level}` replaces the level of every finding of that rule,
    whatever level the rule chose (a graded rule such as NET001 reports warnings
    below its declared severity). Done once here, after every rule and the
    suppression rules ran, so no rule's context can drop it."""
    if not settings.severity:
        return findings
    return [f if (level := settings.severity.get(f.rule_id)) in (None, f.severity)
            else dataclasses.replace(f, severity=level) for f in findings]


def apply_suppressions(graph: Graph, findings: list[Finding]) -> tuple[list[Finding], list[Suppression]]:
    """Drop findings covered by `# archlint: ignore[...]` comments; what each comment
    covers is decided in archlint/model/scope.py, from the order of tokens alone."""
    if not graph.suppressions:
        return findings, []
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        hits = [(s, key) for s in scope.covering(graph, finding.span, finding.element_id)
                for key in s.rule_ids if covers(key, finding.rule_id, finding.rule_name)]
        if not hits:
            kept.append(finding)
        used.update((id(s), key) for s, key in hits)
    # what is left of each suppression: the ids that suppressed nothing (for SUP001)
    unused = [s if len(left) == len(s.rule_ids) else s.with_ids(left)
              for s in graph.suppressions
              if (left := tuple(i for i in s.rule_ids if (id(s), i) not in used))]
    return kept, unused


@without_gc   # archlint/language/collector.py
def check_document(document: Document, rules: list[Rule], settings: Settings,
                   root: Path | None = None) -> DocumentResult:
    if document.error is not None:
        return DocumentResult(document, None, [document.error])
    graph, errors = parse_document(document, root)
    if graph is None or errors:
        return DocumentResult(document, graph, _in_block(document, errors))
    if document.skip:   # a rejected alternative: it must read, but rules do not judge it
        return DocumentResult(document, graph, [])
    return check_graph(document, graph, rules, settings)


def check_graph(document: Document, graph: Graph, rules: list[Rule], settings: Settings,
                findings: list[Finding] | None = None) -> DocumentResult:
    """Rules and suppressions on a built graph (parsed, or imported from a template);
    `findings` are already known ones (an importer's notes) that suppressions also cover."""
    use = SuppressionUse(selected=tuple(rules), ran=tuple(ran_on(rules, settings, document.path)),
                         require_reason=settings.require_reason)
    design, yielded = apply_precedence(graph, graph_findings(graph, use.ran, settings))
    use = use._replace(yielded=yielded)
    findings = list(findings or []) + design
    findings += run_stage(BEFORE_SUPPRESSIONS, graph, settings, use)
    kept, left = apply_suppressions(graph, findings)
    after = run_stage(AFTER_SUPPRESSIONS, graph, settings, use._replace(unused=tuple(left)))
    if after:   # their own findings can be suppressed too (`ignore[SUP001]`), using nothing
        kept += apply_suppressions(graph, after)[0]
    return DocumentResult(document, graph, _in_block(document, configured_severity(kept, settings)),
                          left, empty=not (graph.nodes or graph.groups))


def _in_block(document: Document, findings: list[Finding]) -> list[Finding]:
    """Findings stamped with their Markdown block, for outputs and baselines."""
    key = document.block_key
    return findings if key is None else [dataclasses.replace(f, block=key) for f in findings]


def check_file(path: Path, rules: list[Rule], settings: Settings, data: bytes | None = None,
               shown: str | None = None, *, keep_graphs: bool = True
               ) -> tuple[list[Finding], list[DocumentResult]]:
    """The file's own errors (unreadable, not UTF-8...) and a result per document.
    `data`: the bytes already read for the cache key, checked as they are.
    `keep_graphs=False`: each document's graph and text are let go as soon as it is
    checked, so that memory does not grow with the number of Markdown blocks."""
    loaded = sources.load(path, data, shown)
    results = []
    for document in loaded.documents:
        result = check_document(document, rules, settings)
        if not keep_graphs:
            result.graph = None
            document.text = ""
        results.append(result)
    return loaded.errors, results


def check_text(text: str, path: str = "<input>", settings: Settings | None = None,
               rules: tuple[Rule, ...] | None = None) -> DocumentResult:
    """Check architecture text (no includes): what tests and rule examples use."""
    settings = settings or Settings()
    return check_document(Document(path, text), rules_for(settings, rules), settings)
