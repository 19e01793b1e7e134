"""`Finding` has a hand-written __init__ (the generated frozen one is slow on large
graphs): these tests hold it to what the dataclass declares, and `RuleContext.finding`
to the fields it fills."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from archlint.model.findings import Edit, Finding, Severity
from archlint.model.graph import Node, Span
from archlint.registry import Autofix, Rule, RuleContext, find_rule

SPAN = Span("a.arch", 3, 1, 3, 9)


def test_init_takes_the_declared_fields_in_order_with_their_defaults() -> None:
    parameters = list(inspect.signature(Finding.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Finding)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, field in zip(parameters, fields):
        expected = inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default
        assert parameter.default == expected, field.name


def test_every_field_is_stored_and_the_instance_is_frozen() -> None:
    edit = Edit(SPAN, "x")
    values = dict(rule_id="REL001", severity=Severity.ERROR, message="m", span=SPAN,
                  element_id="db", fix="f", rule_name="single-point-of-failure",
                  source_line="db: rds", block="b", properties={"k": 1}, edits=(edit,),
                  fix_safe=False, yields_to=("REL003",), about=("a",))
    finding = Finding(**values)
    assert {f.name: getattr(finding, f.name) for f in dataclasses.fields(Finding)} == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.message = "changed"  # type: ignore[misc]


def test_fields_left_at_their_default_read_the_default() -> None:
    bare = Finding("REL001", Severity.ERROR, "m", SPAN)
    spelled = Finding("REL001", Severity.ERROR, "m", SPAN, None, None, None, None, None, None,
                      (), True, (), ())
    for f in dataclasses.fields(Finding)[4:]:
        assert getattr(bare, f.name) == getattr(spelled, f.name) == f.default, f.name
    assert bare == spelled and repr(bare) == repr(spelled)
    assert Finding("REL001", Severity.ERROR, "m", SPAN, edits=[]).edits == []   # kept as given


def test_equality_hash_replace_and_pickle_behave_as_a_dataclass() -> None:
    one = Finding("REL001", Severity.ERROR, "m", SPAN, "db")
    same = Finding("REL001", Severity.ERROR, "m", SPAN, "db", properties={"ignored": True})
    assert one == same and hash(one) == hash(same)   # properties are not compared
    assert one != Finding("REL001", Severity.ERROR, "other", SPAN, "db")
    moved = dataclasses.replace(one, block="b2", fix_safe=False)
    assert (moved.block, moved.fix_safe, moved.message, one.block) == ("b2", False, "m", None)
    back = dataclasses.replace(moved, block=None, fix_safe=True)
    assert (back.block, back.fix_safe) == (None, True) and back == one
    assert pickle.loads(pickle.dumps(moved)) == moved
    assert pickle.loads(pickle.dumps(moved)).fix_safe is False
    assert repr(one).startswith("Finding(rule_id='REL001', severity=")


def _context(severity: Severity | None = None, autofix: Autofix | None = None) -> RuleContext:
    rule = find_rule("REL001")
    assert rule is not None
    rule = Rule(rule.id, rule.name, rule.title, rule.severity, rule.why, rule.fix, rule.sources,
                rule.failing, rule.passing, rule.check, rule.options, rule.stage, autofix)
    return RuleContext(rule, {}, severity or rule.severity)


def test_rule_context_fills_rule_fields_and_defaults() -> None:
    node = Node("db", "rds", None, SPAN)
    finding = _context().finding(node, "msg", yields_to=("REL003",))
    assert (finding.rule_id, finding.rule_name, finding.severity) == (
        "REL001", "single-point-of-failure", Severity.ERROR)
    assert (finding.span, finding.element_id, finding.fix_safe) == (SPAN, "db", True)
    assert finding.fix == find_rule("REL001").fix   # type: ignore[union-attr]
    assert finding.yields_to == ("REL003",) and finding.edits == () and finding.block is None


def test_rule_context_severity_override_wins_over_a_graded_level() -> None:
    node = Node("db", "rds", None, SPAN)
    assert _context().finding(node, "m", severity=Severity.INFO).severity == Severity.INFO
    overridden = _context(Severity.WARNING).finding(node, "m", severity=Severity.INFO)
    assert overridden.severity == Severity.WARNING


def test_rule_context_safety_follows_the_autofix_unless_given() -> None:
    node = Node("db", "rds", None, SPAN)
    unsafe = _context(autofix=Autofix("x", safe=False))
    assert unsafe.finding(node, "m").fix_safe is False
    assert unsafe.finding(node, "m", safe=True).fix_safe is True
    assert _context(autofix=Autofix("x")).finding(node, "m", span=SPAN, fix="own").fix == "own"
