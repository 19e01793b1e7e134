"""Terraform: placement in VPCs and subnets, and the references that are traffic.

The same decisions as `cfn_edges`, on Terraform's arguments: only the table's
`calls`, connectors, load balancer listeners and target groups make edges; an
internet-facing load balancer or an API is joined to one `internet` entry node.
"""

from __future__ import annotations

from typing import Any, Protocol

from archlint.importers import tf_types
from archlint.importers.intrinsics import Assumption
from archlint.importers.model import Builder, Imported
from archlint.importers.resources import TfResource
from archlint.model.graph import Element, Group, Span


class Importer(Protocol):
    """What the edges read from the Terraform importer that builds them."""

    resources: dict[str, TfResource]
    builder: Builder

    @property
    def result(self) -> Imported: ...

    def references(self, resource: TfResource, path: str | None) -> list[TfResource]: ...

    def value(self, resource: TfResource, path: str, assumed: list[Assumption]) -> Any: ...

    def attr_span(self, resource: TfResource, path: str) -> Span: ...


class TfEdges:
    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.builder = importer.builder
        self.resources = importer.resources

    def build(self) -> None:
        for resource in self.resources.values():
            row = tf_types.TYPES.get(resource.type) or {}
            if resource.element is not None:
                self._placement(resource, row)
                for path in row.get("calls", ()):
                    for target in self._elements(resource, path):
                        self.builder.edge(resource.element.id, target.id, resource.span)
            if resource.type in tf_types.CONNECTORS:
                self._connector(resource, tf_types.CONNECTORS[resource.type])
        self._load_balancers()
        self._entries()

    def _elements(self, resource: TfResource, path: str | None) -> list[Element]:
        return [r.element for r in self.importer.references(resource, path) if r.element is not None]

    def _placement(self, resource: TfResource, row: dict[str, Any]) -> None:
        element = resource.element
        assert element is not None
        if row.get("group") == "subnet" or (row.get("vpc") and not row.get("subnets")):
            vpcs = [e for e in self._elements(resource, row["vpc"]) if isinstance(e, Group)]
            if vpcs:
                self.builder.place(element, vpcs[0])
            return
        subnets: list[Element] = []
        if row.get("subnets"):
            subnets = self._elements(resource, row["subnets"])
        elif row.get("db_subnets"):
            for group in self.importer.references(resource, row["db_subnets"]):
                if group.type in tf_types.SUBNET_GROUPS:
                    subnets = self._elements(group, tf_types.SUBNET_GROUPS[group.type])
        subnets = [s for s in subnets if isinstance(s, Group) and s.kind == "subnet"]
        if not subnets:
            if row.get("azs_list"):
                azs = self.importer.value(resource, row["azs_list"], [])
                if isinstance(azs, list) and azs:
                    self.builder.set(element, "azs", len(set(map(str, azs))), resource.span)
            return
        if len(subnets) == 1 and not isinstance(element, Group):
            self.builder.place(element, subnets[0])  # type: ignore[arg-type]
            return
        vpcs = {id(p): p for p in (self.builder.parent_of(s) for s in subnets) if p is not None}
        if len(vpcs) == 1:
            self.builder.place(element, next(iter(vpcs.values())))
        zones = [s.get("zone") for s in subnets]
        if row.get("subnets") and all(isinstance(z, str) for z in zones) and "azs" not in element.attrs:
            self.builder.set(element, "azs", len(set(zones)), self.importer.attr_span(resource, row["subnets"]))  # type: ignore[arg-type]

    def _connector(self, resource: TfResource, spec: dict[str, Any]) -> None:
        if spec.get("via_lb"):
            return   # target group attachments are read with the load balancers
        sources = self._elements(resource, spec["from"])
        paths = spec["to"] if isinstance(spec["to"], list) else [spec["to"]]
        ends = [e for p in paths for e in self._elements(resource, p)]
        for source in sources:
            for target in ends:
                self.builder.edge(source.id, target.id, resource.span, spec.get("label"),
                                  both=spec.get("both", False), association=spec.get("association", False))

    def _load_balancers(self) -> None:
        members: dict[str, list[Element]] = {}
        for resource in self.resources.values():
            if resource.type == "aws_lb_target_group_attachment":
                for group in self.importer.references(resource, "target_group_arn"):
                    members.setdefault(group.address, []).extend(self._elements(resource, "target_id"))
            elif resource.type in tf_types.IN_TARGET_GROUPS and resource.element is not None:
                for group in self.importer.references(resource, tf_types.IN_TARGET_GROUPS[resource.type]):
                    members.setdefault(group.address, []).append(resource.element)
        for resource in self.resources.values():
            if resource.type not in tf_types.LISTENERS:
                continue
            balancers = self._balancers(resource)
            for group in self.importer.references(resource, None):
                for target in members.get(group.address, ()):
                    for balancer in balancers:
                        self.builder.edge(balancer.id, target.id, resource.span)

    def _balancers(self, listener: TfResource, depth: int = 0) -> list[Element]:
        found: list[Element] = []
        for owner in self.importer.references(listener, tf_types.LISTENERS[listener.type]):
            if owner.type in tf_types.LISTENERS and depth < 4:
                found.extend(self._balancers(owner, depth + 1))
            elif owner.element is not None:
                found.append(owner.element)
        return found

    def _entries(self) -> None:
        public: list[tuple[Element, Span]] = []
        for resource in self.resources.values():
            entry = (tf_types.TYPES.get(resource.type) or {}).get("entry")
            if resource.element is None or not entry:
                continue
            if entry is not True:
                path, values, default = entry
                value = self.importer.value(resource, path, [])
                if (default if value is None else value) not in values:
                    continue
            public.append((resource.element, resource.span))
        if public:
            internet = self.builder.add("internet", "internet", public[0][1], "internet (added)")
            self.importer.result.synthetic[internet.id] = ("the importer's entry point: configurations "
                                                           "do not declare their users")
            for element, span in public:
                self.builder.edge(internet.id, element.id, span)
