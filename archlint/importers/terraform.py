"""Terraform configurations (`.tf` directories, read with python-hcl2) and plans
(`terraform show -json`) -> the archlint `Graph`, through `tf_types`.

A configuration's resources are read as written: `var.x` takes its default (or
`--param x=...`), other expressions stay unknown. References (`aws_sqs_queue.jobs.arn`)
become edges only where the table says they are traffic. A module call is a group;
a local module (`source = "./net"`) is read into it, a remote one is kept empty
with a note. Positions point at the `.tf` line (or the plan's JSON line). Override
files (`override.tf`, `*_override.tf`) are read last and may redeclare a block.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from archlint.importers import tf_blocks, tf_types
from archlint.importers.convert import convert
from archlint.importers.intrinsics import Assumption, Unknown
from archlint.importers.model import Builder, Imported
from archlint.importers.resources import TfResource
from archlint.importers.tf_edges import TfEdges
from archlint.language import sources
from archlint.model.findings import INPUT_ERROR, SYNTAX_ERROR
from archlint.model.graph import Element, Group, Span

MAX_MODULE_DEPTH = 8
_REF = re.compile(r"\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*|module\.[A-Za-z_][A-Za-z0-9_-]*)")
_VAR = re.compile(r"^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$")


def _literal(value: Any) -> Any:
    """hcl2 keeps string literals quoted (`"\\"x\\""`) and expressions as `${...}`."""
    if isinstance(value, str):
        if len(value) >= 2 and value[0] == value[-1] == '"' and "${" not in value:
            return value[1:-1]
        if value.startswith("${") and value.endswith("}"):
            return Unknown(f"the expression {value[2:-1]}")
    if isinstance(value, list):
        return [_literal(v) for v in value]
    return value


def _get(body: Any, path: str) -> Any:
    value = body
    for key in path.split("."):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0]
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _line_of(text: str, pattern: str, start: int = 0) -> tuple[int, int] | None:
    match = re.compile(pattern, re.M).search(text, start)
    if match is None:
        return None
    at = match.start(1) if match.re.groups else match.start()   # the word, not its indentation
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


class TerraformImporter:
    def __init__(self, path: Path, params: dict[str, str] | None) -> None:
        self.path = path
        self.params = params or {}
        self.shown = sources.display_path(path)
        self.builder = Builder(self.shown)
        self.resources: dict[str, TfResource] = {}
        self.variables: dict[str, Any] = {}
        self._parents: dict[str, Group | None] = {}   # address -> the module group it is in
        self._first: dict[tuple[str, str, tuple[str, ...]], Span] = {}   # where each block is declared

    @property
    def result(self) -> Imported:
        return self.builder.result

    def run(self) -> Imported:
        try:
            if self.path.is_file() and self.path.suffix.lower() == ".json":
                self._plan(self.path)
            else:
                directory = self.path if self.path.is_dir() else self.path.parent
                self._directory(directory, "", None, 0, sources.project_root(directory))
        except _Stop:
            return self.builder.finish()
        self._build()
        return self.builder.finish()

    # -- reading .tf files ---------------------------------------------------------
    def _directory(self, directory: Path, prefix: str, group: Group | None, depth: int, root: Path) -> None:
        try:
            import hcl2
        except ImportError:
            self._stop(INPUT_ERROR, "reading .tf files needs python-hcl2: pip install 'archlint[import]'",
                       Span(self.shown, 1, 1, 1, 2))
        files = sorted(directory.glob("*.tf"), key=lambda file: (_override(file.name), file))  # as Terraform
        if not files:
            self._stop(INPUT_ERROR, f"no .tf files in {sources.display_path(directory)}",
                       Span(sources.display_path(directory), 1, 1, 1, 2))
        for file in files:
            shown = sources.display_path(file)
            # as a walked folder: a .tf link out of the project (`x.tf -> ~/.aws/credentials`)
            # or a FIFO is not read, and, since Terraform would read it, stops the import
            refused = sources.not_an_input(file, root, named=False)
            if refused:
                self._stop(INPUT_ERROR, refused, Span(shown, 1, 1, 1, 2))
            text, error = sources.read_text(file, shown)
            if error is not None or text is None:
                self.result.findings.append(error)  # type: ignore[arg-type]
                raise _Stop()
            self.result.texts[shown] = text
            self.result.read.append(os.path.realpath(file))
            try:
                data = hcl2.loads(text)
            except Exception as problem:   # noqa: BLE001 - hcl2 raises lark's many error types
                line, column = getattr(problem, "line", 1) or 1, getattr(problem, "column", 1) or 1
                lines = text.split("\n")
                first = str(problem).strip().split("\n")[0][:200]
                self._stop(SYNTAX_ERROR, f"invalid HCL: {first}", Span(shown, line, column, line, column + 1),
                           lines[line - 1] if 0 < line <= len(lines) else None)
            self._blocks(data, text, shown, prefix, group, depth, root, directory)

    def _blocks(self, data: dict[str, Any], text: str, shown: str, prefix: str, group: Group | None,
                depth: int, root: Path, directory: Path) -> None:
        override = _override(Path(shown).name)
        variables, resources, modules = (self._declared(data, kind, text, shown, prefix, override)
                                         for kind in ("variable", "resource", "module"))
        for (name,), spec, _, _ in variables:
            if not prefix:
                self.variables[name] = _literal(spec.get("default")) if "default" in spec else \
                    Unknown(f"variable {name} has no default (pass --param {name}=...)")
        for (rtype, name), body, _, _ in resources:
            found = _line_of(text, rf'^[ \t]*(resource)\s+"{re.escape(rtype)}"\s+"{re.escape(name)}"')
            line, column = found or (1, 1)
            address = f"{prefix}{rtype}.{name}"
            end = _line_of(text, r"^(\})", sum(len(x) + 1 for x in text.split("\n")[:line]))
            self.resources[address] = TfResource(
                address, rtype, name, body, Span(shown, line, column, *(end or (line, column + 1))),
                prefix, text)
            self._parents[address] = group
        for (name,), body, _, _ in modules:
            if override and (prefix, "module", (name,)) in self._first:
                continue   # the module's group is there, its resources read: not a second group
            found = _line_of(text, rf'^[ \t]*(module)\s+"{re.escape(name)}"') or (1, 1)
            span = Span(shown, found[0], found[1], found[0], found[1] + 1)
            module = self.builder.add(f"{prefix}module.{name}".replace(".", "_"), "group", span,
                                      "module", group=True, parent=group)
            self.result.source[module.id] = f"{prefix}module.{name}"
            source = _literal(body.get("source"))
            target, why = None, "a remote module"
            if isinstance(source, str) and source.startswith(("./", "../")):
                try:
                    target, why = (directory / source).resolve(), "outside the project or too deep"
                except (OSError, RuntimeError):   # RuntimeError: a symlink loop (Python < 3.13)
                    why = "a symlink loop"
            if target is None or depth >= MAX_MODULE_DEPTH or not target.is_dir() \
                    or not target.is_relative_to(root.resolve()):
                self.result.note("IMP004", f"module '{name}' ({source}) is {why}: kept as an "
                                 "empty group; its resources are not read", span, module.id)
                continue
            self._directory(target, f"{prefix}module.{name}.", module, depth + 1, root)  # type: ignore[arg-type]

    def _declared(self, data: dict[str, Any], kind: str, text: str, shown: str,
                  prefix: str, override: bool) -> list[tf_blocks.Block]:
        """The `kind` blocks of one file, each declared once in its module, as Terraform
        requires (else a positioned error), except in an override file, which redeclares
        blocks to be merged over the original: its resource and variable replace it."""
        def stop(message: str, line: int, column: int) -> None:
            lines = text.split("\n")
            self._stop(INPUT_ERROR, message, Span(shown, line, column, line, column + len(kind)),
                       lines[line - 1] if 0 < line <= len(lines) else None)

        try:
            found = tf_blocks.blocks(data, kind, text)
        except tf_blocks.BlockError as problem:
            stop(problem.message, problem.line, problem.column)
        for block in found if not override else ():
            key = (prefix, kind, block.labels)
            first = self._first.setdefault(key, Span(shown, block.line, block.column, block.line, block.column))
            if first.file != shown or first.line != block.line:
                stop(f"{kind} {'.'.join(block.labels)} is declared twice (first at {first.file}:"
                     f"{first.line}); Terraform refuses that", block.line, block.column)
        return found

    # -- reading a plan ----------------------------------------------------------------
    def _plan(self, path: Path) -> None:
        text, error = sources.read_text(path, self.shown)
        if error is not None or text is None:
            self.result.findings.append(error)  # type: ignore[arg-type]
            raise _Stop()
        self.result.texts[self.shown] = text
        try:
            plan = json.loads(text)
        except ValueError as problem:
            line, column = getattr(problem, "lineno", 1), getattr(problem, "colno", 1)
            self._stop(SYNTAX_ERROR, f"invalid JSON: {problem}", Span(self.shown, line, column, line, column + 1))
        values = plan.get("planned_values") or plan.get("values") if isinstance(plan, dict) else None
        if not isinstance(values, dict) or not isinstance(values.get("root_module"), dict):
            self._stop(INPUT_ERROR, "not a Terraform plan or state in JSON (no planned_values.root_module); "
                       "make it with terraform show -json", Span(self.shown, 1, 1, 1, 2))
        refs = _plan_references((plan.get("configuration") or {}).get("root_module") or {}, "")
        for name, var in (plan.get("variables") or {}).items():
            self.variables[name] = var.get("value") if isinstance(var, dict) else var
        self._plan_module(values["root_module"], None, text, refs)

    def _plan_module(self, module: dict[str, Any], group: Group | None, text: str,
                     refs: dict[str, dict[str, list[str]]]) -> None:
        for item in module.get("resources") or []:
            if item.get("mode") == "data" or not isinstance(item.get("values"), dict):
                continue
            address = str(item.get("address"))
            found = _line_of(text, rf'"address":\s*"{re.escape(address)}"') or (1, 1)
            prefix = address[: address.rfind(f"{item['type']}.")]
            config = re.sub(r"\[[^\]]*\]", "", address)
            self.resources[address] = TfResource(
                address, str(item["type"]), str(item.get("name")), item["values"],
                Span(self.shown, found[0], found[1], found[0], found[1] + 1), prefix,
                refs=refs.get(config, {}))
            self._parents[address] = group
        for child in module.get("child_modules") or []:
            address = str(child.get("address"))
            found = _line_of(text, rf'"address":\s*"{re.escape(address)}"') or (1, 1)
            span = Span(self.shown, found[0], found[1], found[0], found[1] + 1)
            element = self.builder.add(address.replace(".", "_"), "group", span, "module",
                                       group=True, parent=group)
            self.result.source[element.id] = address
            self._plan_module(child, element, text, refs)  # type: ignore[arg-type]

    def _stop(self, code: str, message: str, span: Span, line: str | None = None) -> None:
        self.result.error(code, message, span, line)
        raise _Stop()

    # -- resources -> graph ----------------------------------------------------------
    def _build(self) -> None:
        unknown: dict[str, list[str]] = {}
        ordered = sorted(self.resources.values(), key=lambda r: (_order(r), r.span.file, r.span.line))
        for resource in ordered:
            row = tf_types.TYPES.get(resource.type)
            if row is not None and "member_of" in row:
                continue
            if resource.type in tf_types.REPLICA_OF and self._replica(resource):
                continue
            if row is not None:
                self._element(resource, row)
            elif tf_types.is_ignored(resource.type) or resource.type in tf_types.CONNECTORS \
                    or resource.type in tf_types.LISTENERS or resource.type in tf_types.TARGET_GROUPS \
                    or resource.type in tf_types.SUBNET_GROUPS or not resource.type.startswith("aws_"):
                self.result.omitted.setdefault(resource.type, []).append(resource.address)
            else:
                unknown.setdefault(resource.type, []).append(resource.address)
                resource.element = self._add(resource, "generic")
        for resource in ordered:
            row = tf_types.TYPES.get(resource.type)
            if row is not None and "member_of" in row:
                self._join(resource, row["member_of"])
        if unknown:
            first = min((self.resources[a] for a in sum(unknown.values(), [])), key=lambda r: r.span.line)
            listed = ", ".join(f"{t} ({', '.join(a)})" for t, a in unknown.items())
            self.result.note("IMP001", f"resource types not mapped, kept as generic nodes: {listed}", first.span)
        TfEdges(self).build()

    def _add(self, resource: TfResource, kind: str, group: bool = False) -> Element:
        element = self.builder.add(resource.name, kind, resource.span, resource.type, group=group,
                                   parent=self._parents.get(resource.address))
        self.result.source[element.id] = resource.address
        return element

    def value(self, resource: TfResource, path: str, assumed: list[Assumption]) -> Any:
        raw = _get(resource.body, path)
        if raw is None:
            return None
        if resource.refs is not None:   # a plan: values are already decided
            return raw
        if isinstance(raw, str) and (match := _VAR.match(raw)) and not resource.prefix:
            name = match.group(1)
            if name in self.params:
                assumed.append(Assumption(name, self.params[name], True))
                return self.params[name]
            value = self.variables.get(name, Unknown(f"undeclared variable {name}"))
            if not isinstance(value, Unknown):
                assumed.append(Assumption(name, value, False))
            return value
        return _literal(raw)

    def attr_span(self, resource: TfResource, path: str) -> Span:
        key = path.split(".")[-1]
        start = resource.text.find("\n", sum(len(l) + 1 for l in resource.text.split("\n")[:resource.span.line - 1]))
        found = _line_of(resource.text, rf"^[ \t]*({re.escape(key)})\s*[={{]", max(start, 0)) if resource.text else None
        if found is None:
            return resource.span
        return Span(resource.span.file, found[0], found[1], found[0], found[1] + len(key))

    def _element(self, resource: TfResource, row: dict[str, Any]) -> None:
        assumed: list[Assumption] = []
        kind = row.get("kind", "generic")
        if "kind_by" in row:
            prop, choices = row["kind_by"]
            chosen = self.value(resource, prop, assumed)
            kind = choices.get(chosen, kind) if isinstance(chosen, str) else kind
        element = self._add(resource, row.get("group", kind), group="group" in row)
        resource.element = element
        for key, value in row.get("fixed", {}).items():
            self.builder.set(element, key, value, resource.span)
        for path, (attribute, converter) in row.get("attrs", {}).items():
            self.result.mapped.setdefault(element.id, {}).setdefault(attribute, path)
            before = len(assumed)
            value = self.value(resource, path, assumed)
            if value is None:
                continue
            span = self.attr_span(resource, path)
            converted = None if isinstance(value, Unknown) else convert(converter, value)
            if converted is None:
                reason = value.reason if isinstance(value, Unknown) else f"{value!r} does not fit {attribute}"
                self.result.unknown.setdefault(element.id, []).append(f"{path} ({reason})")
                self.result.note("IMP003", f"'{resource.address}': {path} is unknown ({reason}); "
                                 f"{attribute} is left unset", span, element.id)
                continue
            if self.builder.set(element, attribute, converted, span):
                self.builder.assume(element.id, assumed[before:], attribute)
        zone = self.value(resource, row["zone"], assumed) if row.get("zone") else None
        if isinstance(zone, str) and zone:
            self.builder.set(element, "zone", zone, self.attr_span(resource, row["zone"]))
        self.builder.assume(element.id, assumed)

    def _replica(self, resource: TfResource) -> bool:
        refs = self.references(resource, tf_types.REPLICA_OF[resource.type])
        source = refs[0] if refs else None
        if source is None or source.element is None:
            return False
        count = source.element.get("read_replicas", 0)
        self.builder.set(source.element, "read_replicas", (count if isinstance(count, int) else 0) + 1,
                         self.attr_span(resource, tf_types.REPLICA_OF[resource.type]))
        self.result.omitted.setdefault(f"read replica of {source.address}", []).append(resource.address)
        return True

    def _join(self, resource: TfResource, path: str) -> None:
        refs = self.references(resource, path)
        cluster = refs[0] if refs else None
        if cluster is None or cluster.element is None:
            resource.element = self._add(resource, tf_types.TYPES[resource.type]["kind"])
            return
        cluster.members.append(resource)
        self.builder.set(cluster.element, "replicas", len(cluster.members) - 1, resource.span)
        self.result.omitted.setdefault(f"instances of cluster {cluster.address}", []).append(resource.address)

    def references(self, resource: TfResource, path: str | None) -> list[TfResource]:
        """Resources an argument (None: the whole body) refers to, in order."""
        if resource.refs is not None:
            names = [a for k, v in resource.refs.items() if path is None or k == path.split(".")[0] for a in v]
        else:
            raw = resource.body if path is None else _get(resource.body, path)
            names = _REF.findall(json.dumps(raw)) if raw is not None else []
        found: list[TfResource] = []
        for name in names:
            target = self._resolve(resource.prefix, name)
            if target is not None and target is not resource and target not in found:
                found.append(target)
        return found

    def _resolve(self, prefix: str, name: str) -> TfResource | None:
        parts = name.split(".")
        for size in (2, 3):   # aws_x.name, or with an attribute / index after it
            address = prefix + ".".join(parts[:size])
            if address in self.resources:
                return self.resources[address]
        return None


def _plan_references(module: dict[str, Any], prefix: str) -> dict[str, dict[str, list[str]]]:
    """configuration.root_module -> {address: {argument: [referenced addresses]}}."""
    found: dict[str, dict[str, list[str]]] = {}
    for item in module.get("resources") or []:
        refs: dict[str, list[str]] = {}
        for argument, expression in (item.get("expressions") or {}).items():
            text = json.dumps(expression)
            refs[argument] = [prefix + r for r in re.findall(r'"references":\s*\[([^\]]*)\]', text)
                              for r in re.findall(r'"([^"]+)"', r)]
        found[prefix + str(item.get("address"))] = refs
    for name, call in (module.get("module_calls") or {}).items():
        found.update(_plan_references(call.get("module") or {}, f"{prefix}module.{name}."))
    return found


def _order(resource: TfResource) -> int:
    if resource.type == "aws_vpc":
        return 0
    if resource.type == "aws_subnet":
        return 1
    return 3 if resource.type in tf_types.REPLICA_OF and "replicate_source_db" in resource.body else 2


def _override(name: str) -> bool:
    """Terraform's override files (`override.tf`, `*_override.tf`), read after the others."""
    return name == "override.tf" or name.endswith("_override.tf")


class _Stop(Exception):
    """The input cannot be read; the error is already recorded."""


def import_terraform(path: Path, params: dict[str, str] | None = None) -> Imported:
    imported = TerraformImporter(path, params).run()
    imported.graph.included = tuple(imported.read)   # inputs: never an output (as includes)
    return imported
