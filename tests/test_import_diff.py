"""`archlint diff DESIGN SOURCE`: exactly the differences, positioned in both files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archlint.cli import main
from archlint.importers.cloudformation import import_cloudformation
from archlint.importers.diff import diff
from archlint.run.engine import check_text

HERE = Path(__file__).parent / "imports"
TEMPLATE = HERE / "three-tier.yaml"


def run(*args: str):
    return CliRunner().invoke(main, ["diff", *args])


def findings(design_text: str, template_text: str | None = None):
    design = check_text(design_text, "design.arch").graph
    imported = import_cloudformation(template_text or TEMPLATE.read_text(), "three-tier.yaml")
    return diff(design, imported)


def test_five_disagreements_are_exactly_five() -> None:
    result = run(str(HERE / "three-tier-drift.arch"), str(TEMPLATE), "--format", "json")
    assert result.exit_code == 1, result.output
    found = json.loads(result.output)["findings"]
    assert sorted((f["rule"], f["element"]) for f in found) == [
        ("DIF001", "cache"), ("DIF003", "lb"), ("DIF004", "db"), ("DIF004", "db"), ("DIF004", "web")]
    multi_az = next(f for f in found if "multi_az" in f["message"])
    assert "MultiAZ = false" in multi_az["message"]
    assert "assumes parameter DatabaseMultiAZ = false (its default)" in multi_az["message"]
    assert multi_az["properties"]["related"][0]["line"] == 89    # the template's MultiAZ line


def test_a_doc_imported_from_the_template_differs_in_nothing(tmp_path: Path) -> None:
    doc = tmp_path / "imported.arch"
    assert CliRunner().invoke(main, ["import", "cloudformation", str(TEMPLATE), "-o", str(doc)]).exit_code == 0
    result = run(str(doc), str(TEMPLATE))
    assert result.exit_code == 0, result.output
    sam = tmp_path / "sam.arch"
    assert CliRunner().invoke(main, ["import", "cloudformation", str(HERE / "sam-app.yaml"),
                                     "-o", str(sam)]).exit_code == 0
    assert run(str(sam), str(HERE / "sam-app.yaml")).exit_code == 0


def test_sarif_has_both_positions() -> None:
    result = run(str(HERE / "three-tier-drift.arch"), str(TEMPLATE), "--format", "sarif")
    results = json.loads(result.output)["runs"][0]["results"]
    attribute = next(r for r in results if "count = 4" in r["message"]["text"])
    related = attribute["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"].endswith("three-tier.yaml")
    assert related["region"]["startLine"] == 62    # MinSize in the template
    assert attribute["locations"][0]["physicalLocation"]["region"]["startLine"] == 10


def test_missing_in_design_points_at_the_template() -> None:
    found = findings("vpc prod { lb: alb\n web: ec2 { count = 2, azs = 2 } }\nlb -> web\n")
    assert [(f.rule_id, f.span.file, f.span.line) for f in found] == [
        ("DIF002", "three-tier.yaml", 83)]   # OrdersDb; subnets are not drawn, so not compared


def test_ambiguous_kind_is_said_not_paired() -> None:
    template = TEMPLATE.read_text() + """  Spare:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {MinSize: "2", MaxSize: "2", VPCZoneIdentifier: [!Ref AppA, !Ref AppB]}
"""
    found = findings("web: ec2 { count = 2 }\n", template)
    unpaired = [f for f in found if f.rule_id == "DIF001"]
    assert len(unpaired) == 1 and "WebFleet, Spare" in unpaired[0].message
    assert "source = " in unpaired[0].message


def test_source_naming_nothing_is_said_with_a_suggestion() -> None:
    found = findings('db: rds { source = "OrdersDB" }\n')
    assert found[0].rule_id == "DIF005" and 'did you mean "OrdersDb"' in found[0].message


def test_markdown_design_needs_a_block_when_it_has_several(tmp_path: Path) -> None:
    doc = tmp_path / "design.md"
    design = (HERE / "three-tier.arch").read_text()
    doc.write_text(f"# Shop\n\n```archlint\n{design}```\n\n```archlint\nx: s3\n```\n")
    assert run(str(doc), str(TEMPLATE)).exit_code == 2
    result = run(str(doc), str(TEMPLATE), "--block", "1")
    assert result.exit_code == 0, result.output


def test_broken_template_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources: [\n")
    result = run(str(HERE / "three-tier.arch"), str(bad))
    assert result.exit_code == 2 and "E100" in result.output


def test_sarif_describes_diff_codes_from_their_table() -> None:
    result = run(str(HERE / "three-tier-drift.arch"), str(TEMPLATE), "--format", "sarif")
    rules = {r["id"]: r for r in json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["DIF004"]["name"] == "attribute-differs"
    assert rules["DIF004"]["shortDescription"]["text"].startswith("Attribute the design")
    assert "docs/import.md#diff" in rules["DIF004"]["help"]["text"]
    assert rules["DIF004"]["properties"]["tags"] == ["diff"]


def test_block_by_name_and_the_rejected_option_left_out(tmp_path: Path) -> None:
    """A design doc that keeps its rejected option in a `skip` block used to need
    --block, which took only a number; --block 1 on an .arch file was ignored."""
    template = tmp_path / "stack.yaml"
    template.write_text("Resources:\n  DB:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
                        "      MultiAZ: true\n")
    doc = tmp_path / "design.md"
    doc.write_text("# Design\n\n```archlint skip\ndb: rds { multi_az = true }\n```\n\n"
                   "```archlint name=chosen\ndb: rds { multi_az = false }\n```\n")
    for args in ([], ["--block", "chosen"], ["--block", "2"]):
        result = run(str(doc), str(template), *args)
        assert result.exit_code == 1, result.output
        assert "design.md:8:11: DIF004" in result.output.replace(str(tmp_path) + "/", "")
    missing = run(str(doc), str(template), "--block", "current")
    assert missing.exit_code == 2 and "(named: chosen); no block current" in missing.output
    single = tmp_path / "design.arch"
    single.write_text("db: rds { multi_az = true }\n")
    assert run(str(single), str(template), "--block", "1").exit_code == 2
    doc.write_text("```archlint\ndb: rds\n```\n\n```archlint\ndb: rds\n```\n")
    assert "choose one with --block N or --block NAME" in run(str(doc), str(template)).output



def test_a_named_symlink_out_of_the_project_is_not_read(tmp_path: Path, monkeypatch) -> None:
    """As `archlint check` refuses it: CI runs diff on a pull request's files, and a
    design linked to a secret was read, its first line printed under a syntax error."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "secret.arch").write_text("token = hunter2 {\n")
    (tmp_path / "stack.yaml").write_text("Resources:\n  Q: {Type: AWS::SQS::Queue}\n")
    (repo / "design.arch").symlink_to(tmp_path / "secret.arch")
    (repo / "stack.yaml").symlink_to(tmp_path / "stack.yaml")
    (repo / "real.arch").write_text("q: sqs\n")
    monkeypatch.chdir(repo)
    done = CliRunner().invoke(main, ["diff", "design.arch", "stack.yaml"])
    assert done.exit_code == 2
    assert done.output.splitlines()[:2] == [
        "design.arch:1:1: E107 [error] a symlink to a file outside the project; not read",
        "stack.yaml:1:1: E107 [error] a symlink to a file outside the project; not read"]
    assert "hunter2" not in done.output
    (repo / "stack.yaml").unlink()
    (repo / "stack.yaml").write_text("Resources:\n  Q: {Type: AWS::SQS::Queue}\n")
    assert CliRunner().invoke(main, ["diff", "real.arch", "stack.yaml"]).exit_code == 0
