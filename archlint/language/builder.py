"""Syntax tree -> typed Graph, collecting every semantic error, not only the first.

Names are resolved after the whole document (with its includes) is read, so
edges may mention elements defined further down. The walk is iterative and the
nesting depth is bounded, so hostile input cannot exhaust the Python stack.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from archlint.model import kinds
from archlint.model.attributes import (
    ATTRIBUTES, DOCUMENT_ATTRIBUTES, FREE_FORM_PREFIX, check_document_value, check_value, likely_typo,
)
from archlint.model.findings import (
    DUPLICATE_ID, INPUT_ERROR, INVALID_EDGE, INVALID_VALUE, STATEMENT_IN_NODE,
    UNKNOWN_KIND, SYNTAX_ERROR, Edit, Finding, input_error,
)
from archlint.model.values import Name
from archlint.model.graph import Attribute, Edge, Element, Graph, Group, Node, Span
from archlint.model.record import Record
from archlint.language.references import References
from archlint.language.syntax_tree import (
    AttrStmt, Comment, EdgeStmt, GroupStmt, IncludeStmt, NodeStmt, Statement,
)
from archlint.language.suppression_comments import MALFORMED, read_suppressions
from archlint.language.value_limits import out_of_range

MAX_DEPTH = 100
# Values whose every check (range, spelling, type) depends only on the attribute's
# name and the value's type, so that once one is accepted a name accepts them all:
# words and strings; booleans where no bound applies (a bound compares them as 0/1).
_SETTLED_BY_TYPE = frozenset({str, Name, bool})
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


class _Frame(Record, eq=True):
    """Statements still to build, and the group that holds them."""

    __slots__ = ("statements", "parent", "depth")
    statements: list[Statement]
    parent: Group | None
    depth: int

    def __init__(self, statements: list[Statement], parent: Group | None, depth: int) -> None:
        self.statements, self.parent, self.depth = statements, parent, depth


class GraphBuilder:
    def __init__(self, file: str, resolve_include: IncludeResolver | None = None) -> None:
        self.graph = Graph(file)
        self.errors: list[Finding] = []
        self.resolve_include = resolve_include
        # ids claimed by a node of an unknown kind, which the graph does not hold; every
        # other id claimed is the graph's (one table fewer of every id, filled and grown
        # while the build runs: at 100k lines its look-ups missed the cache)
        self._unbuilt: dict[str, Span] = {}
        self._settled: set[tuple[str, type]] = set()   # see _SETTLED_BY_TYPE
        self._references = References(self.graph)
        self._unresolved_ok = self._references.unresolved_ok
        self._included_comments: list[Comment] = []

    def build(self, statements: list[Statement], comments: list[Comment]) -> Graph:
        self._walk(statements)
        self._suppressions(comments)
        self._references.resolve(self._error)
        self._references.check_replicas(self._error)
        return self.graph.index()

    # -- the walk -------------------------------------------------------------
    def _walk(self, statements: list[Statement]) -> None:
        build = {AttrStmt: self._attribute, NodeStmt: self._node, GroupStmt: self._group,
                 EdgeStmt: self._edges, IncludeStmt: self._include}
        stack = [_Frame(_consumed(statements), None, 0)]
        while stack:
            frame = stack[-1]
            if not frame.statements:
                stack.pop()
                continue
            statement = frame.statements.pop()
            build[statement.__class__](statement, frame, stack)

    def _attribute(self, statement: AttrStmt, frame: _Frame, stack: list[_Frame]) -> None:
        if frame.parent is not None:
            self._set_attribute(frame.parent.attrs, statement)
        elif self._known_document_attribute(statement):
            self._set_attribute(self.graph.attrs, statement,
                                known=statement.name in DOCUMENT_ATTRIBUTES)

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
        from archlint.spelling import closest

        close = closest(name, DOCUMENT_ATTRIBUTES, cutoff=0.75)
        if kind is not None:
            message += f"; did you mean '{name}: {written}' (a node of kind {kind.name})?"
            self._unresolved_ok.add(name)  # edges to it: this error already explains them
        elif close:
            message += f"; did you mean '{close}'?"
        else:
            message += (f"; a document knows {known}; write free-form metadata as "
                        f"'{FREE_FORM_PREFIX}{name} = ...'")
        self._error(INVALID_VALUE, message, statement.span)
        return False

    def _set_attribute(self, target: dict[str, Attribute], statement: AttrStmt,
                       known: bool = False) -> None:
        """`known`: a document attribute (`title`), which the spelling check of
        component attributes does not apply to."""
        name, value = statement.name, statement.value
        if name in target:
            first = target[name].span
            self._error(INVALID_VALUE, f"attribute '{name}' is set twice "
                        f"(first at line {first.line})", statement.span)
            return
        settled = (name, value.__class__)
        if settled in self._settled:   # a value of a type this name accepted before
            target[name] = statement
            return
        unusable = out_of_range(value)
        if unusable:  # said without showing the value: it may be huge or deeply nested
            self._error(INVALID_VALUE, f"invalid value for '{name}': {unusable}", statement.span)
            return
        typo = None if known else likely_typo(name)
        if typo:
            s = statement.span
            where = Span(s.file, s.line, s.column, s.line, s.column + len(name))
            self._error(INVALID_VALUE, f"unknown attribute '{name}'; did you mean "
                        f"'{typo}'?", statement.span, Edit(where, typo))
            return
        problem = check_value(name, value)
        if problem:
            self._error(INVALID_VALUE, f"invalid value for '{name}': "
                        f"{_show(value)}; {problem}", statement.span)
            return
        if value.__class__ in _SETTLED_BY_TYPE and not known and (
                value.__class__ is not bool or _unbounded(name)):
            self._settled.add(settled)
        target[name] = statement   # the parser's Attribute itself (parser.AttrStmt)

    def _claim_id(self, ident: str, span: Span) -> bool:
        nodes, groups = self.graph.nodes, self.graph.groups
        if (ident not in nodes and ident not in groups and ident not in self._unbuilt
                and ident not in RESERVED):   # most ids
            return True
        if ident in RESERVED:   # `x = true` would be ambiguous with a node named true
            self._unresolved_ok.add(ident)
            self._error(SYNTAX_ERROR, f"'{ident}' is a reserved word (a boolean value) and cannot "
                        f"be used as an id; choose another name, e.g. '{ident}_'", span)
            return False
        holder = nodes.get(ident) or groups.get(ident)
        first = holder.span if holder is not None else self._unbuilt[ident]
        where = f"line {first.line}" if first.file == span.file else str(first)
        self._error(DUPLICATE_ID, f"duplicate id '{ident}': already defined at {where}", span)
        return False

    def _node(self, statement: NodeStmt, frame: _Frame, stack: list[_Frame]) -> None:
        kind = kinds.lookup(statement.kind)
        if not self._claim_id(statement.id, statement.span):
            return
        if kind is None:
            self._unbuilt[statement.id] = statement.span
            self._unresolved_ok.add(statement.id)
            self._unknown_kind(statement)
            return
        node = Node(statement.id, kind.name, statement.label, statement.span,
                    has_body=statement.body is not None)
        self.graph.nodes[node.id] = node
        if frame.parent is None:
            self.graph.roots.append(node)
        else:
            frame.parent.adopt(node)
        attrs = node.attrs
        for item in statement.body or ():   # a node's braces hold attributes only
            if item.__class__ is Attribute:
                self._set_attribute(attrs, item)
            else:
                self._error(STATEMENT_IN_NODE, f"node '{node.id}' cannot contain statements; only "
                            "'key = value' attributes go in a node's braces (use a group such as "
                            "'group NAME { ... }' to nest components)", item.span)
        if "replica_of" in attrs:
            self._references.replicas.append(node)

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

    def _edges(self, statement: EdgeStmt, frame: _Frame, stack: list[_Frame]) -> None:
        attrs: dict[str, Attribute] = {}
        for item in statement.body or ():
            if isinstance(item, AttrStmt):
                self._set_attribute(attrs, item)
            else:
                self._error(STATEMENT_IN_NODE, "an edge's braces hold only 'key = value' "
                            "attributes", item.span)
        endpoints = statement.endpoints
        expanded = 0
        for left, right in zip(endpoints, endpoints[1:]):
            expanded += len(left) * len(right)
        edges, resolve = self.graph.edges, self._references.add
        if len(edges) + expanded > MAX_EDGES:
            self._error(INPUT_ERROR, f"too many edges: this statement makes {expanded:,}, and a "
                        f"document may hold at most {MAX_EDGES:,}; split the architecture "
                        "into several documents", statement.span)
            return
        span, label, has_body = statement.span, statement.label, statement.body is not None
        for left, op, right in zip(endpoints, statement.ops, endpoints[1:]):
            reverse, directed, bidirectional = op == "<-", op != "--", op == "<->"
            for a in left:
                for b in right:
                    source, target = (b, a) if reverse else (a, b)
                    if source.name == target.name:
                        self._error(INVALID_EDGE, f"edge from '{source.name}' to itself",
                                    source.span)
                        continue
                    edge = Edge(source.name, target.name, span, label, attrs, directed, bidirectional, has_body)
                    edges.append(edge)
                    resolve(source, target, edge)

    def _include(self, statement: IncludeStmt, frame: _Frame, stack: list[_Frame]) -> None:
        if self.resolve_include is None:
            self._error("E106", "include needs a file to resolve its path from; it is not "
                        "available in standard input or an unsaved editor buffer", statement.span)
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

    def _error(self, rule_id: str, message: str, span: Span, fix: Edit | None = None) -> None:
        """An input error; `fix`: its "did you mean" as an edit, unsafe (a guess at what
        was meant: `archlint check --fix --unsafe-fixes` applies it)."""
        error = input_error(rule_id, message, span)
        self.errors.append(error if fix is None else
                           dataclasses.replace(error, edits=(fix,), fix_safe=False))


def _unbounded(name: str) -> bool:
    spec = ATTRIBUTES.get(name)
    return spec is None or (spec.minimum is None and spec.maximum is None)


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
