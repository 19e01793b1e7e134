"""Mechanical fixes carried by findings: the edits, `archlint check --fix`/`--diff`,
and the rule examples (applying a finding's edits silences it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.model.edits import set_attribute, set_attributes
from archlint.model.findings import Edit, Finding, Severity
from archlint.model.graph import Attribute, Node, Span
from archlint.registry import all_rules
from archlint.run.engine import check_text
from archlint.run.fixes import apply, fix_files

LONELY = 'analysts: ec2\nreports: rds "Copy" { engine = "postgres" }\nold: rds\n' \
         'written: rds { multi_az = false }\nanalysts -- [reports, old, written]\n'


def edits_of(text: str, rule_id: str) -> list[Finding]:
    return [f for f in check_text(text, "x.arch").findings if f.rule_id == rule_id]


def test_set_attribute_replaces_appends_or_adds_a_body() -> None:
    fixed, applied = apply(LONELY, [e for f in edits_of(LONELY, "REL004") for e in f.edits])
    assert applied == 3
    assert fixed == ('analysts: ec2\nreports: rds "Copy" { engine = "postgres", multi_az = true }\n'
                     "old: rds { multi_az = true }\nwritten: rds { multi_az = true }\n"
                     "analysts -- [reports, old, written]\n")
    assert edits_of(fixed, "REL004") == []


def test_overlapping_edits_take_the_last_one_only() -> None:
    span = Span("x", 1, 1, 1, 3)
    assert apply("abcdef", [Edit(span, "X"), Edit(Span("x", 1, 2, 1, 4), "Y")]) == ("aYdef", 1)


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.id == "REL004"], ids=lambda r: r.id)
def test_failing_examples_are_fixed_by_their_edits(rule) -> None:  # type: ignore[no-untyped-def]
    for example in rule.failing:
        found = edits_of(example, rule.id)
        assert found and all(f.edits for f in found)
        fixed, _ = apply(example, [e for f in found for e in f.edits])
        assert edits_of(fixed, rule.id) == []


def test_check_diff_then_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".archlint.yaml").write_text("select: [REL004]\n")
    (tmp_path / "a.arch").write_text(LONELY)
    doc = tmp_path / "doc.md"
    doc.write_text("Prose.\n\n```archlint\nx: ec2\ndb: rds\nx -- db\n```\n")
    runner = CliRunner()
    diff = runner.invoke(main, ["check", "--diff", "."])
    assert diff.exit_code == 1, diff.output
    assert "+old: rds { multi_az = true }" in diff.output and "+db: rds { multi_az = true }" in diff.output
    assert (tmp_path / "a.arch").read_text() == LONELY
    fixed = runner.invoke(main, ["check", "--fix", "."])
    assert fixed.exit_code == 0, fixed.output
    assert "fixed 3 findings in a.arch" in fixed.output
    assert doc.read_text() == "Prose.\n\n```archlint\nx: ec2\ndb: rds { multi_az = true }\nx -- db\n```\n"
    assert runner.invoke(main, ["check", "--diff", "."]).exit_code == 0


def test_a_fix_that_would_not_parse_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.arch").write_text("db: rds\n")
    bad = Finding("REL004", Severity.WARNING, "m", Span("a.arch", 1, 1, 1, 3),
                  edits=(Edit(Span("a.arch", 1, 8, 1, 8), " {"),))
    (result,) = fix_files([bad])
    assert result.problem and "would not parse" in result.problem
    assert result.after == result.before == "db: rds\n"


def test_set_attribute_on_an_element_without_attributes() -> None:
    graph = check_text("db: rds\n").graph
    assert graph is not None
    (edit,) = set_attribute(graph.nodes["db"], "multi_az", "true")
    assert (edit.span.line, edit.span.column, edit.text) == (1, 8, " { multi_az = true }")


def _node(text: str) -> Node:
    graph = check_text(text).graph
    assert graph is not None
    return graph.nodes["db"]


def test_set_attributes_replaces_the_written_and_adds_the_rest_after_the_last() -> None:
    db = _node('db: rds {\n  engine = "postgres",\n  multi_az = false\n}\n')
    edits = set_attributes(db, {"multi_az": "true", "type": "cluster", "read_replicas": "1"})
    assert [(e.span.line, e.span.column, e.span.end_column, e.text) for e in edits] == [
        (3, 3, 19, "multi_az = true"), (3, 19, 19, ", type = cluster, read_replicas = 1")]


def test_set_attributes_adds_after_the_attribute_written_last_whatever_the_table_order() -> None:
    """An importer may fill the table out of source order: the edit goes after the
    attribute that ends last in the text, not after the table's last entry."""
    def written(name: str, line: int, column: int, end: int) -> Attribute:
        return Attribute(name, 1, Span("x.arch", line, column, line, end))
    db = Node("db", "rds", None, Span("x.arch", 1, 1, 4, 2), {
        "count": written("count", 3, 3, 12), "engine": written("engine", 2, 3, 20),
        "azs": written("azs", 3, 14, 21), "port": written("port", 1, 11, 30)}, has_body=True)
    (edit,) = set_attributes(db, {"multi_az": "true"})
    assert (edit.span.line, edit.span.column, edit.span.end_column, edit.text) == (
        3, 21, 21, ", multi_az = true")
    assert set_attribute(db, "multi_az", "true") == (edit,)


@pytest.mark.parametrize("text, expected", [
    ("db: rds { }\n", (1, 11, " multi_az = true ")),        # inside the empty body
    ("db: rds {}\n", (1, 10, " multi_az = true ")),
    ('db: rds "Label"\n', (1, 16, " { multi_az = true }")),  # a new body
    ("db: rds { engine = x }\n", (1, 21, ", multi_az = true")),
    ("db: rds { multi_az = false }\n", (1, 11, "multi_az = true")),
])
def test_set_attribute_is_set_attributes_for_one_name(text: str, expected: tuple) -> None:
    db = _node(text)
    (edit,) = set_attribute(db, "multi_az", "true")
    assert (edit.span.line, edit.span.column, edit.text) == expected
    assert set_attributes(db, {"multi_az": "true"}) == (edit,)
    fixed, applied = apply(text, [edit])
    assert applied == 1 and _node(fixed).get("multi_az") is True


@pytest.mark.parametrize("args, words", [
    (["--fix", "--diff", "FILE"], "use one"),
    (["--fix", "-"], "standard input"),
    (["--diff", "-"], "standard input"),
])
def test_fix_and_diff_refuse_what_they_cannot_do(tmp_path: Path, args: list[str],
                                                 words: str) -> None:
    """--fix --diff used to rewrite the file and print nothing; --fix on stdin fixed
    nothing without a word. Both are usage errors, and the file is left as written."""
    path = tmp_path / "f.arch"
    path.write_text("db: rds\n")
    argv = ["check", "--no-cache", *(str(path) if a == "FILE" else a for a in args)]
    result = CliRunner().invoke(main, argv, input="db: rds\n")
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert path.read_text() == "db: rds\n"
