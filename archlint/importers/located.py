"""Template values that remember where they were written.

A CloudFormation template (YAML or JSON) is read into plain dicts, lists and
scalars whose containers carry the `Span` of every key and item, so that a
finding on an imported element points at the template line a person wrote.
Short-form intrinsic tags (`!Ref X`) become their long form (`{"Ref": "X"}`),
so the rest of the importer sees one shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from archlint.model.graph import Span

MAX_VALUES = 2_000_000   # values after alias expansion: a "billion laughs" stops here
MAX_DEPTH = 200

# Short-form tags CloudFormation knows, and the long form each stands for.
SHORT_FORMS: dict[str, str] = {
    "Ref": "Ref", "Condition": "Condition",
    **{name: f"Fn::{name}" for name in (
        "GetAtt", "Sub", "If", "Join", "Select", "Split", "FindInMap", "GetAZs",
        "ImportValue", "Base64", "Cidr", "Equals", "And", "Or", "Not", "Transform",
        "Length", "ToJsonString", "ForEach")},
}


class LDict(dict):  # type: ignore[type-arg]
    """A mapping with the span of itself and of each key (`key_spans`)."""

    span: Span = Span("<template>", 1, 1, 1, 2)   # replaced for every value read from a file
    key_spans: dict[str, Span] = {}  # noqa: RUF012 - replaced per instance, never mutated here

    def at(self, key: str) -> Span:
        return self.key_spans.get(key, self.span)


def value_at(mapping: Any, path: str) -> tuple[Any, Span | None]:
    """The raw value at a dotted path and the span of its last key."""
    value, span = mapping, None
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None, None
        span = value.at(key) if isinstance(value, LDict) else span
        value = value[key]
    return value, span


class LList(list):  # type: ignore[type-arg]
    """A sequence with the span of itself and of each item (`item_spans`)."""

    span: Span
    item_spans: list[Span]


class LStr(str):
    """A string with its span."""

    span: Span


@dataclass(frozen=True)
class UnknownTag:
    """A tag CloudFormation does not define (a preprocessor's `!Something::Embed`)."""

    tag: str
    span: Span


@dataclass
class LoadProblem:
    """Why a template could not be read: message and position."""

    message: str
    span: Span
    source_line: str | None = None


@dataclass
class Loaded:
    data: Any = None
    problem: LoadProblem | None = None
    unknown_tags: list[UnknownTag] = field(default_factory=list)


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when present: 10x faster


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """The safe loader, used to compose nodes and construct plain scalars only;
    every tag is left to `_Converter`, so nothing is ever instantiated from a tag."""


def span_of(node: yaml.Node, file: str) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Converter:
    """Composed YAML nodes -> located values, counting values (aliases expand)."""

    def __init__(self, loader: _Loader, file: str) -> None:
        self.loader, self.file = loader, file
        self.count = 0
        self.unknown_tags: list[UnknownTag] = []

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES or depth > MAX_DEPTH:
            reason = "too many values (aliases expanding?)" if depth <= MAX_DEPTH else "nested too deeply"
            raise _TooBig(f"template {reason}", span_of(node, self.file))
        tag = node.tag
        if tag.startswith("!"):
            return self._tagged(node, tag[1:], depth)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, depth)
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str):
            value = LStr(value)
            value.span = span_of(node, self.file)
        elif not isinstance(value, (bool, int, float, type(None))):
            value = LStr(node.value)  # timestamps, binary: CloudFormation keeps the text
            value.span = span_of(node, self.file)
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LDict:
        self.loader.flatten_mapping(node)
        result = LDict()
        result.span, result.key_spans = span_of(node, self.file), {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True) if isinstance(
                key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)):
                raise _TooBig("a mapping key must be a plain value", span_of(key_node, self.file))
            key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = result.key_spans[key]
                raise _TooBig(f"duplicate key '{key}' (first at line {first.line}); "
                              "CloudFormation refuses duplicate keys", span_of(key_node, self.file))
            result.key_spans[key] = span_of(key_node, self.file)
            result[key] = self.convert(value_node, depth + 1)
        return result

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> LList:
        result = LList(self.convert(item, depth + 1) for item in node.value)
        result.span = span_of(node, self.file)
        result.item_spans = [span_of(item, self.file) for item in node.value]
        return result

    def _tagged(self, node: yaml.Node, name: str, depth: int) -> Any:
        long = SHORT_FORMS.get(name)
        span = span_of(node, self.file)
        if long is None:
            self.unknown_tags.append(UnknownTag("!" + name, span))
            return UnknownTag("!" + name, span)
        if isinstance(node, yaml.ScalarNode):
            inner: Any = LStr(node.value)
            inner.span = span
            if long == "Fn::GetAtt" and "." in node.value:
                resource, _, attribute = node.value.partition(".")
                inner = LList([_lstr(resource, span), _lstr(attribute, span)])
                inner.span, inner.item_spans = span, [span, span]
            elif long == "Fn::GetAZs" and node.value == "":
                inner = _lstr("", span)
        else:
            plain = yaml.MappingNode("tag:yaml.org,2002:map", node.value, node.start_mark, node.end_mark) \
                if isinstance(node, yaml.MappingNode) else \
                yaml.SequenceNode("tag:yaml.org,2002:seq", node.value, node.start_mark, node.end_mark)
            inner = self.convert(plain, depth + 1)
        result = LDict({long: inner})
        result.span, result.key_spans = span, {long: span}
        return result


def _lstr(text: str, span: Span) -> LStr:
    value = LStr(text)
    value.span = span
    return value


class _TooBig(Exception):
    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message, self.span = message, span


def load(text: str, file: str) -> Loaded:
    """Parse YAML or JSON template text; a problem comes back positioned, never raised."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(problem=LoadProblem("the template is empty", Span(file, 1, 1, 1, 2)))
        converter = _Converter(loader, file)
        data = converter.convert(node)
        return Loaded(data, None, converter.unknown_tags)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(p for p in (error.context, error.problem) if p) or "invalid YAML"
        lines = text.split("\n")
        shown = lines[line - 1] if 0 < line <= len(lines) else None
        return Loaded(problem=LoadProblem(f"invalid YAML/JSON: {what}",
                                          Span(file, line, column, line, column + 1), shown))
    except yaml.YAMLError as error:
        return Loaded(problem=LoadProblem(f"invalid YAML/JSON: {error}", Span(file, 1, 1, 1, 2)))
    except _TooBig as error:
        return Loaded(problem=LoadProblem(error.message, error.span))
    except RecursionError:
        return Loaded(problem=LoadProblem("template nested too deeply to read", Span(file, 1, 1, 1, 2)))
    finally:
        loader.dispose()


_COMMENT = re.compile(r"(?:^|\s)#\s*(archlint\s*:.*)$")


def archlint_comments(text: str) -> list[tuple[int, int, str, bool, tuple[int, int] | None]]:
    """(line, column, text, own line, where the next line of content starts) of every
    `# archlint: ...` comment, for suppressions (archlint/model/scope.py says what each covers).

    A `#` inside a quoted string is rare in templates and, when it starts with
    `archlint:`, meant as a comment anyway; the check stays line-based and simple.
    """
    found = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if "archlint" not in line:
            continue
        match = _COMMENT.search(line)
        if match:
            own_line = not line[:match.start(1)].rstrip().rstrip("#").strip()
            found.append((number, match.start(1), match.group(1), own_line, _next_content(lines, number)))
    return found


def _next_content(lines: list[str], after: int) -> tuple[int, int] | None:
    """(line, column) of the first character after line `after` that is not space or a comment."""
    for number in range(after + 1, len(lines) + 1):
        content = lines[number - 1].lstrip()
        if content and not content.startswith("#"):
            return number, len(lines[number - 1]) - len(content) + 1
    return None
