"""Which CloudFormation references are traffic, and the edges they make.

Only references the mapping table names become edges: a function's environment,
a topic's subscriptions, an event source mapping, a load balancer's listeners and
target groups, API integrations, SAM events, peering and attachments. Alarms,
IAM policies, log groups, custom resources and `SourceDBInstanceIdentifier` (a
read replica) never make an edge, so availability rules judge real paths.
Internet-facing front doors are joined to one `internet` entry node.
"""

from __future__ import annotations

from typing import Any, Iterable, Protocol

from archlint.importers import cfn_types
from archlint.importers.intrinsics import Evaluator, Ref, TemplateError, references
from archlint.importers.located import LDict, value_at
from archlint.importers.model import Builder, Imported
from archlint.importers.resources import Resource
from archlint.model.graph import Element, Span

# Resources that stand for another one when referred to (an alias is its function).
ALIASES = {"AWS::Lambda::Alias": "FunctionName", "AWS::Lambda::Version": "FunctionName",
           "AWS::ApiGateway::Stage": "RestApiId", "AWS::ApiGateway::Deployment": "RestApiId",
           "AWS::ApiGatewayV2::Stage": "ApiId"}
PLUMBING = {*cfn_types.LISTENERS, cfn_types.TARGET_GROUP, *cfn_types.SUBNET_GROUPS,
            cfn_types.LAMBDA_URL, *ALIASES}
# SAM event type -> property naming the source, and whether the source is created implicitly
SAM_EVENTS = {"SQS": "Queue", "SNS": "Topic", "Kinesis": "Stream", "DynamoDB": "Stream",
              "S3": "Bucket", "MSK": "Stream", "MQ": "Broker", "EventBridgeRule": "EventBusName",
              "CloudWatchEvent": None, "Schedule": None, "ScheduleV2": None,
              "Api": "RestApiId", "HttpApi": "ApiId"}
IMPLICIT_API = {"Api": ("ServerlessRestApi", "rest"), "HttpApi": ("ServerlessHttpApi", "http")}


class Importer(Protocol):
    """What the edges read from the CloudFormation importer that builds them."""

    resources: dict[str, Resource]
    builder: Builder
    file: str
    evaluator: Evaluator | None

    @property
    def result(self) -> Imported: ...

    def _value(self, resource: Resource, path: str) -> Any: ...


class Edges:
    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.resources = importer.resources
        self.names = set(self.resources)
        self.builder = importer.builder
        self.file = importer.file

    def build(self) -> None:
        for resource in self.resources.values():
            row = cfn_types.row(resource.type) or {}
            if resource.element is not None:
                for path in row.get("calls", ()):
                    self._refs_edges(resource.element, resource.properties, path, outgoing=True)
                for path in row.get("called_by", ()):
                    self._refs_edges(resource.element, resource.properties, path, outgoing=False)
                for key in ("calls_through", "calls_through_2"):
                    if row.get(key):
                        self._through(resource, *row[key])
                if row.get("sam_events"):
                    self._sam_events(resource)
            if resource.type in cfn_types.CONNECTORS:
                self._connector(resource, cfn_types.CONNECTORS[resource.type])
        self._load_balancers()
        self._entries()

    # -- references -> elements ------------------------------------------------------
    def targets(self, raw: Any) -> list[tuple[Element, Span]]:
        """Elements a raw value refers to, following aliases (a Lambda alias is its function)."""
        found = []
        for ref in references(raw, self.names, self.file):
            resource = self.resources[ref.target]
            seen = 0
            while resource.type in ALIASES and seen < 8:
                inner = references(resource.properties.get(ALIASES[resource.type]), self.names, self.file)
                if not inner:
                    break
                resource, seen = self.resources[inner[0].target], seen + 1
            if resource.element is not None:
                found.append((resource.element, ref.span))
        return found

    def _refs_edges(self, element: Element, properties: LDict, path: str, outgoing: bool) -> None:
        raw, _ = value_at(properties, path)
        for target, span in self.targets(raw):
            if outgoing:
                self.builder.edge(element.id, target.id, span)
            else:
                self.builder.edge(target.id, element.id, span)

    def _through(self, resource: Resource, via: str, path: str) -> None:
        """An ECS service calls what its task definition's containers are given; an
        Auto Scaling group what its launch template's user data names."""
        assert resource.element is not None
        for ref in references(value_at(resource.properties, via)[0], self.names, self.file):
            task = self.resources[ref.target]
            self._refs_edges(resource.element, task.properties, path, outgoing=True)

    def _connector(self, resource: Resource, spec: dict[str, Any]) -> None:
        sources = self.targets(resource.properties.get(spec["from"]))
        paths = spec["to"] if isinstance(spec["to"], list) else [spec["to"]]
        ends = [t for p in paths for t in self.targets(resource.properties.get(p))]
        for source, _ in sources:
            for target, _ in ends:
                edge = self.builder.edge(source.id, target.id, resource.span, spec.get("label"),
                                         both=spec.get("both", False),
                                         association=spec.get("association", False))
                if edge is not None:
                    self.importer.result.source.setdefault(edge.id, resource.name)

    # -- load balancers: listener -> target group -> targets -------------------------
    def _load_balancers(self) -> None:
        groups: dict[str, list[Element]] = {}
        for resource in self.resources.values():
            if resource.type == cfn_types.TARGET_GROUP:
                groups.setdefault(resource.name, []).extend(
                    e for e, _ in self.targets(resource.properties.get("Targets")))
            elif resource.type in cfn_types.IN_TARGET_GROUPS and resource.element is not None:
                raw = resource.properties.get(cfn_types.IN_TARGET_GROUPS[resource.type])
                for ref in references(raw, self.names, self.file):
                    groups.setdefault(ref.target, []).append(resource.element)
        for resource in self.resources.values():
            if resource.type not in cfn_types.LISTENERS:
                continue
            balancers = self._balancers(resource)
            for ref in references(resource.properties, self.names, self.file):
                for target in groups.get(ref.target, ()):
                    for balancer in balancers:
                        self.builder.edge(balancer.id, target.id, ref.span)

    def _balancers(self, listener: Resource) -> list[Element]:
        prop = cfn_types.LISTENERS[listener.type]
        found: list[Element] = []
        for ref in references(listener.properties.get(prop), self.names, self.file):
            owner = self.resources[ref.target]
            if owner.type in cfn_types.LISTENERS:
                found.extend(self._balancers(owner))
            elif owner.element is not None:
                found.append(owner.element)
        return found

    # -- SAM ---------------------------------------------------------------------------
    def _sam_events(self, resource: Resource) -> None:
        function = resource.element
        assert function is not None
        events = resource.properties.get("Events")
        if not isinstance(events, dict):
            return
        for name, event in events.items():
            if not isinstance(event, dict):
                continue
            kind, props = str(event.get("Type", "")), event.get("Properties") or {}
            span = events.at(name) if isinstance(events, LDict) else resource.span
            if kind not in SAM_EVENTS:
                self.importer.result.note("IMP005", f"'{resource.name}': SAM event type {kind!r} is not "
                                          "mapped; no edge made for it", span, function.id)
                continue
            prop = SAM_EVENTS[kind]
            sources = self.targets(props.get(prop)) if prop and isinstance(props, dict) else []
            if not sources and kind in IMPLICIT_API:
                sources = [(self._implicit_api(kind, span), span)]
            if not sources and kind in ("Schedule", "ScheduleV2", "CloudWatchEvent", "EventBridgeRule"):
                continue   # a schedule or the default bus: nothing in the template sends
            for source, _ in sources:
                self.builder.edge(source.id, function.id, span)

    def _implicit_api(self, kind: str, span: Span) -> Element:
        name, api_type = IMPLICIT_API[kind]
        existing = self.builder.graph.nodes.get(name)
        if existing is not None:
            return existing
        element = self.builder.add(name, "apigateway", span, f"AWS::Serverless::{kind} (implicit)")
        self.builder.set(element, "type", api_type, span)
        self.importer.result.synthetic[element.id] = f"the API SAM creates for {kind} events"
        return element

    # -- entries -------------------------------------------------------------------------
    def _entries(self) -> None:
        public: list[tuple[Element, Span]] = []
        for resource in self.resources.values():
            row = cfn_types.row(resource.type) or {}
            element = resource.element
            if element is not None and self._is_public(resource, row.get("entry")):
                public.append((element, resource.span))
            if resource.type == cfn_types.LAMBDA_URL:
                auth = self.importer.evaluator.value(resource.properties.get("AuthType"))  # type: ignore[union-attr]
                public.extend((e, resource.span) for e, _ in
                              self.targets(resource.properties.get("TargetFunctionArn")) if auth == "NONE")
        for element in self.builder.graph.nodes.values():
            if element.kind == "apigateway" and element.id in self.importer.result.synthetic:
                public.append((element, element.span))
        if not public:
            return
        internet = self.builder.add("internet", "internet", public[0][1], "internet (added)")
        self.importer.result.synthetic[internet.id] = ("the importer's entry point: templates do not "
                                                       "declare their users")
        for element, span in public:
            self.builder.edge(internet.id, element.id, span)

    def _is_public(self, resource: Resource, entry: Any) -> bool:
        if entry is True:
            return True
        if not entry:
            return False
        path, public, default = entry
        value = self.importer._value(resource, path)
        if value is None:
            value = default
        values = value if isinstance(value, list) else [value]
        return any(isinstance(v, str) and v in public for v in values)


def _undefined(resources: dict[str, Resource], parameters: set[str]) -> None:
    """Every `Ref` and `Fn::GetAtt` names something the template declares."""
    from archlint.importers.intrinsics import _undefined as message

    known = {*resources, *parameters}
    for resource in resources.values():
        stack: list[Any] = [resource.properties]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    target, pool = None, known
                    if key == "Ref" and isinstance(value, str) and not value.startswith("AWS::"):
                        target = value
                    elif key == "Fn::GetAtt" and isinstance(value, list) and value:
                        target, pool = str(value[0]), set(resources)
                    if target is not None and target not in pool:
                        span = item.span if isinstance(item, LDict) else resource.span
                        raise TemplateError("E103", message(target, "parameter or resource", pool), span)
                    stack.append(value)
            elif isinstance(item, list):
                stack.extend(item)


def check_references(resources: dict[str, Resource], parameters: set[str], file: str) -> None:
    """CloudFormation refuses a reference to nothing, and resources that depend on
    each other in a circle (through Ref, Fn::GetAtt, Fn::Sub or DependsOn); so does
    the importer."""
    _undefined(resources, parameters)
    names = set(resources)
    depends: dict[str, list[str]] = {}
    for name, resource in resources.items():
        targets = [r.target for r in references(resource.properties, names, file)]
        on = resource.raw.get("DependsOn")
        targets += [str(d) for d in (on if isinstance(on, list) else [on] if on else [])]
        for target in targets:
            if target not in names:
                raise TemplateError("E103", f"DependsOn names no resource '{target}'",
                                    resource.raw.at("DependsOn"))
        depends[name] = targets
    state: dict[str, int] = {}
    for start in resources:
        if state.get(start):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(start, iter(depends[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)   # type: ignore[call-overload]
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                chain = " -> ".join([*path[path.index(child):], child])
                raise TemplateError("E107", f"resources depend on each other in a circle: {chain}; "
                                    "CloudFormation refuses such a template", resources[child].span)
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(depends[child])))


__all__ = ["Edges", "Ref", "check_references"]
