"""Design vs infrastructure: what a design doc and a template disagree on.

Elements are paired in three passes, each only among what is still unpaired:
an explicit `source = "LogicalId"` (or Terraform address) on the design element,
then the same id (or the template's logical id / resource name), then the kind when
exactly one element of that kind is left on each side. Anything unpaired is said,
never silently paired. Each finding sits in the design (or, for what the design
lacks, in the template) and carries the other side's position as a related
location (`properties.related`, SARIF `relatedLocations`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archlint.importers.codes import CODES
from archlint.importers.model import Imported
from archlint.importers.writer import value_text
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Edge, Element, Graph, Group, Span
from archlint.model.kinds import KINDS
from archlint.model.values import Duration, Name, Percent, Rate, Size, Throughput

COMPARED_GROUPS = frozenset({"vpc", "subnet"})   # other groups (region, az, tier) are the design's own
NOT_COMPARED = frozenset({"source"})


def _related(span: Span) -> dict[str, Any]:
    return {"related": [{"file": span.file, "line": span.line, "column": span.column,
                         "end_line": span.end_line, "end_column": span.end_column}]}


def _finding(code: str, message: str, span: Span, element: str | None, other: Span | None) -> Finding:
    return Finding(code, Severity.ERROR, message, span, element_id=element,
                   rule_name=CODES[code][0], properties=_related(other) if other else None)


def _comparable(element: Element) -> bool:
    if isinstance(element, Group):
        return element.kind in COMPARED_GROUPS
    kind = KINDS.get(element.kind)
    return kind is None or kind.category != "external"


def same_value(a: Any, b: Any) -> bool:
    """Equal in meaning: durations in seconds, sizes in bytes, words ignoring case."""
    for cls, unit in ((Duration, "seconds"), (Size, "bytes"), (Percent, "value"),
                      (Rate, "per_second"), (Throughput, "bytes_per_second")):
        if isinstance(a, cls) or isinstance(b, cls):
            return isinstance(a, cls) and isinstance(b, cls) and getattr(a, unit) == getattr(b, unit)
    words = [v.value if isinstance(v, Name) else v for v in (a, b)]
    if all(isinstance(w, str) for w in words):
        return words[0].strip().lower() == words[1].strip().lower()
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _shown(value: Any) -> str:
    if isinstance(value, Duration):
        return f"{value.text} ({value.seconds:g} s)" if not value.text.endswith("s") else value.text
    return value_text(value)


@dataclass
class Pairing:
    pairs: dict[str, Element] = field(default_factory=dict)    # design id -> template element
    findings: list[Finding] = field(default_factory=list)


class Differ:
    def __init__(self, design: Graph, imported: Imported, properties: dict[str, dict[str, str]]) -> None:
        self.design, self.imported = design, imported
        self.template = imported.graph
        self.properties = properties   # template element id -> attribute -> property that sets it

    def run(self) -> list[Finding]:
        pairing = self._pair()
        findings = pairing.findings
        reverse = {id(t): d for d, t in pairing.pairs.items()}
        for design_id, element in pairing.pairs.items():
            findings += self._attributes(self.design.element(design_id), element)  # type: ignore[arg-type]
        findings += self._connections(pairing.pairs, reverse)
        return sorted(findings, key=Finding.sort_key)

    # -- pairing --------------------------------------------------------------------
    def _pair(self) -> Pairing:
        result = Pairing()
        left = [e for e in self.design.elements() if _comparable(e)]
        drawn = {e.kind for e in left if isinstance(e, Group)}   # a design without subnets skips them
        right = [e for e in self.template.elements()
                 if _comparable(e) and (not isinstance(e, Group) or e.kind in drawn)]
        by_source = {self.imported.source.get(e.id, e.id): e for e in right}
        taken: set[int] = set()

        def pair(design: Element, element: Element) -> None:
            result.pairs[design.id] = element
            taken.add(id(element))

        for design in left:
            wanted = design.get("source")
            if isinstance(wanted, (str, Name)):
                name = str(wanted)
                found = by_source.get(name) or by_source.get(name.rsplit(".", 1)[-1])
                if found is not None and id(found) not in taken:
                    pair(design, found)
                else:
                    result.findings.append(_finding(
                        "DIF005", f"'{design.id}' has source = \"{name}\", but {self.template.file} has "
                        "no such resource" + _suggest(name, by_source), design.attr_span("source"),
                        design.id, None))
        by_id = {e.id: e for e in right} | by_source
        for design in left:
            if design.id in result.pairs or design.get("source") is not None:
                continue
            found = by_id.get(design.id)
            if found is not None and id(found) not in taken and found.kind == design.kind:
                pair(design, found)
        for kind in {e.kind for e in left}:
            mine = [e for e in left if e.kind == kind and e.id not in result.pairs
                    and e.get("source") is None]
            theirs = [e for e in right if e.kind == kind and id(e) not in taken]
            if len(mine) == 1 and len(theirs) == 1:
                pair(mine[0], theirs[0])
        for design in left:
            if design.id not in result.pairs and design.get("source") is None:
                result.findings.append(_finding(
                    "DIF001", f"{design.kind} '{design.id}' is in the design but not in "
                    f"{self.template.file}" + _candidates(design, right, taken), design.span,
                    design.id, None))
        for element in right:
            if id(element) not in taken:
                name = self.imported.source.get(element.id, element.id)
                origin = self.imported.origin.get(element.id, element.kind)
                result.findings.append(_finding(
                    "DIF002", f"{origin} '{name}' ({element.kind}) is in the infrastructure but not in "
                    f"the design {self.design.file}; add it, or point a design element at it with "
                    f"source = \"{name}\"", element.span, element.id, None))
        return result

    # -- attributes and connections ----------------------------------------------------
    def _attributes(self, design: Element, element: Element) -> list[Finding]:
        found = []
        name = self.imported.source.get(element.id, element.id)
        mapped = self.properties.get(element.id, {})
        assumed = self.imported.assumed.get(element.id)
        note = f" [assumes {', '.join(map(str, assumed))}]" if assumed else ""
        for key, attribute in design.attrs.items():
            if key in NOT_COMPARED:
                continue
            theirs = element.attrs.get(key)
            if theirs is None:
                if key not in mapped:
                    continue   # the importer does not read it: no evidence either way
                message = (f"'{design.id}': the design says {key} = {_shown(attribute.value)}, "
                           f"'{name}' in {self.template.file} has no {mapped[key]} (its default applies)") + note
                found.append(_finding("DIF004", message, attribute.span, design.id, element.span))
            elif not same_value(attribute.value, theirs.value):
                prop = mapped.get(key, key)
                message = (f"'{design.id}': the design says {key} = {_shown(attribute.value)}, "
                           f"the infrastructure says {prop} = {_shown(theirs.value)} ('{name}')") + note
                found.append(_finding("DIF004", message, attribute.span, design.id, theirs.span))
        return found

    def _connections(self, pairs: dict[str, Element], reverse: dict[int, str]) -> list[Finding]:
        def key(edge: Edge) -> tuple[str, str]:
            ends = (edge.source, edge.target)
            return tuple(sorted(ends)) if edge.bidirectional or not edge.directed else ends  # type: ignore[return-value]

        found: list[Finding] = []
        theirs = {key(e): e for e in self.template.edges}
        mine: set[tuple[str, str]] = set()
        for edge in self.design.edges:
            source, target = pairs.get(edge.source), pairs.get(edge.target)
            if source is None or target is None:
                continue
            mapped = Edge(source.id, target.id, edge.span, directed=edge.directed,
                          bidirectional=edge.bidirectional)
            mine.add(key(mapped))
            if key(mapped) not in theirs:
                found.append(_finding("DIF003", f"the design connects {edge.id}; "
                                      f"{self.template.file} has no such connection", edge.span,
                                      edge.source, source.span))
        for pair, edge in theirs.items():
            source = reverse.get(id(self.template.element(edge.source)))
            target = reverse.get(id(self.template.element(edge.target)))
            if source is None or target is None or pair in mine:
                continue
            found.append(_finding("DIF003", f"{self.template.file} connects {edge.id} "
                                  f"(design: {source} -> {target}), the design does not",
                                  edge.span, source, self.design.element(source).span))  # type: ignore[union-attr]
        return found


def _suggest(name: str, names: dict[str, Element]) -> str:
    from archlint.spelling import closest

    close = closest(name, names)
    return f"; did you mean \"{close}\"?" if close else ""


def _candidates(design: Element, right: list[Element], taken: set[int]) -> str:
    left = [e.id for e in right if e.kind == design.kind and id(e) not in taken]
    if len(left) > 1:
        return (f" (several {design.kind} resources are unpaired: {', '.join(left)}; "
                "say which with source = \"...\")")
    return ""


def diff(design: Graph, imported: Imported) -> list[Finding]:
    """Findings for every difference between a design graph and an imported one."""
    return Differ(design, imported, imported.mapped).run()
