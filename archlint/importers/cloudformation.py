"""CloudFormation and SAM templates (YAML or JSON) -> the archlint `Graph`.

Reads the template with positions (`located`), evaluates what the template alone
decides (`intrinsics`), and maps each resource through one table (`cfn_types`):
VPCs and subnets become groups, components become nodes with typed attributes,
and only references that mean traffic become edges (`cfn_edges`). Everything not
understood is a note or an unknown value, never a guess and never a traceback.
"""

from __future__ import annotations

from typing import Any

from archlint.importers import cfn_edges, cfn_types
from archlint.importers.convert import convert
from archlint.importers.intrinsics import (
    NO_VALUE, Evaluator, Ref, TemplateError, Unknown, parameter_value, references,
)
from archlint.importers.located import LDict, load, value_at
from archlint.importers.model import Builder, Imported
from archlint.importers.resources import Resource
from archlint.model.findings import INPUT_ERROR, SYNTAX_ERROR
from archlint.model.graph import Element, Group, Span

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"


class CloudFormationImporter:
    def __init__(self, text: str, file: str, params: dict[str, str] | None = None) -> None:
        self.text, self.file = text, file
        self.params = params or {}
        self.builder = Builder(file)
        self.resources: dict[str, Resource] = {}
        self.evaluator: Evaluator | None = None

    @property
    def result(self) -> Imported:
        return self.builder.result

    def run(self) -> Imported:
        loaded = load(self.text, self.file)
        if loaded.problem is not None:
            p = loaded.problem
            self.result.error(SYNTAX_ERROR if p.message.startswith("invalid") else INPUT_ERROR,
                              p.message, p.span, p.source_line)
            return self.builder.finish()
        for tag in loaded.unknown_tags:
            self.result.note("IMP002", f"{tag.tag} is not a CloudFormation tag (a preprocessor's?); "
                             "the value under it is unknown", tag.span)
        try:
            self._template(loaded.data)
        except TemplateError as error:
            self.result.error(error.code, error.message, error.span)
        return self.builder.finish()

    # -- the template ---------------------------------------------------------
    def _template(self, data: Any) -> None:
        top = Span(self.file, 1, 1, 1, 2)
        if not isinstance(data, LDict) or not isinstance(data.get("Resources"), dict):
            raise TemplateError(INPUT_ERROR, "not a CloudFormation template: no Resources "
                                "mapping at the top level", getattr(data, "span", top))
        transforms = data.get("Transform") or []
        for transform in transforms if isinstance(transforms, list) else [transforms]:
            if transform != SAM_TRANSFORM:
                self.result.note("IMP005", f"transform {transform!r} is not applied; resources it "
                                 "would add or change are not seen", data.at("Transform"))
        self.evaluator = self._evaluator(data)
        globals_ = data.get("Globals") if isinstance(data.get("Globals"), dict) else {}
        for name, raw in data["Resources"].items():
            span = data["Resources"].at(name)
            if not isinstance(raw, dict) or not isinstance(raw.get("Type"), str):
                raise TemplateError(INPUT_ERROR, f"resource '{name}' needs a Type", span)
            properties = raw.get("Properties") or _empty(raw.span)
            if not isinstance(properties, dict):
                raise TemplateError(INPUT_ERROR, f"resource '{name}': Properties must be a mapping",
                                    raw.at("Properties"))
            end = raw.span
            whole = Span(self.file, span.line, span.column, end.end_line, end.end_column)
            properties = _with_globals(raw["Type"], properties, globals_)
            self.resources[name] = Resource(name, raw["Type"], properties, whole, raw)
        cfn_edges.check_references(self.resources, set(self.evaluator.parameters), self.file)
        for name in self.evaluator.conditions:   # a cycle or an undefined name is an error
            self.evaluator.condition(name, data["Conditions"].at(name))
        self._build()

    def _evaluator(self, data: LDict) -> Evaluator:
        declared = data.get("Parameters") if isinstance(data.get("Parameters"), dict) else {}
        unknown = sorted(set(self.params) - set(declared))
        if unknown:
            from archlint.spelling import closest

            close = closest(unknown[0], declared)
            hint = f"; did you mean {close}?" if close else ""
            self.result.note("IMP003", f"parameter {unknown[0]} is given but the template has no "
                             f"such parameter{hint}", data.at("Parameters") if declared else data.span)
        values: dict[str, Any] = {}
        for name, spec in declared.items():
            if name in self.params:
                values[name] = parameter_value(spec, self.params[name])
            elif isinstance(spec, dict) and "Default" in spec:
                values[name] = parameter_value(spec, spec["Default"])
            else:
                values[name] = Unknown(f"parameter {name} has no Default (pass --param {name}=...)")
        mappings = data.get("Mappings") if isinstance(data.get("Mappings"), dict) else {}
        conditions = data.get("Conditions") if isinstance(data.get("Conditions"), dict) else {}
        return Evaluator(values, set(self.params), mappings, conditions,
                         set(data["Resources"]), self.file)

    # -- resources -> elements ----------------------------------------------------
    def _build(self) -> None:
        ordered = sorted(self.resources.values(), key=lambda r: (_order(r), r.span.line))
        unknown_types: dict[str, list[Resource]] = {}
        for resource in ordered:
            if not self._exists(resource):
                continue
            row = cfn_types.row(resource.type)
            if row is not None and "member_of" in row or resource.type == "AWS::RDS::DBInstance" \
                    and self._folded_instance(resource):
                continue
            if row is not None:
                self._element(resource, row)
            elif resource.type.startswith(cfn_types.CUSTOM_PREFIXES):
                self._generic(resource)
            elif cfn_types.is_ignored(resource.type) or resource.type in cfn_types.CONNECTORS \
                    or resource.type in cfn_edges.PLUMBING:
                self.result.omitted.setdefault(resource.type, []).append(resource.name)
            else:
                unknown_types.setdefault(resource.type, []).append(resource)
                self._generic(resource)
        for resource in ordered:
            row = cfn_types.row(resource.type)
            if row is not None and "member_of" in row and self._exists(resource):
                self._join_cluster(resource, row["member_of"])
        if unknown_types:
            first = min((r for rs in unknown_types.values() for r in rs), key=lambda r: r.span.line)
            listed = ", ".join(f"{t} ({', '.join(r.name for r in rs)})" for t, rs in unknown_types.items())
            self.result.note("IMP001", f"resource types not mapped, kept as generic nodes: {listed}",
                             first.span)
        cfn_edges.Edges(self).build()

    def _exists(self, resource: Resource) -> bool:
        """False when the resource's Condition is false; an undecided one is kept and said."""
        condition = resource.raw.get("Condition")
        if condition is None:
            return True
        assert self.evaluator is not None
        before = len(self.evaluator.assumed)
        decided = self.evaluator.condition(str(condition), resource.raw.at("Condition"))
        resource_assumed = self.evaluator.assumed[before:]
        if decided is False:
            shown = "; ".join(str(a) for a in resource_assumed)
            self.result.omitted.setdefault(f"condition {condition} false"
                                           + (f" ({shown})" if shown else ""), []).append(resource.name)
            return False
        if isinstance(decided, Unknown):
            resource.raw.setdefault("__unknown__", f"exists only if condition {condition} holds "
                                    f"({decided.reason})")
        resource.raw.setdefault("__assumed__", resource_assumed)
        return True

    def _generic(self, resource: Resource) -> None:
        element = self.builder.add(resource.name, "generic", resource.span, resource.type)
        resource.element = element

    def _element(self, resource: Resource, row: dict[str, Any]) -> None:
        evaluator = self.evaluator
        assert evaluator is not None
        before = len(evaluator.assumed)
        kind = row.get("kind", "generic")
        if "kind_by" in row:
            prop, choices = row["kind_by"]
            chosen = self._value(resource, prop)
            kind = choices.get(chosen, choices.get(str(chosen).lower(), kind)) if isinstance(chosen, str) else kind
        group = "group" in row
        element = self.builder.add(resource.name, row.get("group", kind), resource.span,
                                   resource.type, group=group)
        resource.element = element
        for key, value in row.get("fixed", {}).items():
            self.builder.set(element, key, value, resource.span)
        for path, (attribute, converter) in row.get("attrs", {}).items():
            self.result.mapped.setdefault(element.id, {}).setdefault(attribute, path)
            self._attribute(resource, element, path, attribute, converter)
        self._placement(resource, element, row)
        if row.get("nested"):
            self.result.note("IMP004", f"'{resource.name}' is a nested stack ({resource.type}): kept as "
                             "one generic node; import its template separately", resource.span,
                             element.id)
        if "__unknown__" in resource.raw:
            self.result.unknown.setdefault(element.id, []).append(resource.raw["__unknown__"])
        self.builder.assume(element.id, list(resource.raw.get("__assumed__", [])) + evaluator.assumed[before:])

    def _value(self, resource: Resource, path: str) -> Any:
        raw, _ = value_at(resource.properties, path)
        assert self.evaluator is not None
        value = None if raw is None else self.evaluator.value(raw)
        return None if value is NO_VALUE else value

    def _attribute(self, resource: Resource, element: Element, path: str, attribute: str,
                   converter: str) -> None:
        raw, span = value_at(resource.properties, path)
        if raw is None:
            return
        assert self.evaluator is not None
        before = len(self.evaluator.assumed)
        value = self.evaluator.value(raw)
        if value is NO_VALUE:   # `!Ref AWS::NoValue`, also under `!If`: the property is absent
            return
        if isinstance(value, Unknown) or isinstance(value, Ref):
            reason = value.reason if isinstance(value, Unknown) else f"refers to {value.target}"
            self.result.unknown.setdefault(element.id, []).append(f"{path} ({reason})")
            self.result.note("IMP003", f"'{resource.name}': {path} is unknown ({reason}); "
                             f"{attribute} is left unset", span or resource.span, element.id)
            return
        converted = convert(converter, value)
        if converted is None:
            self.result.note("IMP003", f"'{resource.name}': {path} = {value!r} does not fit "
                             f"{attribute}; left unset", span or resource.span, element.id)
            return
        if self.builder.set(element, attribute, converted, span or resource.span):
            self.builder.assume(element.id, self.evaluator.assumed[before:], attribute)

    # -- placement --------------------------------------------------------------
    def _placement(self, resource: Resource, element: Element, row: dict[str, Any]) -> None:
        subnets = self._subnets(resource, row)
        zone_path = row.get("zone")
        if zone_path:
            zone = self._value(resource, zone_path)
            if isinstance(zone, str) and zone:
                self.builder.set(element, "zone", zone, value_at(resource.properties, zone_path)[1] or resource.span)
        if row.get("vpc") and not subnets:
            vpc = self._element_of(value_at(resource.properties, row["vpc"])[0])
            if isinstance(vpc, Group):
                self.builder.place(element, vpc)
        if not subnets:
            azs = self._value(resource, row["azs_list"]) if row.get("azs_list") else None
            if isinstance(azs, list) and azs:
                self.builder.set(element, "azs", len(set(map(str, azs))),
                                 value_at(resource.properties, row["azs_list"])[1] or resource.span)
            return
        if len(subnets) == 1 and not isinstance(element, Group):
            self.builder.place(element, subnets[0])
            return
        parents = [self.builder.parent_of(s) for s in subnets]
        vpcs = {id(p): p for p in parents if p is not None}
        if len(vpcs) == 1:
            self.builder.place(element, next(iter(vpcs.values())))
        zones = [s.get("zone") for s in subnets]
        if "subnets" in row and all(isinstance(z, str) for z in zones) and "azs" not in element.attrs:
            self.builder.set(element, "azs", len(set(zones)),  # type: ignore[arg-type]
                             value_at(resource.properties, row["subnets"])[1] or resource.span)

    def _subnets(self, resource: Resource, row: dict[str, Any]) -> list[Group]:
        if row.get("group") == "subnet":
            vpc = self._element_of(value_at(resource.properties, "VpcId")[0])
            if isinstance(vpc, Group) and isinstance(resource.element, Group):
                self.builder.place(resource.element, vpc)
            return []
        raw = None
        if row.get("subnets"):
            raw = value_at(resource.properties, row["subnets"])[0]
        elif row.get("db_subnets"):
            group = self._resource_of(value_at(resource.properties, row["db_subnets"])[0])
            if group is not None and group.type in cfn_types.SUBNET_GROUPS:
                raw = value_at(group.properties, cfn_types.SUBNET_GROUPS[group.type])[0]
        if raw is None:
            return []
        found = [self.resources[r.target].element for r in references(raw, set(self.resources), self.file)]
        return [g for g in found if isinstance(g, Group) and g.kind == "subnet"]

    def _resource_of(self, raw: Any) -> Resource | None:
        refs = references(raw, set(self.resources), self.file) if raw is not None else []
        return self.resources.get(refs[0].target) if refs else None

    def _element_of(self, raw: Any) -> Element | None:
        resource = self._resource_of(raw)
        return resource.element if resource is not None else None

    # -- databases: cluster members and read replicas ---------------------------------
    def _folded_instance(self, resource: Resource) -> bool:
        """An RDS instance in an Aurora cluster or a read replica is not its own node."""
        cluster = self._resource_of(resource.properties.get("DBClusterIdentifier"))
        if cluster is not None:
            cluster.members.append(resource)
            self._update_cluster(cluster)
            return True
        source = self._resource_of(resource.properties.get("SourceDBInstanceIdentifier"))
        if source is not None and source.element is not None:
            element = source.element
            count = element.get("read_replicas", 0)
            self.builder.set(element, "read_replicas", (count if isinstance(count, int) else 0) + 1,
                             resource.properties.at("SourceDBInstanceIdentifier"))
            self.result.omitted.setdefault("read replica of " + source.name, []).append(resource.name)
            return True
        return False

    def _join_cluster(self, resource: Resource, path: str) -> None:
        cluster = self._resource_of(resource.properties.get(path))
        if cluster is None:
            self._generic(resource)
            return
        cluster.members.append(resource)
        self._update_cluster(cluster)

    def _update_cluster(self, cluster: Resource) -> None:
        element = cluster.element
        if element is None:
            return
        last = cluster.members[-1]
        self.builder.set(element, "replicas", len(cluster.members) - 1, last.span)
        zones = [self._value(m, "AvailabilityZone") for m in cluster.members]
        if all(isinstance(z, str) for z in zones) and len(cluster.members) > 1:
            self.builder.set(element, "azs", len(set(zones)), last.span)
        self.result.omitted.setdefault(f"instances of cluster {cluster.name}", []).append(last.name)


_FIRST = ("AWS::EC2::VPC", "AWS::EC2::Subnet")


def _order(resource: Resource) -> int:
    """Containers first, then components, then cluster members and read replicas last,
    so that every reference finds its element already built."""
    if resource.type in _FIRST:
        return _FIRST.index(resource.type)
    if resource.type != "AWS::RDS::DBInstance":
        return 2
    return 4 if "SourceDBInstanceIdentifier" in resource.properties else 3


def _with_globals(resource_type: str, properties: LDict, globals_: Any) -> LDict:
    """SAM `Globals`: a function's own properties win; environment variables merge."""
    section = {"AWS::Serverless::Function": "Function", "AWS::Serverless::Api": "Api",
               "AWS::Serverless::HttpApi": "HttpApi", "AWS::Serverless::SimpleTable": "SimpleTable",
               "AWS::Serverless::StateMachine": "StateMachine"}.get(resource_type)
    defaults = globals_.get(section) if section and isinstance(globals_, dict) else None
    if not isinstance(defaults, dict):
        return properties
    merged = LDict(defaults)
    merged.span = properties.span if isinstance(properties, LDict) else defaults.span  # type: ignore[union-attr]
    merged.key_spans = {**getattr(defaults, "key_spans", {}), **getattr(properties, "key_spans", {})}
    merged.update(properties)
    return merged


def _empty(span: Span) -> LDict:
    empty = LDict()
    empty.span, empty.key_spans = span, {}
    return empty


def import_cloudformation(text: str, file: str, params: dict[str, str] | None = None) -> Imported:
    """Import one template's text; `file` is how positions name it."""
    return CloudFormationImporter(text, file, params).run()
