"""What an importer produces, and the small builder both importers share.

An import is a `Graph` (the same model the parser builds, with spans into the
template) plus what a reader of the result needs to trust it: notes on what was
not understood, where each element came from, and which parameter values a
value assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archlint.importers.intrinsics import Assumption
from archlint.importers.codes import CODES
from archlint.model.attributes import check_value
from archlint.model.findings import Finding, Severity, input_error
from archlint.model.graph import Attribute, Edge, Element, Graph, Group, Node, Span
from archlint.model.values import Value

KEYWORDS = frozenset({"region", "az", "vpc", "subnet", "account", "asg", "group", "include",
                      "true", "false"})
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def note(code: str, message: str, span: Span, element_id: str | None = None) -> Finding:
    """An importer note: an info finding, never an error (docs/import.md#notes)."""
    return Finding(code, Severity.INFO, message, span, element_id=element_id,
                   rule_name=CODES[code][0])


def safe_id(name: str, taken: set[str]) -> str:
    """A DSL id for a logical id or address: letters, digits, `_`; not a keyword; unique."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", name) or "r"
    if not _NAME.match(base) or base in KEYWORDS:
        base = "r_" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


@dataclass
class Imported:
    """One imported template or configuration."""

    graph: Graph
    findings: list[Finding] = field(default_factory=list)   # errors and notes
    source: dict[str, str] = field(default_factory=dict)    # element id -> logical id / address
    origin: dict[str, str] = field(default_factory=dict)    # element id -> resource type
    assumed: dict[str, list[Assumption]] = field(default_factory=dict)
    assumed_by: dict[str, dict[str, list[Assumption]]] = field(default_factory=dict)  # id -> attribute -> ...
    unknown: dict[str, list[str]] = field(default_factory=dict)   # element id -> what is unknown
    omitted: dict[str, list[str]] = field(default_factory=dict)   # type -> logical ids left out
    synthetic: dict[str, str] = field(default_factory=dict)   # element id -> why the importer added it
    texts: dict[str, str] = field(default_factory=dict)       # shown path -> text read (Terraform: many)
    read: list[str] = field(default_factory=list)   # more files read than the source (a Terraform folder's), resolved
    mapped: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> attribute -> property

    @property
    def ok(self) -> bool:
        return not any(f.is_input_error for f in self.findings)

    def error(self, code: str, message: str, span: Span, line: str | None = None) -> None:
        self.findings.append(input_error(code, message, span, line))

    def note(self, code: str, message: str, span: Span, element_id: str | None = None) -> None:
        self.findings.append(note(code, message, span, element_id))


class Builder:
    """Adds elements and edges to an `Imported`, keeping ids unique and edges single."""

    def __init__(self, file: str) -> None:
        self.result = Imported(Graph(file))
        self._edges: dict[tuple[str, str], Edge] = {}
        self._taken: set[str] = set()
        self._order: list[Element] = []
        self._parents: dict[int, Group | None] = {}

    @property
    def graph(self) -> Graph:
        return self.result.graph

    def add(self, name: str, kind: str, span: Span, resource_type: str,
            group: bool = False, parent: Group | None = None) -> Element:
        element_id = safe_id(name, self._taken)
        self._taken.add(element_id)
        cls = Group if group else Node
        element = cls(element_id, kind, None, span)
        (self.graph.groups if group else self.graph.nodes)[element_id] = element  # type: ignore[index]
        self.result.source[element_id] = name
        self.result.origin[element_id] = resource_type
        self._order.append(element)
        self.place(element, parent)
        return element

    def place(self, element: Element, parent: Group | None) -> None:
        """Put `element` in `parent` (None: top level). Placement may be decided in
        steps (a VPC, then a subnet), so groups adopt their members at `finish`."""
        self._parents[id(element)] = parent

    def parent_of(self, element: Element) -> Group | None:
        return self._parents.get(id(element))

    def set(self, element: Element | Edge, name: str, value: Value, span: Span) -> bool:
        """Set a checked attribute; a value of the wrong type is noted, not kept."""
        problem = check_value(name, value)
        if problem is not None:
            owner = element.id
            self.result.note("IMP003", f"'{owner}': {name} = {value!r} is not usable ({problem})",
                             span, owner)
            return False
        element.attrs[name] = Attribute(name, value, span)
        return True

    def edge(self, source: str, target: str, span: Span, label: str | None = None,
             both: bool = False, association: bool = False) -> Edge | None:
        if source == target:
            return None
        key = (source, target) if not (both or association) else tuple(sorted((source, target)))
        if key in self._edges:  # type: ignore[comparison-overlap]
            return None
        edge = Edge(source, target, span, label, directed=not association, bidirectional=both)
        self._edges[key] = edge  # type: ignore[index]
        self.graph.edges.append(edge)
        return edge

    def assume(self, element_id: str, assumptions: list[Assumption], attribute: str | None = None) -> None:
        """Record the parameter values an element rests on; with `attribute`, also
        that this attribute's value rests on them (so a finding on it names only those)."""
        if assumptions:
            known = self.result.assumed.setdefault(element_id, [])
            known.extend(a for a in assumptions if a not in known)
            if attribute is not None:
                self.result.assumed_by.setdefault(element_id, {}).setdefault(attribute, []).extend(assumptions)

    def finish(self) -> Imported:
        for element in self._order:
            parent = self._parents.get(id(element))
            if parent is not None:
                parent.adopt(element)
        self.graph.roots = [e for e in self._order if e.parent is None]
        self.graph.index()
        return self.result


def annotate(findings: list[Finding], imported: Imported) -> list[Finding]:
    """Say, in each rule finding on an element, which parameter values and unknowns it rests on."""
    from dataclasses import replace

    out = []
    for finding in findings:
        extra = []
        element_id = finding.element_id
        if element_id and not finding.rule_id.startswith(("E", "IMP")):
            assumed = _assumed_for(finding, element_id, imported)
            if assumed:
                extra.append("assumes " + ", ".join(str(a) for a in assumed))
            unknown = imported.unknown.get(element_id)
            if unknown:
                extra.append("unknown: " + "; ".join(unknown))
        out.append(replace(finding, message=f"{finding.message} [{'; '.join(extra)}]") if extra else finding)
    return out


def _assumed_for(finding: Finding, element_id: str, imported: Imported) -> list[Assumption]:
    """The parameter values a finding rests on: when it points at one property (CMP003
    at `MemorySize`), those of the attributes written there and of the resource itself
    (its Condition), not those of its other properties (a `Timeout: !Ref T`)."""
    everything = imported.assumed.get(element_id, [])
    element = imported.graph.element(element_id)
    by_attribute = imported.assumed_by.get(element_id, {})
    at = (finding.span.line, finding.span.column)
    if element is None or at == (element.span.line, element.span.column):
        return everything
    pointed = [name for name, attribute in element.attrs.items()
               if (attribute.span.line, attribute.span.column) == at]
    if not pointed:
        return everything
    of_attributes = [a for assumptions in by_attribute.values() for a in assumptions]
    wanted = [a for name in pointed for a in by_attribute.get(name, [])]
    return [a for a in everything if a in wanted or a not in of_attributes]
