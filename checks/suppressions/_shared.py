"""What SUP001 and SUP002 share: when they ran, their context, a comment's subject."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from archlint.config.settings import Settings, matches
from archlint.model.findings import Finding
from archlint.model.graph import Graph, Span, Suppression
from archlint.registry import Rule, RuleContext

SOURCE = "https://docs.aws.amazon.com/wellarchitected/latest/framework/oe-design-principles.html"


def fulfilled_by_engine(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    """Nothing from the graph alone; `archlint.run.engine` reports these (see the package)."""
    return iter(())


@dataclass(frozen=True)
class Subject:
    """What a finding is about: the element a suppression comment covers, if any."""

    id: str | None
    span: Span


def active(rule: Rule, rules: Iterable[Rule], settings: Settings, path: str) -> bool:
    ran = any(r.id == rule.id for r in rules)
    return ran and not any(matches(s, rule) for s in settings.file_ignores(path))


def context(rule: Rule, settings: Settings) -> RuleContext:
    return RuleContext(rule, rule.default_options(), settings.severity.get(rule.id, rule.severity))


def covered_lines(graph: Graph) -> dict[tuple[str, int], str]:
    """(file, line) -> id of the element written there, to name a comment's subject."""
    lines: dict[tuple[str, int], str] = {}
    for element in [*graph.groups.values(), *graph.nodes.values()]:
        lines.setdefault((element.span.file, element.span.line), element.id)
    return lines


def subject(suppression: Suppression, covered: dict[tuple[str, int], str]) -> Subject:
    s = suppression.span
    element = covered.get((s.file, s.line)) or covered.get((s.file, s.line + 1))
    return Subject(element, s)


