"""The typed architecture graph that checks and renderers read.

Plain records (archlint/model/record.py): a `Graph` of `Node`s and `Group`s (both
`Element`s) joined by `Edge`s, every piece carrying the `Span` it came from so that
a finding can point at the exact line a person wrote. Indexes are built once by
`Graph.index()`.

Elements, edges and attributes have `__slots__`: a 100k-line document holds about
50,000 elements, 40,000 edges and 70,000 attributes, and a rule reads them all;
without a `__dict__` each is one smaller object, and rules ran 25% faster at 100k
lines (docs/performance.md, "Scaling").
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Callable, Iterator
from weakref import ref

from archlint.model.record import Record, assign
from archlint.model.values import Value


class Span(Record, frozen=True):
    """Where an element was written: 1-based line and column, end exclusive."""

    __slots__ = ("file", "line", "column", "end_line", "end_column")   # ~500k at 100k lines
    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, file: str, line: int, column: int, end_line: int, end_column: int) -> None:
        assign(self, "file", file)
        assign(self, "line", line)
        assign(self, "column", column)
        assign(self, "end_line", end_line)
        assign(self, "end_column", end_column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def _span_factory() -> "Callable[[str, int, int, int, int], Span]":
    """`Span(...)` without the frozen record's `__init__`, which fills each field
    through `object.__setattr__`: a twin class with the same slots fills them as a
    plain class does and then becomes a `Span` (CPython allows `__class__` to change
    between classes of the same layout). The same object, equal and hashing alike
    (tested); 0.56 us -> 0.19 us a span. The parser makes 150,000 for a 100k-line
    document, and REL004 one for each of its fixes."""
    if Span.__slots__ != ("file", "line", "column", "end_line", "end_column"):  # the model changed
        return Span

    class _SpanTwin(*Span.__bases__):  # type: ignore[misc]   # the same bases, the same layout
        __slots__ = Span.__slots__

        def __init__(self, file: str, line: int, column: int, end_line: int, end_column: int) -> None:
            self.file, self.line, self.column = file, line, column
            self.end_line, self.end_column = end_line, end_column
            self.__class__ = Span  # type: ignore[assignment]

    try:
        _SpanTwin("", 1, 1, 1, 1)
    except TypeError:   # a layout CPython will not swap
        return Span
    return _SpanTwin  # type: ignore[return-value]


new_span = _span_factory()
"""Makes a `Span` as `Span(...)` does, faster (for code that makes them by the thousand)."""


class Attribute(Record, eq=True):
    """`key = value` with the span of the whole assignment."""

    __slots__ = ("name", "value", "span")
    name: str
    value: Value
    span: Span

    def __init__(self, name: str, value: Value, span: Span) -> None:
        self.name, self.value, self.span = name, value, span


class _Attributed:
    """Typed attribute access shared by elements and edges (both have `attrs`, `span`)."""

    __slots__ = ()

    attrs: dict[str, Attribute]
    span: Span

    def get(self, name: str, default: Value | None = None) -> Value | None:
        """The value of attribute `name`, or `default`."""
        attribute = self.attrs.get(name)
        return default if attribute is None else attribute.value

    def attr_span(self, name: str) -> Span:
        """The span of attribute `name` if written, else the owner's own span."""
        attribute = self.attrs.get(name)
        return self.span if attribute is None else attribute.span


class _Referable:
    """Weakly referable (a group holds its children weakly); `weakref_slot` is 3.11+."""

    __slots__ = ("__weakref__",)


class Element(_Attributed, _Referable, Record):
    """What nodes and groups share: an id, a kind, a label, attributes, a place."""

    __slots__ = ("id", "kind", "label", "span", "attrs", "parent", "has_body")
    id: str
    kind: str
    label: str | None
    span: Span
    attrs: dict[str, Attribute]
    parent: "Group | None"  # set by `Group.adopt`
    has_body: bool  # `{ ... }` written: its span ends at the `}` (for fixes)

    def __init__(self, id: str, kind: str, label: str | None, span: Span,
                 attrs: dict[str, Attribute] | None = None, parent: "Group | None" = None,
                 has_body: bool = False) -> None:
        self.id, self.kind, self.label, self.span = id, kind, label, span
        self.attrs = {} if attrs is None else attrs
        self.parent, self.has_body = parent, has_body

    @property
    def count(self) -> int:
        """How many identical copies this line stands for (`count = 4`). Read without
        `get`, and a whole number told by its class (the only ints a `Value` holds are
        int and bool): placement asks it of every component a rule judges."""
        attribute = self.attrs.get("count")
        if attribute is None:
            return 1
        value = attribute.value
        return value if value.__class__ is int else 1

    def ancestors(self) -> Iterator["Group"]:
        """Enclosing groups, innermost first."""
        group = self.parent
        while group is not None:
            yield group
            group = group.parent

    def enclosing(self, kind: str) -> "Group | None":
        """The innermost enclosing group of `kind` (e.g. the node's "vpc")."""
        return next((g for g in self.ancestors() if g.kind == kind), None)

    @property
    def display(self) -> str:
        return self.label or self.id


class Node(Element):
    """A component of a known kind (ec2, alb, rds, ...)."""

    __slots__ = ()


class Group(Element):
    """A container (region, az, vpc, subnet, account, asg, group) of nodes and groups."""

    # The elements directly inside, held weakly: each holds its parent, and the graph
    # holds them all, so strong links both ways would make every graph a reference
    # cycle, freed only by the cyclic garbage collector, which the engine pauses
    # while it checks. (An element keeps its ancestors alive; a group kept without
    # its graph loses its children.)
    __slots__ = ("_children",)
    _children: "list[ref[Element]]"

    def __init__(self, id: str, kind: str, label: str | None, span: Span,
                 attrs: dict[str, Attribute] | None = None, parent: "Group | None" = None,
                 has_body: bool = False) -> None:
        Element.__init__(self, id, kind, label, span, attrs, parent, has_body)
        self._children = []

    @property
    def children(self) -> list[Element]:
        """The elements directly inside this group, in source order."""
        return [child for link in self._children if (child := link()) is not None]

    def adopt(self, child: Element) -> None:
        """Put `child` directly inside this group."""
        child.parent = self
        self._children.append(ref(child))


class Edge(_Attributed, Record):
    """A connection. `<-` is stored reversed as `->`; `<->` sets `bidirectional`;
    `--` is an undirected association (`directed` False)."""

    __slots__ = ("source", "target", "span", "label", "attrs", "directed", "bidirectional",
                 "has_body", "source_element", "target_element")
    source: str
    target: str
    span: Span
    label: str | None
    attrs: dict[str, Attribute]
    directed: bool
    bidirectional: bool
    has_body: bool  # `{ ... }` written: its span ends at the `}` (for fixes)
    if TYPE_CHECKING:
        # The elements `source` and `target` name, set by `Graph.index()`: rules that walk
        # edges read an end's kind through one field instead of looking its id up (two
        # hash-table probes, which at 100k lines miss the cache). None for an undefined id.
        # Declared for type checkers only, so that they are links, not fields: an edge's
        # repr and the records built from its fields do not carry both whole elements.
        source_element: Element | None
        target_element: Element | None

    def __init__(self, source: str, target: str, span: Span, label: str | None = None,
                 attrs: dict[str, Attribute] | None = None, directed: bool = True,
                 bidirectional: bool = False, has_body: bool = False) -> None:
        self.source, self.target, self.span, self.label = source, target, span, label
        self.attrs = {} if attrs is None else attrs
        self.directed, self.bidirectional, self.has_body = directed, bidirectional, has_body
        self.source_element = self.target_element = None

    @property
    def id(self) -> str:
        """A stable name for baselines and messages: `a->b`."""
        arrow = "<->" if self.bidirectional else ("->" if self.directed else "--")
        return f"{self.source}{arrow}{self.target}"

    def other_end(self, element_id: str) -> str:
        """The id at the far end from `element_id`."""
        return self.target if self.source == element_id else self.source


class Suppression(Record, eq=True):
    """`# archlint: ignore[ID, ...] reason` as written, for the engine to apply.

    Where it sits decides what it covers (archlint/model/scope.py): a comment trailing
    a statement covers that statement, one on a line of its own the statement that
    starts at `next_token`. Positions in the token order, never line numbers, so
    that reformatting cannot change what is suppressed."""

    rule_ids: tuple[str, ...]
    reason: str
    span: Span
    own_line: bool
    next_token: Span | None
    text: str            # the comment as written, for SUP001's fix
    space_before: int    # blanks before it on its line (a fix deletes them with it)

    def __init__(self, rule_ids: tuple[str, ...], reason: str, span: Span, own_line: bool = True,
                 next_token: Span | None = None, text: str = "", space_before: int = 0) -> None:
        self.rule_ids, self.reason, self.span, self.own_line = rule_ids, reason, span, own_line
        self.next_token, self.text, self.space_before = next_token, text, space_before

    def with_ids(self, rule_ids: tuple[str, ...]) -> "Suppression":
        """The same comment naming only `rule_ids` (what SUP001 reports as unused)."""
        return Suppression(rule_ids, self.reason, self.span, self.own_line, self.next_token,
                           self.text, self.space_before)


class Graph(Record):
    """One document's architecture, with lookup indexes.

    Call `index()` after filling `nodes`, `groups` and `edges` (the builder does).
    """

    file: str
    attrs: dict[str, Attribute]
    nodes: dict[str, Node]
    groups: dict[str, Group]
    edges: list[Edge]
    suppressions: list[Suppression]
    roots: list[Element]
    _by_kind: dict[str, list[Element]]
    _out: dict[str, list[Edge]]
    _in: dict[str, list[Edge]]
    _shared_spans: set[Span] | None   # spans of statements that wrote several edges
    included: tuple[str, ...]   # the files its includes read, resolved: inputs, never an output

    def __init__(self, file: str, attrs: dict[str, Attribute] | None = None,
                 nodes: dict[str, Node] | None = None, groups: dict[str, Group] | None = None,
                 edges: list[Edge] | None = None, suppressions: list[Suppression] | None = None,
                 roots: list[Element] | None = None) -> None:
        self.file = file
        self.attrs = {} if attrs is None else attrs
        self.nodes = {} if nodes is None else nodes
        self.groups = {} if groups is None else groups
        self.edges = [] if edges is None else edges
        self.suppressions = [] if suppressions is None else suppressions
        self.roots = [] if roots is None else roots
        self._by_kind, self._out, self._in = {}, {}, {}
        self._shared_spans = None
        self.included = ()

    def index(self) -> "Graph":
        """Build the by-kind and in/out edge indexes and each edge's end elements
        (linear in graph size)."""
        by_kind: dict[str, list[Element]] = defaultdict(list)
        for element in self.elements():
            by_kind[element.kind].append(element)
        # plain dicts filled in place: copying two defaultdicts of every element with
        # an edge was two more passes over tables that at 100k lines miss the cache
        out: dict[str, list[Edge]] = {}
        inc: dict[str, list[Edge]] = {}
        nodes, groups = self.nodes, self.groups
        for edge in self.edges:
            if edge.source_element is None:
                edge.source_element = nodes.get(edge.source) or groups.get(edge.source)
            if edge.target_element is None:
                edge.target_element = nodes.get(edge.target) or groups.get(edge.target)
            if (edges := out.get(edge.source)) is None:
                out[edge.source] = [edge]
            else:
                edges.append(edge)
            if (edges := inc.get(edge.target)) is None:
                inc[edge.target] = [edge]
            else:
                edges.append(edge)
        self._by_kind, self._out, self._in = dict(by_kind), out, inc
        self._shared_spans = None
        return self

    def shares_statement(self, edge: Edge) -> bool:
        """Whether the statement that wrote `edge` wrote other edges too (`a -> [b, c]`,
        `a -> b -> c`): the edges of a statement share its span. The spans written more
        than once are found in one pass when first asked; a pass per question made a
        fix per finding quadratic (12,000 upload findings: 30 s)."""
        if self._shared_spans is None:
            seen: set[Span] = set()
            shared: set[Span] = set()
            for other in self.edges:
                (shared if other.span in seen else seen).add(other.span)
            self._shared_spans = shared
        return edge.span in self._shared_spans

    def elements(self) -> Iterator[Element]:
        """Nodes then groups, in source order."""
        yield from self.nodes.values()
        yield from self.groups.values()

    def element(self, element_id: str) -> Element | None:
        return self.nodes.get(element_id) or self.groups.get(element_id)

    def get(self, name: str, default: Value | None = None) -> Value | None:
        """A document attribute such as `availability`."""
        attribute = self.attrs.get(name)
        return default if attribute is None else attribute.value

    def of_kind(self, *kinds: str) -> list[Element]:
        """Elements of any of `kinds`, in source order within each kind."""
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        return [e for k in kinds for e in self._by_kind.get(k, ())]

    def out_edges(self, element_id: str) -> list[Edge]:
        return self._out.get(element_id, [])

    def in_edges(self, element_id: str) -> list[Edge]:
        return self._in.get(element_id, [])

    def touching(self, element_id: str) -> Iterator[Edge]:
        """Every edge with `element_id` at either end, each once."""
        yield from self.out_edges(element_id)
        yield from (e for e in self.in_edges(element_id) if e.source != element_id)

    def successors(self, element_id: str) -> list[Element]:
        return [e for x in self.out_edges(element_id) if (e := x.target_element) is not None]

    def predecessors(self, element_id: str) -> list[Element]:
        return [e for x in self.in_edges(element_id) if (e := x.source_element) is not None]

    def members(self, group: Group) -> Iterator[Node]:
        """Nodes inside `group`, at any depth (iterative: groups may nest deeply)."""
        stack: list[Element] = list(reversed(group.children))
        while stack:
            element = stack.pop()
            if isinstance(element, Group):
                stack.extend(reversed(element.children))
            else:
                yield element  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self.nodes) + len(self.groups)
