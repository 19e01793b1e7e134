"""Syntax tree -> typed Graph, collecting every semantic error, not only the first.

Names are resolved after the whole document (with its includes) is read, so
edges may mention elements defined further down. The walk is iterative and the
nesting depth is bounded, so hostile input cannot exhaust the Python stack.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

from archlint.model import kinds
from archlint.model.attributes import (
    DOCUMENT_ATTRIBUTES, FREE_FORM_PREFIX, check_document_value, check_value, likely_typo,
)
from archlint.model.findings import (
    DUPLICATE_ID, INPUT_ERROR, INVALID_EDGE, INVALID_VALUE, STATEMENT_IN_NODE,
    UNDEFINED_REFERENCE, UNKNOWN_KIND, SYNTAX_ERROR, Edit, Finding, input_error,
)
from archlint.model.values import Name
from archlint.model.graph import Attribute, Edge, Element, Graph, Group, Node, Span
from archlint.language.parser import (
    AttrStmt, Comment, EdgeStmt, GroupStmt, IncludeStmt, NodeStmt, Ref, Statement,
)
from archlint.language.suppression_comments import MALFORMED, read_suppressions
from archlint.language.value_limits import out_of_range

MAX_DEPTH = 100
MAX_SUGGESTION_COMPARISONS = 200_000   # "did you mean" work per document (name pairs)
RESERVED = frozenset({"true", "false"})   # the language's boolean values: never an id
# Beyond these, input is refused with a positioned error rather than processed:
# one fan-out line `[a1..a2000] -> [b1..b2000]` is 4 million edges from 20 KB.
MAX_EDGES = 200_000          # per document, after fan-out (value limits: value_limits.py)

# Called for `include "path"`: returns the included statements and comments, or
# raises IncludeFailure with a message.
IncludeResolver = Callable[[IncludeStmt], "tuple[list[Statement], list[Comment]]"]


class IncludeFailure(Exception):
    """An include that cannot be followed (outside the root, missing, cyclic)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings


@dataclass
class _Frame:
    """Statements still to build, and the group (and node) that holds them."""

    statements: list[Statement]
    parent: Group | None
    depth: int
    inside_node: Node | None = None


class GraphBuilder:
    def __init__(self, file: str, resolve_include: IncludeResolver | None = None) -> None:
        self.graph = Graph(file)
        self.errors: list[Finding] = []
        self.resolve_include = resolve_include
        self._refs: list[tuple[Ref, Ref, Edge]] = []   # an edge's two ends, as written
        self._first_seen: dict[str, Span] = {}
        self._suggestions: dict[str, str | None] = {}
        self._suggest_budget = MAX_SUGGESTION_COMPARISONS
        self._unresolved_ok: set[str] = set()
        self._included_comments: list[Comment] = []

    def build(self, statements: list[Statement], comments: list[Comment]) -> Graph:
        self._walk(statements)
        self._suppressions(comments)
        self._resolve_refs()
        self._check_replicas()
        return self.graph.index()

    # -- the walk -------------------------------------------------------------
    def _walk(self, statements: list[Statement]) -> None:
        stack = [_Frame(_consumed(statements), None, 0)]
        while stack:
            frame = stack[-1]
            if not frame.statements:
                stack.pop()
                continue
            statement = frame.statements.pop()
            if isinstance(statement, AttrStmt):
                self._attribute(statement, frame)
            elif frame.inside_node is not None:
                self._error(
                    STATEMENT_IN_NODE,
                    f"node '{frame.inside_node.id}' cannot contain statements; only "
                    "'key = value' attributes go in a node's braces (use a group such as "
                    "'group NAME { ... }' to nest components)",
                    statement.span,
                )
            elif isinstance(statement, NodeStmt):
                self._node(statement, frame, stack)
            elif isinstance(statement, GroupStmt):
                self._group(statement, frame, stack)
            elif isinstance(statement, EdgeStmt):
                self._edges(statement, frame.depth)
            elif isinstance(statement, IncludeStmt):
                self._include(statement, frame, stack)

    def _attribute(self, statement: AttrStmt, frame: _Frame) -> None:
        target: dict[str, Attribute]
        if frame.inside_node is not None:
            target = frame.inside_node.attrs
        elif frame.parent is not None:
            target = frame.parent.attrs
        else:
            if not self._known_document_attribute(statement):
                return
            self._set_attribute(self.graph.attrs, statement,
                                known=statement.name in DOCUMENT_ATTRIBUTES)
            return
        self._set_attribute(target, statement)

    def _known_document_attribute(self, statement: AttrStmt) -> bool:
        """A document attribute is a known one or `x_` metadata; anything else is
        an error, since `web = ec2` (for `web: ec2`) would otherwise pass silently."""
        name, value = statement.name, statement.value
        if name.startswith(FREE_FORM_PREFIX):
            return True
        if name in DOCUMENT_ATTRIBUTES:
            problem = check_document_value(name, value)
            if problem:
                self._error(INVALID_VALUE, f"invalid value for document attribute '{name}': "
                            f"{_show(value)}; {problem}", statement.span)
            return problem is None
        known = ", ".join(DOCUMENT_ATTRIBUTES)
        message = f"unknown document attribute '{name}'"
        kind, written = None, str(value)
        if isinstance(value, Name):   # `web = ec2`, or `web = lamda` with a misspelt kind
            kind = kinds.lookup(written)
            close = None if kind else kinds.suggest(written)
            if close:
                kind, written = kinds.lookup(close), close
        from difflib import get_close_matches

        close = get_close_matches(name, DOCUMENT_ATTRIBUTES, n=1, cutoff=0.75)
        if kind is not None:
            message += f"; did you mean '{name}: {written}' (a node of kind {kind.name})?"
            self._unresolved_ok.add(name)  # edges to it: this error already explains them
        elif close:
            message += f"; did you mean '{close[0]}'?"
        else:
            message += (f"; a document knows {known}; write free-form metadata as "
                        f"'{FREE_FORM_PREFIX}{name} = ...'")
        self._error(INVALID_VALUE, message, statement.span)
        return False

    def _set_attribute(self, target: dict[str, Attribute], statement: AttrStmt,
                       known: bool = False) -> None:
        """`known`: a document attribute (`title`), which the spelling check of
        component attributes does not apply to."""
        if statement.name in target:
            first = target[statement.name].span
            self._error(INVALID_VALUE, f"attribute '{statement.name}' is set twice "
                        f"(first at line {first.line})", statement.span)
            return
        unusable = out_of_range(statement.value)
        if unusable:  # said without showing the value: it may be huge or deeply nested
            self._error(INVALID_VALUE, f"invalid value for '{statement.name}': {unusable}",
                        statement.span)
            return
        typo = None if known else likely_typo(statement.name)
        if typo:
            s = statement.span
            name = Span(s.file, s.line, s.column, s.line, s.column + len(statement.name))
            self._error(INVALID_VALUE, f"unknown attribute '{statement.name}'; did you mean "
                        f"'{typo}'?", statement.span, Edit(name, typo))
            return
        problem = check_value(statement.name, statement.value)
        if problem:
            self._error(INVALID_VALUE, f"invalid value for '{statement.name}': "
                        f"{_show(statement.value)}; {problem}", statement.span)
            return
        target[statement.name] = Attribute(statement.name, statement.value, statement.span)

    def _claim_id(self, ident: str, span: Span) -> bool:
        if ident in RESERVED:   # `x = true` would be ambiguous with a node named true
            self._unresolved_ok.add(ident)
            self._error(SYNTAX_ERROR, f"'{ident}' is a reserved word (a boolean value) and cannot "
                        f"be used as an id; choose another name, e.g. '{ident}_'", span)
            return False
        first = self._first_seen.get(ident)
        if first is not None:
            where = f"line {first.line}" if first.file == span.file else str(first)
            self._error(DUPLICATE_ID, f"duplicate id '{ident}': already defined at {where}", span)
            return False
        self._first_seen[ident] = span
        return True

    def _node(self, statement: NodeStmt, frame: _Frame, stack: list[_Frame]) -> None:
        kind = kinds.lookup(statement.kind)
        if not self._claim_id(statement.id, statement.span):
            return
        if kind is None:
            self._unresolved_ok.add(statement.id)
            self._unknown_kind(statement)
            return
        node = Node(statement.id, kind.name, statement.label, statement.span,
                    has_body=statement.body is not None)
        self.graph.nodes[node.id] = node
        self._adopt(node, frame.parent)
        if statement.body:
            stack.append(_Frame(_consumed(statement.body), frame.parent, frame.depth + 1, node))

    def _unknown_kind(self, statement: NodeStmt) -> None:
        word = statement.kind
        suggestion = kinds.suggest(word)
        message = f"unknown kind '{word}'"
        if word in kinds.GROUP_KINDS:
            message += f"; '{word}' is a group: write '{word} {statement.id} {{ ... }}'"
        elif suggestion:
            message += f"; did you mean '{suggestion}'?"
        else:
            message += "; run 'archlint kinds' or see docs/kinds.md for the list"
        fix = Edit(statement.kind_span, suggestion) if suggestion and "did you mean" in message else None
        self._error(UNKNOWN_KIND, message, statement.kind_span, fix)

    def _group(self, statement: GroupStmt, frame: _Frame, stack: list[_Frame]) -> None:
        depth = frame.depth + 1
        if depth > MAX_DEPTH:
            self._error(INPUT_ERROR, f"groups nested deeper than {MAX_DEPTH} levels", statement.span)
            return
        if not self._claim_id(statement.id, statement.span):
            return
        group = Group(statement.id, statement.kind, statement.label, statement.span,
                      has_body=statement.body is not None)
        self.graph.groups[group.id] = group
        self._adopt(group, frame.parent)
        if statement.body:
            stack.append(_Frame(_consumed(statement.body), group, depth))

    def _adopt(self, element: Element, parent: Group | None) -> None:
        if parent is None:
            self.graph.roots.append(element)
        else:
            parent.adopt(element)

    def _edges(self, statement: EdgeStmt, depth: int) -> None:
        attrs: dict[str, Attribute] = {}
        for item in statement.body or ():
            if isinstance(item, AttrStmt):
                self._set_attribute(attrs, item)
            else:
                self._error(STATEMENT_IN_NODE, "an edge's braces hold only 'key = value' "
                            "attributes", item.span)
        pairs = zip(statement.endpoints, statement.ops, statement.endpoints[1:])
        expanded = sum(len(left) * len(right) for left, right in zip(statement.endpoints,
                                                                      statement.endpoints[1:]))
        if len(self.graph.edges) + expanded > MAX_EDGES:
            self._error(INPUT_ERROR, f"too many edges: this statement makes {expanded:,}, and a "
                        f"document may hold at most {MAX_EDGES:,}; split the architecture "
                        "into several documents", statement.span)
            pairs = zip((), (), ())
        for left, op, right in pairs:
            for a in left:
                for b in right:
                    source, target = (b, a) if op == "<-" else (a, b)
                    if source.name == target.name:
                        self._error(INVALID_EDGE, f"edge from '{source.name}' to itself",
                                    source.span)
                        continue
                    edge = Edge(
                        source.name, target.name, statement.span, statement.label, attrs,
                        directed=op != "--", bidirectional=op == "<->",
                        has_body=statement.body is not None,
                    )
                    self.graph.edges.append(edge)
                    self._refs.append((source, target, edge))

    def _include(self, statement: IncludeStmt, frame: _Frame, stack: list[_Frame]) -> None:
        if self.resolve_include is None:
            self._error("E106", "include needs a file to resolve its path from; it is not "
                        "available in standard input", statement.span)
            return
        try:
            statements, comments = self.resolve_include(statement)
        except IncludeFailure as failure:
            self.errors.extend(failure.findings)
            return
        self._included_comments.extend(comments)
        stack.append(_Frame(_consumed(statements), frame.parent, frame.depth + 1))

    # -- after the walk -------------------------------------------------------
    def _suppressions(self, comments: list[Comment]) -> None:
        suppressions, malformed = read_suppressions([*comments, *self._included_comments])
        self.graph.suppressions.extend(suppressions)
        for comment in malformed:
            self._error(SYNTAX_ERROR, MALFORMED, comment.span)

    def _resolve_refs(self) -> None:
        """Each edge's ends looked up once: an end found takes the element's own id
        string (one string object per id, so later lookups by it compare pointers,
        not characters: at 100k lines each comparison of characters was a cache miss);
        an end not found is an error, and its edge is dropped."""
        candidates: list[str] | None = None   # sorted once, for the first unknown name
        dangling: set[int] = set()
        element = self.graph.element
        for source, target, edge in self._refs:
            ends = []
            for ref in (source, target):
                found = element(ref.name)
                if found is not None:
                    ends.append(found)
                    continue
                dangling.add(id(edge))
                if ref.name in self._unresolved_ok:
                    continue  # its definition already has an error; don't repeat it
                if candidates is None:   # sorted: the same suggestion on every run
                    candidates = sorted([*self.graph.nodes, *self.graph.groups])
                close = self._suggest(ref.name, candidates)
                hint = f"; did you mean '{close}'?" if close else (
                    "; define it with 'ID: KIND' or a group" if candidates else "")
                self._error(UNDEFINED_REFERENCE, f"'{ref.name}' is not defined{hint}", ref.span,
                            Edit(ref.span, close) if close else None)
            if len(ends) == 2:
                edge.source, edge.target = ends[0].id, ends[1].id
                self._check_containment(edge, ends[0], ends[1], dangling)
        if dangling:
            self.graph.edges = [e for e in self.graph.edges if id(e) not in dangling]

    def _check_replicas(self) -> None:
        """`replica_of = db` names a database of the same kind in this document."""
        node_ids: list[str] | None = None
        for node in self.graph.nodes.values():
            attribute = node.attrs.get("replica_of")
            if attribute is None:
                continue
            value = attribute.value
            target_id = value if isinstance(value, str) else str(value)
            target = self.graph.nodes.get(target_id)
            if target is None:
                node_ids = sorted(self.graph.nodes) if node_ids is None else node_ids
                close = self._suggest(target_id, node_ids)
                hint = f"; did you mean '{close}'?" if close else ""
                self._error(UNDEFINED_REFERENCE, f"replica_of: '{target_id}' is not defined{hint}",
                            attribute.span, Edit(attribute.span, f"replica_of = {close}") if close else None)
            elif target is node or target.kind != node.kind or node.kind not in ("rds", "aurora"):
                self._error(INVALID_VALUE, f"replica_of: '{node.id}' ({node.kind}) cannot be a "
                            f"read replica of '{target.id}' ({target.kind}); a replica is an rds "
                            "or aurora node of the same kind as its primary", attribute.span)

    def _suggest(self, name: str, known: list[str]) -> str | None:
        """The closest defined id, within a budget of comparisons per document:
        comparing every undefined name with every id is quadratic (4,000 undefined
        references took 43 s); past the budget, the error simply has no suggestion."""
        if name not in self._suggestions:
            if self._suggest_budget < len(known):
                return None
            self._suggest_budget -= len(known)
            from difflib import get_close_matches

            close = get_close_matches(name, known, n=1, cutoff=0.75)
            self._suggestions[name] = close[0] if close else None
        return self._suggestions[name]

    def _check_containment(self, edge: Edge, source: Element, target: Element,
                           dangling: set[int]) -> None:
        """An edge between a group and something inside it has no meaning."""
        for outer, inner in ((source, target), (target, source)):
            if isinstance(outer, Group) and outer in inner.ancestors():
                self._error(INVALID_EDGE, f"edge between group '{outer.id}' and its own "
                            f"member '{inner.id}'", edge.span)
                dangling.add(id(edge))
                return

    def _error(self, rule_id: str, message: str, span: Span, fix: Edit | None = None) -> None:
        """An input error; `fix`: its "did you mean" as an edit, unsafe (a guess at what
        was meant: `archlint check --fix --unsafe-fixes` applies it)."""
        error = input_error(rule_id, message, span)
        self.errors.append(error if fix is None else
                           dataclasses.replace(error, edits=(fix,), fix_safe=False))


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _consumed(statements: list[Statement]) -> list[Statement]:
    """The list itself, reversed in place, for the walk to pop from: each statement is
    freed as soon as it is built, so a document's syntax tree and its graph are never
    both whole in memory (traced peak of a 20k-line build: 28.7 -> 21.1 MiB)."""
    statements.reverse()
    return statements


def build_graph(
    statements: list[Statement],
    comments: list[Comment],
    file: str,
    resolve_include: IncludeResolver | None = None,
) -> tuple[Graph, list[Finding]]:
    """The graph of a parsed document and its semantic errors. Consumes `statements`:
    the lists of the syntax tree are emptied as the walk builds them."""
    builder = GraphBuilder(file, resolve_include)
    graph = builder.build(statements, comments)
    return graph, builder.errors
