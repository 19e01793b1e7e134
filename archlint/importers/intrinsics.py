"""CloudFormation intrinsic functions, evaluated as far as a template alone allows.

`Evaluator.value(x)` returns a plain value when the template decides it (a literal,
a parameter at its default or at `--param`, a `Fn::If` on a decidable condition,
`Fn::Select`, `Fn::Join`, `Fn::FindInMap`...), a `Ref` for a reference to a
resource, and `Unknown` otherwise: never a guess. Every parameter a value depended
on is recorded in `assumed`, so that a finding can say which value it assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archlint.importers.located import LDict, LList, UnknownTag
from archlint.model.graph import Span

AZ_NAMES = tuple(f"az{i}" for i in range(1, 7))   # `!GetAZs ''`: the Region's AZs, by position
NO_VALUE = object()                                # `!Ref AWS::NoValue`: the property is absent
_SUB = re.compile(r"\$\{([^}!][^}]*)\}")


@dataclass(frozen=True)
class Ref:
    """A reference to a resource (`Ref X`, `Fn::GetAtt X.Attr`, `${X}` in `Fn::Sub`)."""

    target: str
    attribute: str | None
    span: Span


@dataclass(frozen=True)
class Unknown:
    """A value the template alone does not decide, and why."""

    reason: str


@dataclass(frozen=True)
class Assumption:
    """A parameter value a result depends on, and whether it is the default."""

    parameter: str
    value: Any
    given: bool   # True: from --param; False: the template's Default

    def __str__(self) -> str:
        shown = "true" if self.value is True else "false" if self.value is False else self.value
        how = "given with --param" if self.given else "its default"
        return f"parameter {self.parameter} = {shown} ({how})"


class TemplateError(Exception):
    """A template CloudFormation itself would refuse (undefined reference, cycle)."""

    def __init__(self, code: str, message: str, span: Span) -> None:
        super().__init__(message)
        self.code, self.message, self.span = code, message, span


def parameter_value(declared: Any, text: Any) -> Any:
    """A parameter's value as CloudFormation passes it: Number -> number, lists -> list,
    anything else a string (a YAML 1.1 `Yes` default is the string "true")."""
    kind = str(declared.get("Type", "String")) if isinstance(declared, dict) else "String"
    if isinstance(text, bool):
        text = "true" if text else "false"
    if kind.startswith("AWS::SSM::Parameter::Value"):
        return Unknown("an SSM parameter, resolved at deploy time")
    if kind == "Number":
        try:
            number = float(text)
        except (TypeError, ValueError):
            return Unknown(f"'{text}' is not a number")
        return int(number) if number.is_integer() else number
    if kind.startswith("List<") or kind == "CommaDelimitedList":
        if isinstance(text, list):
            return [str(item) for item in text]
        return [part.strip() for part in str(text).split(",")] if str(text) else []
    return str(text) if not isinstance(text, (dict, list)) else Unknown("not a plain value")


@dataclass
class Evaluator:
    """Evaluates intrinsics against one template's parameters, mappings and conditions."""

    parameters: dict[str, Any]            # name -> value (or Unknown)
    given: set[str]                       # names set with --param
    mappings: dict[str, Any]
    conditions: dict[str, Any]            # name -> raw condition
    resources: set[str]
    file: str
    assumed: list[Assumption] = field(default_factory=list)
    _decided: dict[str, Any] = field(default_factory=dict)
    _deciding: list[str] = field(default_factory=list)

    # -- values --------------------------------------------------------------
    def value(self, raw: Any) -> Any:
        if isinstance(raw, UnknownTag):
            return Unknown(f"unknown tag {raw.tag}")
        if isinstance(raw, dict) and len(raw) == 1:
            (name, argument), = raw.items()
            if name in ("Ref", "Condition") or name.startswith("Fn::"):
                return self._function(name, argument, raw)
        if isinstance(raw, list):
            items = [self.value(item) for item in raw]
            return [i for i in items if i is not NO_VALUE]
        if isinstance(raw, dict):
            out = {k: self.value(v) for k, v in raw.items()}
            return {k: v for k, v in out.items() if v is not NO_VALUE}
        return raw

    def _function(self, name: str, arg: Any, raw: LDict) -> Any:
        span = raw.span if isinstance(raw, LDict) else Span(self.file, 1, 1, 1, 2)
        if name == "Ref":
            return self._ref(str(arg), span)
        if name == "Fn::GetAtt":
            parts = arg if isinstance(arg, list) else str(arg).split(".", 1)
            if len(parts) != 2:
                raise TemplateError("E107", "Fn::GetAtt takes [resource, attribute]", span)
            target = str(parts[0])
            if target not in self.resources:
                raise TemplateError("E103", _undefined(target, "resource", self.resources), span)
            return Ref(target, str(self.value(parts[1])), span)
        if name == "Fn::If":
            if not isinstance(arg, list) or len(arg) != 3:
                raise TemplateError("E107", "Fn::If takes [condition, value if true, value if false]", span)
            decided = self.condition(str(arg[0]), span)
            if isinstance(decided, Unknown):
                return decided
            return self.value(arg[1] if decided else arg[2])
        if name == "Fn::Select":
            if not isinstance(arg, list) or len(arg) != 2:
                raise TemplateError("E107", "Fn::Select takes [index, list]", span)
            index, items = self.value(arg[0]), self.value(arg[1])
            try:
                position = int(index)
            except (TypeError, ValueError):
                return Unknown("Fn::Select with an index the template does not decide")
            if isinstance(items, list) and 0 <= position < len(items):
                return items[position]
            return items if isinstance(items, Unknown) else Unknown("Fn::Select out of range")
        if name == "Fn::GetAZs":
            return list(AZ_NAMES)
        if name == "Fn::Join":
            if not isinstance(arg, list) or len(arg) != 2:
                raise TemplateError("E107", "Fn::Join takes [delimiter, list]", span)
            items = self.value(arg[1])
            if isinstance(items, list) and all(isinstance(i, (str, int, float)) for i in items):
                return str(arg[0]).join(str(i) for i in items)
            return Unknown("Fn::Join over values the template does not decide")
        if name == "Fn::Sub":
            return self._sub(arg, span)
        if name == "Fn::FindInMap":
            return self._find_in_map(arg, span)
        if name == "Fn::Split":
            if isinstance(arg, list) and len(arg) == 2 and arg[0] != "":
                text = self.value(arg[1])
                if isinstance(text, str):
                    return text.split(str(arg[0]))
            return Unknown("Fn::Split of a value the template does not decide")
        if name in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition"):
            return self._logic(name, arg, span)
        if name == "Fn::Base64":
            return self.value(arg)
        return Unknown(f"{name} is decided at deploy time")

    def _ref(self, target: str, span: Span) -> Any:
        if target == "AWS::NoValue":
            return NO_VALUE
        if target.startswith("AWS::"):
            return Unknown(f"pseudo parameter {target}")
        if target in self.parameters:
            value = self.parameters[target]
            if not isinstance(value, Unknown):
                self.assumed.append(Assumption(target, value, target in self.given))
            return value
        if target in self.resources:
            return Ref(target, None, span)
        raise TemplateError("E103", _undefined(target, "parameter or resource",
                                                {*self.parameters, *self.resources}), span)

    def _sub(self, arg: Any, span: Span) -> Any:
        if isinstance(arg, list) and len(arg) not in (1, 2):
            raise TemplateError("E107", "Fn::Sub takes a string or [string, {name: value}]", span)
        text, names = (arg[0], arg[1] if len(arg) > 1 else {}) if isinstance(arg, list) else (arg, {})
        if not isinstance(text, str):
            return Unknown("Fn::Sub of a computed string")
        unknown: Unknown | None = None

        def one(match: re.Match[str]) -> str:
            nonlocal unknown
            name = match.group(1).strip()
            if isinstance(names, dict) and name in names:
                value = self.value(names[name])
            elif "." in name and name.split(".", 1)[0] in self.resources:
                value = Ref(name.split(".", 1)[0], name.split(".", 1)[1], span)
            else:
                value = self._ref(name, span)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
            unknown = unknown or Unknown(f"Fn::Sub uses ${{{name}}}, known only at deploy time")
            return ""

        result = _SUB.sub(one, text).replace("${!", "${")
        return unknown if unknown else result

    def _find_in_map(self, arg: Any, span: Span) -> Any:
        if not isinstance(arg, list) or len(arg) < 3:
            raise TemplateError("E107", "Fn::FindInMap takes [map, top-level key, second-level key]", span)
        keys = [self.value(k) for k in arg[:3]]
        if any(not isinstance(k, (str, int)) for k in keys):
            return Unknown("Fn::FindInMap with a key the template does not decide")
        found: Any = self.mappings
        for key in keys:
            if not isinstance(found, dict) or str(key) not in found:
                raise TemplateError("E103", f"Fn::FindInMap: no key '{key}' in Mappings", span)
            found = found[str(key)]
        return self.value(found)

    # -- conditions ----------------------------------------------------------
    def condition(self, name: str, span: Span) -> bool | Unknown:
        """Whether condition `name` holds, or Unknown; a cycle is a TemplateError."""
        if name in self._decided:
            return self._decided[name]
        if name not in self.conditions:
            raise TemplateError("E103", _undefined(name, "condition", self.conditions), span)
        if name in self._deciding:
            chain = " -> ".join([*self._deciding[self._deciding.index(name):], name])
            raise TemplateError("E107", f"conditions refer to each other in a cycle: {chain}", span)
        self._deciding.append(name)
        try:
            result = self._truth(self.conditions[name])
        finally:
            self._deciding.pop()
        self._decided[name] = result
        return result

    def _truth(self, raw: Any) -> bool | Unknown:
        value = self.value(raw)
        if isinstance(value, bool) or isinstance(value, Unknown):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return Unknown("a condition that is not a boolean")

    def _logic(self, name: str, arg: Any, span: Span) -> bool | Unknown:
        if name == "Condition":
            return self.condition(str(arg), span)
        if name == "Fn::Equals":
            if not isinstance(arg, list) or len(arg) != 2:
                raise TemplateError("E107", "Fn::Equals takes [value, value]", span)
            left, right = (_text(self.value(a)) for a in arg)
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                return left if isinstance(left, Unknown) else right  # type: ignore[return-value]
            return left == right
        items = [self.condition(a, span) if isinstance(a, str) else self._truth(a)
                 for a in (arg if isinstance(arg, list) else [arg])]
        if name == "Fn::Not" and len(items) != 1:
            raise TemplateError("E107", "Fn::Not takes [condition]", span)
        if name == "Fn::Not":
            return items[0] if isinstance(items[0], Unknown) else not items[0]
        known = [i for i in items if not isinstance(i, Unknown)]
        if name == "Fn::And" and False in known:
            return False
        if name == "Fn::Or" and True in known:
            return True
        unknown = [i for i in items if isinstance(i, Unknown)]
        return unknown[0] if unknown else (name == "Fn::And")


def _text(value: Any) -> Any:
    """Compare as CloudFormation does: as strings ("true" == true)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (Ref, list, dict)):
        return Unknown("a comparison with a value known only at deploy time")
    return value


def _undefined(name: str, what: str, known: Any) -> str:
    from archlint.spelling import closest

    close = closest(name, known)
    hint = f"; did you mean '{close}'?" if close else ""
    return f"reference to undefined {what} '{name}'{hint}"


def references(raw: Any, resources: set[str], file: str) -> list[Ref]:
    """Every resource a raw (unevaluated) value mentions, in order, each once.

    Edges come from where a reference is written, whatever function wraps it
    (`!Sub arn:...:${Queue.Arn}`, `!If [c, !Ref A, !Ref B]` mentions both)."""
    found: dict[str, Ref] = {}
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            span = item.span if isinstance(item, LDict) else Span(file, 1, 1, 1, 2)
            for key, value in item.items():
                target = None
                if key == "Ref" and isinstance(value, str):
                    target = value
                elif key == "Fn::GetAtt":
                    parts = value if isinstance(value, list) else str(value).split(".", 1)
                    target = str(parts[0]) if parts else None
                elif key == "Fn::Sub":
                    text = value[0] if isinstance(value, list) and value else value
                    for name in _SUB.findall(str(text)):
                        base = name.split(".", 1)[0].strip()
                        if base in resources and base not in found:
                            found[base] = Ref(base, None, span)
                if target in resources and target not in found:
                    found[target] = Ref(target, None, span)
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return list(found.values())
