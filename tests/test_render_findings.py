"""Findings in the picture: legend rows, severity looks (readable in grey-scale),
`--findings none|errors|all`, SVG tooltips; and the layout fixes (a chain's
label once, an icon for `generic`). DOT structure is compared, never pixels."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint import registry
from archlint.cli import main
from archlint.model.findings import Severity
from archlint.output.render import RenderOptions, build_dot
from archlint.output.render.marks import DOCUMENT, LOOKS
from archlint.registry import rule
from archlint.run.engine import check_text
from dot_structure import structure

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is required")


def _rule(rule_id: str, severity: str, title: str, kind: str):
    @rule(id=rule_id, name=f"test-{severity}", title=title, severity=severity, why="test",
          fix="test", sources=["https://example.com/doc"], failing=[f"a: {kind}"], passing=["a: s3"])
    def check(graph, ctx):
        for node in graph.of_kind(kind):
            yield ctx.finding(node, f"'{node.id}' is a {kind}")
        for edge in graph.edges:
            if edge.label == kind:
                yield ctx.finding(edge, f"edge says {kind}")
    return check


RULES = (_rule("TST010", "error", "Every rds is wrong", "rds"),
         _rule("TST011", "warning", "Every sqs is doubtful", "sqs"),
         _rule("TST012", "info", "Every lambda is noted", "lambda"))


@rule(id="TST013", name="test-document", title="The document itself", severity="warning",
      why="test", fix="test", sources=["https://example.com/doc"], failing=["a: ec2"],
      passing=["b: s3"])
def _document_rule(graph, ctx):
    for node in graph.nodes.values():   # a finding that names no element
        yield dataclasses.replace(ctx.finding(node, "about the whole design"), element_id=None)


@pytest.fixture(autouse=True)
def test_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: RULES)


DOC = """\
title = "Orders"
api: lambda "Order API"
q: sqs "Jobs"
vpc prod "Production" { db: rds "Ledger" }
api -> q : "enqueue"
api -> db : "rds"
"""


def dot_of(text: str, findings: str = "all", direction: str = "LR") -> str:
    result = check_text(text)
    assert result.graph is not None and not any(f.is_input_error for f in result.findings)
    return build_dot(result.graph, result.findings, RenderOptions("dot", direction, findings))


def test_legend_lists_each_finding_worst_first() -> None:
    found = structure(dot_of(DOC))
    assert found.legend[:2] == [["Findings"], ["Rule", "Severity", "Element", "What"]]
    assert found.legend[2:] == [
        ["TST010", "error", "Ledger", "Every rds is wrong"],
        ["TST010", "error", "Order API -> Ledger", "Every rds is wrong"],
        ["TST011", "warning", "Jobs", "Every sqs is doubtful"],
        ["TST012", "info", "Order API", "Every lambda is noted"],
    ]
    # each severity cell is filled with its own look
    legend = found.clusters["cluster_@legend"]["label"]
    for severity, look in LOOKS.items():
        assert f'<td bgcolor="{look.fill}"><font color="{look.on_fill}">{severity}</font></td>' in legend


def test_marks_take_the_colour_and_pen_of_their_worst_severity() -> None:
    found = structure(dot_of(DOC))
    assert found.nodes["db"]["fontcolor"] == LOOKS[Severity.ERROR].text
    assert found.nodes["q"]["fontcolor"] == LOOKS[Severity.WARNING].text
    assert found.nodes["api"]["fontcolor"] == LOOKS[Severity.INFO].text
    halves = found.halves("api", "db")
    assert len(halves) == 2 and found.label("api", "db") == "rds\\nTST010"
    for edge in halves:
        assert edge["penwidth"] == LOOKS[Severity.ERROR].penwidth
        assert edge["tooltip"] == "TST010 [error] edge says rds"
    label_node = next(b for a, b, _ in found.edges if a == "api" and b.startswith("@label"))
    assert found.nodes[label_node]["tooltip"] == "TST010 [error] edge says rds"
    assert found.nodes["db"]["tooltip"] == "TST010 [error] 'db' is a rds"


def test_group_titles_stay_on_top_although_the_legend_is_at_the_bottom() -> None:
    found = structure(dot_of(DOC))
    assert found.clusters["cluster_@legend"]["labelloc"] == "b"
    assert found.clusters["cluster_prod"]["labelloc"] == "t"


def test_findings_errors_and_none() -> None:
    errors = structure(dot_of(DOC, "errors"))
    assert [row[0] for row in errors.legend[2:]] == ["TST010", "TST010"]
    assert "fontcolor" not in errors.nodes["q"] and "fontcolor" not in errors.nodes["api"]
    none = structure(dot_of(DOC, "none"))
    assert none.legend == [] and "cluster_@legend" not in none.clusters
    assert not any("tooltip" in n for n in none.nodes.values())
    # the picture itself is the same: same nodes, clusters and edge ends
    assert set(none.nodes) == set(errors.nodes) - {"@legend"}
    assert {(a, b) for a, b, _ in none.edges} == {(a, b) for a, b, _ in errors.edges}


def test_findings_about_the_document_are_legend_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: (_document_rule,))
    found = structure(dot_of('a: ec2 "A"\n'))
    assert found.legend[2:] == [["TST013", "warning", DOCUMENT, "The document itself"]]


def _grey(colour: str) -> float:
    """Relative luminance (WCAG), which is what a grey-scale print keeps."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_grey(a), _grey(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_severities_stay_apart_and_readable_in_grey_scale() -> None:
    fills = [LOOKS[s].fill for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    # dark, middle, light: each step at least 1.8:1 apart once printed grey
    assert _contrast(fills[0], fills[1]) >= 1.8 and _contrast(fills[1], fills[2]) >= 1.8
    for look in LOOKS.values():
        assert _contrast(look.on_fill, look.fill) >= 4.5      # the word in its cell
        assert _contrast(look.text, "#FFFFFF") >= 4.5         # marks on a white picture
    widths = [float(LOOKS[s].penwidth) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 3


def test_a_chain_draws_its_label_once() -> None:
    found = structure(dot_of('a: ec2\nb: ec2\nc: ec2\nd: ec2\na -> b -> c -> d : "GET /x"\n'))
    assert found.edge_labels() == [("a", "b", ""), ("b", "c", "GET /x"), ("c", "d", "")]
    two = structure(dot_of('a: ec2\nb: ec2\nc: ec2\na -> b -> c : "GET"\nx: ec2\nx -> a : "GET"\n'))
    # the first of two carries it; a separate statement with the same label keeps its own
    assert two.edge_labels() == [("a", "b", "GET"), ("b", "c", ""), ("x", "a", "GET")]


def test_a_chain_edge_with_a_finding_keeps_its_label() -> None:
    found = structure(dot_of('a: ec2\nb: ec2\nc: ec2\na -> b -> c : "rds"\n'))
    assert [label for _, _, label in found.edge_labels()] == ["rds\\nTST010", "rds\\nTST010"]


def test_generic_nodes_have_an_icon() -> None:
    found = structure(dot_of('thing: generic "Mainframe"\n', "none"))
    assert found.nodes["thing"]["image"].endswith("generic.png")


@needs_dot
def test_svg_carries_findings_as_tooltips(tmp_path: Path) -> None:
    (tmp_path / "doc.arch").write_text(DOC)
    result = CliRunner().invoke(main, ["render", "--format", "svg", "--findings", "errors",
                                       "-o", str(tmp_path), str(tmp_path / "doc.arch")])
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "doc.svg").read_text()
    assert 'xlink:title="TST010 [error] &#39;db&#39; is a rds"' in svg
    assert "TST011" not in svg and "Every rds is wrong" in svg


def test_cli_rejects_an_unknown_findings_choice(tmp_path: Path) -> None:
    (tmp_path / "doc.arch").write_text(DOC)
    result = CliRunner().invoke(main, ["render", "--findings", "some", str(tmp_path / "doc.arch")])
    assert result.exit_code == 2 and "'some' is not one of" in result.output
