"""A tiny rule set for CI-gate tests, independent of the real catalogue.

`flag = error|warning|info` on a node makes TST001/TST002/TST003 report it at
that severity, so a test can write a document with exactly the findings it
needs; TST004 has one option of every type and reports their values.
`use_test_rules(monkeypatch)` makes them the registry's built-in rules (plus
the real SUP rules) for code that calls `all_rules()`, such as the CLI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Iterator

from archlint.checks.suppressions.suppression_without_reason import suppression_without_reason
from archlint.checks.suppressions.unused_suppression import unused_suppression
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import Option, Rule, RuleContext, rule
from archlint.model.values import Duration

SOURCE = ("https://docs.aws.amazon.com/wellarchitected/latest/framework/welcome.html",)


def _flagged(level: str):  # type: ignore[no-untyped-def]
    def check(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
        for node in graph.nodes.values():
            if str(node.get("flag", "")) == level:
                yield ctx.finding(node, f"'{node.id}' is flagged {level}")
    return check


def _declare(number: int, level: str) -> Rule:
    return rule(
        id=f"TST00{number}", name=f"test-{level}", title=f"test rule at {level}",
        severity=level, why="For tests.", fix=f"Remove flag = {level}.", sources=SOURCE,
        failing=(f"a: ec2 {{ flag = {level} }}",), passing=("a: ec2",),
    )(_flagged(level))


TST_ERROR = _declare(1, "error")
TST_WARNING = _declare(2, "warning")
TST_INFO = _declare(3, "info")


def _report_options(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for node in graph.nodes.values():
        if str(node.get("flag", "")) == "options":
            shown = ", ".join(f"{k}={v}" for k, v in sorted(ctx.options.items()))
            yield ctx.finding(node, shown)


TST_OPTIONS = rule(
    id="TST004", name="test-options", title="test rule with options", severity="info",
    why="For tests.", fix="None.", sources=SOURCE,
    failing=("a: ec2 { flag = options }",), passing=("a: ec2",),
    options=(
        Option("limit", 3, "an integer"),
        Option("ratio", 0.5, "a number"),
        Option("strict", False, "a boolean"),
        Option("label", "x", "a string"),
        Option("names", [], "a list"),
        Option("max_wait", Duration(60, "1m"), "a duration"),
    ),
)(_report_options)

TEST_RULES: tuple[Rule, ...] = (TST_ERROR, TST_WARNING, TST_INFO, TST_OPTIONS,
                                unused_suppression, suppression_without_reason)


def use_test_rules(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("archlint.registry.builtin_rules", lambda: TEST_RULES)


def run_archlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter, as CI and pre-commit run it."""
    return subprocess.run([sys.executable, "-m", "archlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
