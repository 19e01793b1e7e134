"""Every mechanical fix a rule declares: applied to the rule's failing examples and to
cases of its own, the finding is gone, no new finding appears, and `--fix` applies
the safe ones while `--unsafe-fixes` also applies the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.language.document import Document
from archlint.registry import Rule, all_rules
from archlint.run.engine import check_text, parse_document
from archlint.run.fixes import apply

FIXING = [r for r in all_rules() if r.autofix]


def findings(text: str) -> list:  # type: ignore[type-arg]
    return check_text(text, "x.arch").findings


def fixed(text: str, rule_id: str) -> str:
    """`text` with the edits of every finding of `rule_id` applied (safe or not)."""
    after, _ = apply(text, [f.edits for f in findings(text) if f.rule_id == rule_id and f.edits])
    return after


def assert_fixed_cleanly(text: str, rule_id: str) -> str:
    before = findings(text)
    fixing = {(f.rule_id, f.element_id) for f in before if f.rule_id == rule_id and f.edits}
    assert fixing, f"{rule_id} offers no fix here"
    after = fixed(text, rule_id)
    left = {(f.rule_id, f.element_id) for f in findings(after)}
    assert not any(f.is_input_error for f in findings(after)), after
    assert not left & fixing, after                           # the finding is gone
    assert left <= {(f.rule_id, f.element_id) for f in before} - fixing, after   # nothing new
    return after


def test_the_fixing_rules() -> None:
    listed = {r.id: r.autofix.applicability for r in FIXING}  # type: ignore[union-attr]
    assert listed == {
        "CMP006": "unsafe", "INT001": "safe", "INT003": "unsafe", "INT007": "safe",
        "OBS001": "unsafe", "REL002": "safe", "REL004": "safe", "REL007": "safe",
        "REL009": "safe", "REL011": "safe", "STO001": "safe", "STO002": "safe", "SUP001": "safe",
    }


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_edits_come_exactly_from_the_rules_that_declare_a_fix(rule: Rule) -> None:
    found = [f for e in rule.failing for f in findings(e) if f.rule_id == rule.id]
    with_edits = [f for f in found if f.edits]
    assert bool(with_edits) == bool(rule.autofix)
    assert all(f.fix_safe == rule.autofix.safe for f in with_edits)  # type: ignore[union-attr]


# the failing examples whose findings carry a fix (the test above: which rules have one)
FIXED_EXAMPLES = [(r, i, e) for r in FIXING for i, e in enumerate(r.failing)
                  if any(f.rule_id == r.id and f.edits for f in findings(e))]


@pytest.mark.parametrize("rule,index,example", FIXED_EXAMPLES,
                         ids=[f"{r.id}-{i}" for r, i, _ in FIXED_EXAMPLES])
def test_a_failing_example_fixed_has_no_finding_left_and_none_new(rule: Rule, index: int,
                                                                   example: str) -> None:
    assert_fixed_cleanly(example, rule.id)


CASES = [
    # the longest consumer decides (AWS: 6 x the function timeout), one edit for both
    ("INT001", "jobs: sqs { visibility_timeout = 30s }\nworker: lambda { timeout = 60s }\n"
               "other: lambda { timeout = 2m }\njobs -> [worker, other]\n",
     "jobs: sqs { visibility_timeout = 12m }\nworker: lambda { timeout = 60s }\n"
     "other: lambda { timeout = 2m }\njobs -> [worker, other]\n"),
    ("INT001", "jobs: sqs\nworker: lambda { timeout = 15m }\njobs -> worker\n",
     "jobs: sqs { visibility_timeout = 90m }\nworker: lambda { timeout = 15m }\njobs -> worker\n"),
    ("REL004", "db: rds { }\n", "db: rds {  multi_az = true }\n"),   # an empty body is filled
    ("REL007", "db: aurora { azs = 1 }\n", "db: aurora { azs = 2, replicas = 1 }\n"),
    ("REL011", "cache: dax { count = 2 }\n", "cache: dax { count = 3 }\n"),
    ("REL011", "cache: dax { nodes = 3, azs = 1 }\n", "cache: dax { nodes = 3, azs = 3 }\n"),
    ("STO001", "app: lambda\nb: s3\napp -> b { object_size = 200MB }\n",
     "app: lambda\nb: s3\napp -> b { object_size = 200MB, multipart = true }\n"),
    # SUP001: stale ids leave the comment; a comment left empty goes, with its line
    ("SUP001", "db: rds { multi_az = true }  # archlint: ignore[CMP001, REL004] no Lambda\n",
     "db: rds { multi_az = true }\n"),
    ("SUP001", "x: ec2\n# archlint: ignore[REL004, CMP001] dev copy\ndb: rds\n",
     "x: ec2\n# archlint: ignore[REL004] dev copy\ndb: rds\n"),
    ("SUP001", "x: ec2\n// archlint: ignore[REL004] stale\ndb: rds { multi_az = true }\n",
     "x: ec2\ndb: rds { multi_az = true }\n"),
    # input errors: "did you mean" with one candidate (unsafe: a guess)
    ("E101", "web: ec3\n", "web: ec2\n"),
    ("E105", "db: rds { mutli_az = true }\n", "db: rds { multi_az = true }\n"),
    ("E103", "fn: lambda\ndb: dynamodb\nfn -> dbb\n", "fn: lambda\ndb: dynamodb\nfn -> db\n"),
]


@pytest.mark.parametrize("rule_id,text,expected", CASES)
def test_the_fix_writes(rule_id: str, text: str, expected: str) -> None:
    assert fixed(text, rule_id) == expected
    assert assert_fixed_cleanly(text, rule_id) == expected


def test_no_fix_where_it_would_not_be_mechanical() -> None:
    # REL002 placed by an `az` group, REL011 pinned by `zone`, REL009 on a fan-out edge,
    # SUP001 naming a rule that does not exist: what was meant is the author's call
    for text, rule_id in [
        ("az a {\n  asg web { count = 2\n    app: ec2\n  }\n}\n", "REL002"),
        ('cache: dax { nodes = 1, zone = "a" }\n', "REL011"),
        ("users: users\ndns: route53 { routing = failover }\nregion east { lb_east: alb }\n"
         "region west { lb_west: alb }\nusers -> dns\n"
         "dns -> [lb_east, lb_west] { failover = primary }\n", "REL009"),
        ("db: rds { multi_az = true }  # archlint: ignore[RELL004] typo\n", "SUP001"),
    ]:
        reported = [f for f in findings(text) if f.rule_id == rule_id]
        assert reported and not any(f.edits for f in reported), text


def test_fix_applies_safe_fixes_and_unsafe_ones_only_when_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "a.arch"
    text = ("db: rds\nq: sqs { retention = 30d }\n")   # REL004 (safe), INT003 (unsafe)
    doc.write_text(text)
    runner = CliRunner()
    alone = runner.invoke(main, ["check", "--no-cache", "--unsafe-fixes", "."])
    assert alone.exit_code == 2 and "--unsafe-fixes applies with --fix or --diff" in alone.output
    safe = runner.invoke(main, ["check", "--no-cache", "--fix", "."])
    assert "1 more fix available with --unsafe-fixes" in safe.output
    assert doc.read_text() == "db: rds { multi_az = true }\nq: sqs { retention = 30d }\n"
    diff = runner.invoke(main, ["check", "--no-cache", "--diff", "--unsafe-fixes", "."])
    assert diff.exit_code == 1 and "+q: sqs { retention = 14d }" in diff.output
    both = runner.invoke(main, ["check", "--no-cache", "--fix", "--unsafe-fixes", "."])
    assert both.exit_code == 0, both.output
    assert doc.read_text() == "db: rds { multi_az = true }\nq: sqs { retention = 14d }\n"


def test_explain_and_the_rules_page_name_each_fix() -> None:
    runner = CliRunner()
    for rule in FIXING:
        shown = runner.invoke(main, ["explain", rule.id]).output
        assert f"Automatic fix ({rule.autofix.applicability}" in shown  # type: ignore[union-attr]
    page = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text()
    assert page.count("**Automatic fix**") == len(FIXING)


def test_fix_runs_until_no_fix_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The misspelt attribute is fixed first (unsafe); then REL004 can read it and fixes it."""
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "a.arch"
    doc.write_text("db: rds { mutli_az = false }\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--fix", "--unsafe-fixes", "."])
    assert result.exit_code == 0, result.output
    assert doc.read_text() == "db: rds { multi_az = true }\n"
    assert "archlint: fixed 2 findings in a.arch" in result.output


def test_a_fix_on_each_of_many_edges_reads_the_edges_once() -> None:
    """Whether an edge's statement wrote other edges (then its body is theirs too, and no
    fix is offered) is found in one pass over the edges, not in one pass per fix: 12,000
    upload findings took 30 s when each fix counted the edges with its span."""
    class CountingList(list):  # type: ignore[type-arg]
        passes = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            CountingList.passes += 1
            return super().__iter__()

    text = "b: s3\n" + "".join(f"w{i}: ec2\nw{i} -> b {{ size = 2GB }}\n" for i in range(200))
    text += "[x, y] -> b { size = 2GB }\nx: ec2\ny: ec2\n"   # one statement, two edges: no fix
    graph, errors = parse_document(Document("x.arch", text))
    assert graph is not None and not errors
    graph.edges = CountingList(graph.edges)
    rule = next(r for r in all_rules() if r.id == "STO001")
    found = rule.run(graph)
    assert len(found) == 202
    assert sum(1 for f in found if f.edits) == 200
    assert CountingList.passes <= 1
