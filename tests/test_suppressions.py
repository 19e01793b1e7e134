"""Inline suppressions: every form, unused ones (SUP001), missing reasons (SUP002)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import archlint.checks.suppressions as suppressions_family
from archlint.cli import main
from archlint.run.engine import check_text
from archlint.run.runner import check_paths
from archlint.model.findings import Severity
from archlint.registry import all_rules
from archlint.rule_modules import discover
from archlint.config.settings import Settings

from gate_helpers import TEST_RULES, run_archlint, use_test_rules


@pytest.fixture(autouse=True)
def test_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test rules are the whole registry, as the real catalogue is in production:
    an id in a suppression that names none of them is an unknown rule."""
    use_test_rules(monkeypatch)


def findings(text: str, **settings):  # type: ignore[no-untyped-def]
    result = check_text(text, "t.arch", Settings(**settings), TEST_RULES)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [(f.rule_id, f.span.line, f.message) for f in result.findings]


def ids(text: str, **settings) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(rule, line) for rule, line, _ in findings(text, **settings)]


def test_sup_rules_are_real_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    registered = {r.id: r for r in all_rules()}
    assert registered["SUP001"].name == "unused-suppression"
    assert registered["SUP001"].severity == Severity.WARNING
    assert registered["SUP002"].name == "suppression-without-reason"
    assert {r.id for r in discover(suppressions_family)} == {"SUP001", "SUP002"}


def test_unsuppressed_finding_is_reported() -> None:
    assert ids("a: ec2 { flag = error }\n") == [("TST001", 1)]


def test_same_line() -> None:
    assert ids("a: ec2 { flag = error }  # archlint: ignore[TST001] accepted risk\n") == []


def test_line_above() -> None:
    text = "# archlint: ignore[TST001] accepted risk\na: ec2 { flag = error }\n"
    assert ids(text) == []


def test_by_rule_name() -> None:
    assert ids("a: ec2 { flag = error }  # archlint: ignore[test-error] accepted\n") == []


def test_slash_comment_form() -> None:
    assert ids("a: ec2 { flag = error }  // archlint: ignore[TST001] accepted\n") == []


def test_group_line_covers_its_members() -> None:
    text = """\
vpc prod {  # archlint: ignore[TST001] legacy VPC, replaced in Q3
  a: ec2 { flag = error }
  subnet s {
    b: ec2 { flag = error }
  }
}
c: ec2 { flag = error }
"""
    assert ids(text) == [("TST001", 7)]


def test_comment_above_a_group_covers_its_members() -> None:
    text = "# archlint: ignore[TST001] legacy\nvpc prod {\n  a: ec2 { flag = error }\n}\n"
    assert ids(text) == []


def test_multi_line_node_body() -> None:
    text = "# archlint: ignore[TST001] accepted\na: ec2 {\n  flag = error\n}\n"
    assert ids(text) == []


def test_only_the_named_rule_is_suppressed() -> None:
    text = "a: ec2 { flag = error }  # archlint: ignore[TST002] wrong id\n"
    assert ids(text) == [("TST001", 1), ("SUP001", 1)]


def test_trailing_comment_does_not_cover_the_next_line() -> None:
    text = ("a: ec2 { flag = error }  # archlint: ignore[TST001] for a only\n"
            "b: ec2 { flag = error }\n")
    assert ids(text) == [("TST001", 2)]


def test_unused_suppression_is_sup001_with_position_and_element() -> None:
    result = check_text("a: ec2  # archlint: ignore[TST001] was needed once\n", "t.arch",
                        Settings(), TEST_RULES)
    (finding,) = result.findings
    assert finding.rule_id == "SUP001" and finding.severity == Severity.WARNING
    assert (finding.span.line, finding.span.column) == (1, 9)
    assert finding.element_id == "a"
    assert finding.message == "unused suppression: TST001 reported nothing here"


def test_partly_used_suppression_reports_only_the_unused_ids() -> None:
    text = "a: ec2 { flag = error }  # archlint: ignore[TST001, TST002] reasons\n"
    (only,) = findings(text)
    assert only[0] == "SUP001" and only[2] == "unused suppression: TST002 reported nothing here"


def test_unknown_rule_in_a_suppression_is_reported() -> None:
    (only,) = findings("a: ec2  # archlint: ignore[XYZ123, no-such-rule] typo\n")
    assert only[0] == "SUP001"
    assert only[2] == "unused suppression: no rule is called XYZ123, no-such-rule"


def test_rules_that_did_not_run_are_not_called_unused() -> None:
    text = "a: ec2  # archlint: ignore[TST002] only meaningful when TST002 runs\n"
    assert ids(text, select=["TST001", "SUP"]) == []
    assert ids(text, ignore=["TST002"]) == []
    assert ids(text, per_file_ignores={"*.arch": ["TST002"]}) == []
    assert ids(text) == [("SUP001", 1)]


def test_sup001_itself_can_be_turned_off() -> None:
    text = "a: ec2  # archlint: ignore[TST001] stale\n"
    assert ids(text, ignore=["SUP001"]) == []
    assert ids(text, ignore=["unused-suppression"]) == []
    assert ids(text, per_file_ignores={"t.arch": ["SUP"]}) == []


def test_sup001_suppressed_on_the_same_comment() -> None:
    text = "a: ec2  # archlint: ignore[TST001, SUP001] keep while the fix rolls out\n"
    assert ids(text) == []


def test_sup001_suppressed_from_the_line_above_and_from_a_group() -> None:
    above = ("# archlint: ignore[SUP001] keep these\n"
             "a: ec2  # archlint: ignore[TST001] stale\n")
    assert ids(above) == []
    group = ("vpc v {  # archlint: ignore[SUP001] migration in progress\n"
             "  a: ec2  # archlint: ignore[TST001] stale\n"
             "  b: ec2  # archlint: ignore[TST002] stale\n"
             "}\n"
             "c: ec2  # archlint: ignore[TST003] stale\n")
    assert ids(group) == [("SUP001", 5)]


def test_an_unused_sup001_is_not_reported() -> None:
    assert ids("a: ec2  # archlint: ignore[SUP001] nothing to keep\n") == []


def test_sup001_severity_can_be_changed() -> None:
    result = check_text("a: ec2  # archlint: ignore[TST001] stale\n", "t.arch",
                        Settings(severity={"SUP001": Severity.ERROR}), TEST_RULES)
    assert [(f.rule_id, f.severity) for f in result.findings] == [("SUP001", Severity.ERROR)]


def test_reason_is_optional_by_default() -> None:
    assert ids("a: ec2 { flag = error }  # archlint: ignore[TST001]\n") == []


def test_require_reason_reports_sup002() -> None:
    text = ("a: ec2 { flag = error }  # archlint: ignore[TST001]\n"
            "b: ec2 { flag = error }  # archlint: ignore[TST001] accepted by review 2026-11\n")
    result = findings(text, require_reason=True)
    assert result == [("SUP002", 1, "suppression of TST001 gives no reason; say why after the brackets")]


def test_sup002_can_be_ignored_or_suppressed() -> None:
    text = "a: ec2 { flag = error }  # archlint: ignore[TST001]\n"
    assert ids(text, require_reason=True, ignore=["SUP002"]) == []
    suppressed = "a: ec2 { flag = error }  # archlint: ignore[TST001, SUP002]\n"
    assert ids(suppressed, require_reason=True) == []
    # without require-reason, SUP002 in a suppression suppresses nothing: unused
    assert ids(suppressed) == [("SUP001", 1)]


def test_suppression_in_markdown_points_at_the_markdown_line(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Design\n\n```archlint\na: ec2 { flag = error }  # archlint: ignore[TST001] ok\n"
                   "b: ec2  # archlint: ignore[TST001] stale\n```\n")
    report = check_paths([doc], Settings(), TEST_RULES)
    assert [(f.rule_id, f.span.line) for f in report.findings] == [("SUP001", 5)]


def test_suppression_in_an_included_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "net.arch").write_text("b: ec2 { flag = error }  # archlint: ignore[TST001] shared\n"
                                       "c: ec2  # archlint: ignore[TST001] stale\n")
    main_file = tmp_path / "main.arch"
    main_file.write_text('include "net.arch"\na: ec2\n')
    report = check_paths([main_file], Settings(), TEST_RULES)
    assert [(f.rule_id, Path(f.span.file).name, f.span.line) for f in report.findings] == [
        ("SUP001", "net.arch", 2)]


def test_malformed_suppression_is_an_input_error() -> None:
    result = check_text("a: ec2  # archlint: ignore TST001\n", "t.arch", Settings(), TEST_RULES)
    assert [f.rule_id for f in result.findings] == ["E100"]


def test_require_reason_from_the_configuration_through_the_cli(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.arch").write_text("a: ec2 { flag = error }  # archlint: ignore[TST001]\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", "a.arch"]).exit_code == 0
    (tmp_path / ".archlint.yaml").write_text("require-reason: true\nfail-on: warning\n")
    result = runner.invoke(main, ["check", "a.arch"])
    assert result.exit_code == 1
    assert "a.arch:1:26: SUP002 [warning] suppression of TST001 gives no reason" in result.output


def test_unused_suppression_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.arch").write_text(
        "fn: lambda { timeout = 20m }  # archlint: ignore[CMP001] batch job, Step Functions in Q3\n"
        "ok: lambda { timeout = 1m }  # archlint: ignore[CMP001] stale\n")
    (tmp_path / ".archlint.yaml").write_text("select: [CMP001, SUP]\n")
    done = run_archlint("check", "a.arch", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        "a.arch:2:30: SUP001 [warning] unused suppression: CMP001 reported nothing here")
    done = run_archlint("check", "--fail-on", "warning", "a.arch", cwd=tmp_path)
    assert done.returncode == 1


def _post_step(stage: str):  # type: ignore[no-untyped-def]
    """A rule at `stage` that reports, on each suppression's line, what it saw."""
    from archlint.registry import Rule

    def check(graph, ctx, use):  # type: ignore[no-untyped-def]
        for s in graph.suppressions:
            left = [u.rule_ids for u in use.unused if u.span == s.span]
            yield ctx.finding(graph.nodes["a"], f"unused {left} ran {len(use.ran)}", span=s.span)

    return Rule(id="TST901", name="test-post-step", title="t", severity=Severity.INFO, why="w",
                fix="f", sources=("https://example.com",), failing=("a: ec2",), passing=("a: ec2",),
                check=check, stage=stage)


@pytest.mark.parametrize(("stage", "seen"), [
    ("before-suppressions", "unused [] ran 3"),                  # nothing applied yet
    ("after-suppressions", "unused [('TST002',)] ran 3"),         # TST001 was used, TST002 not
])
def test_any_registered_post_step_runs_through_its_stage(stage: str, seen: str) -> None:
    """The engine runs post-steps by stage, not by name: a rule it has never heard
    of gets the suppressions' use, and its findings can themselves be suppressed."""
    rules = (TEST_RULES[0], TEST_RULES[1], _post_step(stage))
    text = "a: ec2 { flag = error }  # archlint: ignore[TST001, TST002] why\n"
    result = check_text(text, "t.arch", Settings(), rules)
    assert [(f.rule_id, f.message) for f in result.findings] == [("TST901", seen)]
    quiet = "a: ec2 { flag = error }  # archlint: ignore[TST001, TST901] why\n"
    assert check_text(quiet, "t.arch", Settings(), rules).findings == []


def test_a_rule_with_an_unknown_stage_is_refused() -> None:
    from archlint.registry import rule

    with pytest.raises(ValueError, match="stage 'later' is not one of graph, before-suppressions"):
        rule(id="TST902", name="test-stage", title="t", severity="info", why="w", fix="f",
             sources=("https://example.com",), failing=("a: ec2",), passing=("a: ec2",),
             stage="later")(lambda graph, ctx: iter(()))


def test_an_input_error_id_in_a_suppression_says_input_errors_cannot_be_suppressed() -> None:
    """`ignore[E101]` was "no rule is called E101 (did you mean REL012?)": a wrong lead,
    where the answer is that an input error is fixed, never suppressed."""
    (only,) = findings("a: ec2  # archlint: ignore[E101, XYZ123] typo\n")
    assert only[0] == "SUP001"
    assert only[2] == ("unused suppression: no rule is called XYZ123; E101 is an input error, "
                       "which cannot be suppressed: fix the input")
