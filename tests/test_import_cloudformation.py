"""CloudFormation/SAM import: mapping, intrinsics, traffic vs references, broken input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.importers.cloudformation import import_cloudformation
from archlint.importers.writer import to_arch
from archlint.run.engine import check_text

HERE = Path(__file__).parent / "imports"


def imported(text: str, params: dict[str, str] | None = None):
    return import_cloudformation(text, "t.yaml", params)


def problems(result) -> set[tuple[str, str | None]]:
    return {(f.rule_id, f.element_id) for f in result.findings
            if not f.rule_id.startswith(("IMP", "SUP"))}


def edges(result) -> set[str]:
    return {e.id for e in result.graph.edges}


def test_three_tier_import_finds_what_the_hand_written_doc_finds() -> None:
    text = (HERE / "three-tier.yaml").read_text()
    result = imported(text)
    assert result.ok, result.findings
    doc = to_arch(result, "three-tier")
    from_import = check_text(doc, "imported.arch")
    by_hand = check_text((HERE / "three-tier.arch").read_text(), "three-tier.arch")
    assert not any(f.is_input_error for f in from_import.findings), from_import.findings
    assert problems(from_import) == problems(by_hand) == {("REL001", "OrdersDb")}


def test_three_tier_graph_shape() -> None:
    result = imported((HERE / "three-tier.yaml").read_text())
    graph = result.graph
    assert edges(result) == {"internet->WebLoadBalancer", "WebLoadBalancer->WebFleet",
                             "WebFleet->OrdersDb"}   # the alarm on OrdersDb is no edge
    fleet = graph.nodes["WebFleet"]
    assert (fleet.kind, fleet.get("count"), fleet.get("azs")) == ("ec2", 2, 2)
    assert fleet.parent is graph.groups["ShopVpc"]
    assert graph.groups["AppA"].get("zone") == "az1"
    assert graph.nodes["OrdersDb"].get("multi_az") is False
    assert graph.nodes["OrdersDb"].span.line == 83
    assert graph.nodes["OrdersDb"].attr_span("multi_az").line == 89


def test_parameters_at_defaults_unless_given_and_said() -> None:
    text = (HERE / "three-tier.yaml").read_text()
    default = imported(text)
    assert [str(a) for a in default.assumed["OrdersDb"]] == [
        "parameter DatabaseMultiAZ = false (its default)"]
    given = imported(text, {"DatabaseMultiAZ": "true"})
    assert given.graph.nodes["OrdersDb"].get("multi_az") is True
    assert str(given.assumed["OrdersDb"][0]) == "parameter DatabaseMultiAZ = true (given with --param)"


def test_unknown_param_name_is_a_note_with_a_suggestion() -> None:
    result = imported((HERE / "three-tier.yaml").read_text(), {"DatabaseMultiAz": "true"})
    notes = [f for f in result.findings if f.rule_id == "IMP003"]
    assert result.ok and "did you mean DatabaseMultiAZ" in notes[0].message


def test_parameter_without_default_stays_unknown() -> None:
    text = """
Parameters:
  Size: {Type: Number}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !Ref Size
"""
    result = imported(text)
    assert result.graph.nodes["Fn"].get("memory") is None
    assert any(f.rule_id == "IMP003" and "no Default" in f.message for f in result.findings)
    assert "MemorySize" in result.unknown["Fn"][0]


def test_yaml_11_yes_default_reads_as_true() -> None:
    text = """
Parameters:
  MultiAZ: {Type: String, Default: Yes}
Resources:
  Db: {Type: AWS::RDS::DBInstance, Properties: {MultiAZ: !Ref MultiAZ}}
"""
    assert imported(text).graph.nodes["Db"].get("multi_az") is True


def test_conditions_if_and_resource_condition() -> None:
    text = """
Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MultiAZ: !If [IsProd, true, false]
  DevOnly:
    Type: AWS::SQS::Queue
    Condition: IsDev
"""
    result = imported(text)
    assert result.graph.nodes["Db"].get("multi_az") is True
    assert "DevOnly" not in result.graph.nodes
    assert any("DevOnly" in names for names in result.omitted.values())
    dev = imported(text, {"Env": "dev"})
    assert dev.graph.nodes["Db"].get("multi_az") is False and "DevOnly" in dev.graph.nodes


def test_sub_join_select_findinmap_long_forms_json() -> None:
    template = {
        "Mappings": {"Sizes": {"prod": {"Memory": 2048}}},
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
                "MemorySize": {"Fn::FindInMap": ["Sizes", "prod", "Memory"]},
                "Timeout": {"Fn::Select": [1, [10, 20, 30]]},
                "Environment": {"Variables": {
                    "Q": {"Fn::Sub": "https://sqs/${Q.QueueName}"},
                    "N": {"Fn::Join": ["-", ["a", {"Ref": "AWS::Region"}]]}}}}},
            "Q": {"Type": "AWS::SQS::Queue"},
        },
    }
    text = json.dumps(template, indent=2)
    result = import_cloudformation(text, "t.json")
    fn = result.graph.nodes["Fn"]
    assert str(fn.get("memory")) == "2048MB" and str(fn.get("timeout")) == "20s"
    assert edges(result) == {"Fn->Q"}
    assert fn.span.line == text.split("\n").index('    "Fn": {') + 1   # positions point into JSON too


def test_not_every_reference_is_traffic() -> None:
    text = """
Resources:
  Primary:
    Type: AWS::RDS::DBInstance
    Properties: {MultiAZ: true, Engine: mysql}
  Replica:
    Type: AWS::RDS::DBInstance
    Properties: {SourceDBInstanceIdentifier: !Ref Primary}
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {Dimensions: [{Name: DBInstanceIdentifier, Value: !Ref Primary}]}
  Role:
    Type: AWS::IAM::Policy
    Properties: {PolicyDocument: {Statement: [{Resource: !GetAtt Fn.Arn}]}}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: !Sub "/aws/lambda/${Fn}"}
  Seed:
    Type: Custom::SeedData
    Properties: {ServiceToken: !GetAtt Fn.Arn, Db: !Ref Primary}
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Timeout: 10}
"""
    result = imported(text)
    assert edges(result) == set()
    assert result.graph.nodes["Primary"].get("read_replicas") == 1
    assert "Replica" not in result.graph.nodes
    assert result.graph.nodes["Seed"].kind == "generic"


def test_aurora_cluster_counts_its_instances() -> None:
    text = """
Resources:
  Cluster: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-postgresql}}
  Writer:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, AvailabilityZone: eu-west-1a}
  Reader:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, AvailabilityZone: eu-west-1b}
"""
    cluster = imported(text).graph.nodes["Cluster"]
    assert (cluster.kind, cluster.get("replicas"), cluster.get("azs")) == ("aurora", 1, 2)


def test_sam_events_globals_and_implicit_api() -> None:
    result = imported((HERE / "sam-app.yaml").read_text())
    graph = result.graph
    assert str(graph.nodes["Submit"].get("timeout")) == "30s"      # from Globals
    assert str(graph.nodes["Thumbs"].get("timeout")) == "60s"      # its own wins
    assert edges(result) == {"Jobs->Thumbs", "Thumbs->Uploads", "Submit->Jobs",
                             "ServerlessRestApi->Submit", "internet->ServerlessRestApi"}
    assert graph.nodes["Results"].kind == "dynamodb"


def test_unknown_tag_is_a_positioned_note_not_a_crash() -> None:
    text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n" \
           "      VisibilityTimeout: !Something::Embed timeout.txt\n"
    result = imported(text)
    notes = [f for f in result.findings if f.rule_id == "IMP002"]
    assert result.ok and len(notes) == 1
    assert (notes[0].span.line, notes[0].span.column) == (5, 26)
    assert result.graph.nodes["Q"].get("visibility_timeout") is None


def test_unknown_types_are_generic_with_one_note() -> None:
    text = "Resources:\n  A: {Type: 'AWS::Foo::Bar'}\n  B: {Type: 'AWS::Foo::Bar'}\n  C: {Type: 'Vendor::X'}\n"
    result = imported(text)
    notes = [f for f in result.findings if f.rule_id == "IMP001"]
    assert len(notes) == 1 and "AWS::Foo::Bar (A, B)" in notes[0].message
    assert {n.kind for n in result.graph.nodes.values()} == {"generic"}


def test_nested_stack_is_one_node_with_a_note() -> None:
    text = "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: x}\n"
    result = imported(text)
    assert result.graph.nodes["Net"].kind == "generic"
    assert [f.rule_id for f in result.findings] == ["IMP004"]


_LAMBDA = ("AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  c: !Equals [1, 1]\nMappings:\n"
           "  M:\n    k: {v: 3}\nResources:\n  A:\n    Type: AWS::Lambda::Function\n"
           "    Properties:\n      Timeout: ")


@pytest.mark.parametrize("text, code, line, words", [
    ("Resources:\n  A: [1, 2\n", "E100", 3, "invalid YAML"),
    ("Resources:\n  A: {Type: AWS::SQS::Queue}\n  A: {Type: AWS::SQS::Queue}\n", "E107", 3, "duplicate key"),
    ("Description: nothing\n", "E107", 1, "no Resources"),
    ("Resources:\n  A:\n    Type: AWS::Lambda::Function\n    Properties: {Role: !Ref Rol}\n"
     "  Role: {Type: AWS::IAM::Role}\n", "E103", 4, "did you mean 'Role'"),
    ("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: {X: !Ref B}\n"
     "  B:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n", "E107", 2, "circle: A -> B -> A"),
    ("Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n"
     "  Q: {Type: AWS::SQS::Queue, Condition: A}\n", "E107", 3, "cycle: A -> B -> A"),
    ("a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
     "h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n", "E107", None, "too many values"),
    ("[" * 500 + "]" * 500, "E107", None, "nested"),
    # malformed functions in a property the importer reads: each was an internal error
    # (IndexError, ValueError) or lost its position
    (_LAMBDA + "!Sub []\n", "E107", 11, "Fn::Sub takes a string or [string, {name: value}]"),
    (_LAMBDA + "!Sub ['${x}', {x: !Sub []}]\n", "E107", 11, "Fn::Sub takes"),
    (_LAMBDA + "!Not []\n", "E107", 11, "Fn::Not takes [condition]"),
    (_LAMBDA + "!Not Missing\n", "E103", 11, "undefined condition 'Missing'"),
])
def test_broken_templates_are_positioned_errors(text: str, code: str, line: int | None, words: str) -> None:
    result = imported(text)
    errors = [f for f in result.findings if f.is_input_error]
    assert [e.rule_id for e in errors] == [code], result.findings
    assert words in errors[0].message
    if line is not None:
        assert errors[0].span.line == line


@pytest.mark.parametrize("value, reason", [
    ("!Split ['', abc]", "Fn::Split of a value the template does not decide"),
    ("!If [c, !Ref AWS::NoValue, 1]", None),   # absent, as CloudFormation reads it
    ("!Ref AWS::NoValue", None),
])
def test_values_that_decide_nothing_are_said_not_crashed_on(value: str, reason: str | None) -> None:
    """`!Split` with an empty delimiter was an internal error (ValueError); `AWS::NoValue`
    under `!If` left its marker object as the value: "Timeout = <object object at 0x...>"."""
    result = imported(_LAMBDA + value + "\n")
    assert not [f for f in result.findings if f.is_input_error], result.findings
    notes = [f.message for f in result.findings if f.rule_id == "IMP003"]
    assert notes == ([f"'A': Timeout is unknown ({reason}); timeout is left unset"] if reason else [])
    assert result.graph.nodes["A"].get("timeout") is None


@pytest.mark.slow
def test_ten_megabyte_template_imports_with_a_note(tmp_path: Path) -> None:
    resources = {f"Queue{i}": {"Type": "AWS::SQS::Queue", "Properties": {
        "VisibilityTimeout": 30, "Tags": [{"Key": "padding", "Value": "x" * 200}]}}
        for i in range(27_000)}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"Resources": resources}, indent=1))
    assert 9_000_000 < path.stat().st_size < 10 * 2**20
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert "CloudFormation accepts at most 1 MB" in result.output


def test_check_on_a_template_all_formats_and_suppression(tmp_path: Path) -> None:
    text = (HERE / "three-tier.yaml").read_text()
    path = tmp_path / "stack.yaml"
    path.write_text(text)
    runner = CliRunner()
    out = runner.invoke(main, ["check", "--no-cache", str(path)])
    assert out.exit_code == 1 and "stack.yaml:83:3: REL001" in out.output.replace(str(tmp_path) + "/", "")
    assert "assumes parameter DatabaseMultiAZ = false (its default)" in out.output
    for fmt in ("json", "sarif", "github", "junit"):
        assert runner.invoke(main, ["check", "--no-cache", "--format", fmt, str(path)]).exit_code == 1
    fixed = runner.invoke(main, ["check", "--no-cache", "--param", "DatabaseMultiAZ=true", str(path)])
    assert fixed.exit_code == 0, fixed.output
    path.write_text(text.replace("  OrdersDb:\n", "  # archlint: ignore[REL001] staging copy\n  OrdersDb:\n"))
    assert runner.invoke(main, ["check", "--no-cache", str(path)]).exit_code == 0


def test_a_finding_names_only_the_parameters_its_property_rests_on(tmp_path: Path) -> None:
    """Timeout comes from parameter T, MemorySize is written out: the memory finding
    (CMP003) used to say "assumes parameter T" too, and the timeout finding does."""
    path = tmp_path / "fn.yaml"
    path.write_text("Parameters:\n  T:\n    Type: Number\n    Default: 2000\nResources:\n"
                    "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n"
                    "      Timeout: !Ref T\n      MemorySize: 20000\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(path)])
    messages = {f["rule"]: f["message"] for f in json.loads(result.output)["findings"]}
    assert messages["CMP001"].endswith("[assumes parameter T = 2000 (its default)]")
    assert "assumes" not in messages["CMP003"]


def test_check_finds_templates_in_directories_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text((HERE / "three-tier.yaml").read_text())
    (tmp_path / "other.yaml").write_text("name: not a template\n")
    (tmp_path / "ok.arch").write_text("u: users\nw: ec2 { count = 2, azs = 2 }\nu -> w\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--no-cache", str(tmp_path)]).exit_code == 0
    opted = runner.invoke(main, ["check", "--no-cache", "--templates", str(tmp_path)])
    assert opted.exit_code == 1 and "REL001" in opted.output and "other.yaml" not in opted.output


def test_import_command_writes_a_document_that_parses(tmp_path: Path) -> None:
    out = tmp_path / "design.arch"
    source = HERE / "three-tier.yaml"
    result = CliRunner().invoke(main, ["import", "cloudformation", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert 'source = "WebFleet"' in text and "# AWS::AutoScaling::AutoScalingGroup WebFleet" in text
    assert "AWS::CloudWatch::Alarm: OrdersDbCpuAlarm" in text
    assert not any(f.is_input_error for f in check_text(text, "design.arch").findings)
    same = CliRunner().invoke(main, ["import", "cloudformation", str(out), "-o", str(out)])
    assert same.exit_code == 2


def test_import_command_invalid_yaml_exits_2_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A: {Type: [\n")
    result = CliRunner().invoke(main, ["import", "cloudformation", str(bad)])
    assert result.exit_code == 2 and "bad.yaml:3:1: E100" in result.output


def test_unconnected_single_instance_stores_are_still_judged() -> None:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json",
                                       str(HERE / "unconnected-stores.yaml")])
    found = {(f["rule"], f["element"]) for f in json.loads(result.output)["findings"]}
    assert {("REL012", "Graph"), ("REL012", "Cache")} <= found


def test_the_check_path_imports_no_importer_unless_a_template_is_checked(tmp_path: Path) -> None:
    from tests.test_lint_path_imports import ARCH, imported_modules

    (tmp_path / "probe.arch").write_text(ARCH)
    (tmp_path / "stack.yaml").write_text((HERE / "three-tier.yaml").read_text())
    code, modules = imported_modules("check", "--no-cache", ".", cwd=tmp_path)
    assert code in (0, 1) and "archlint.run.engine" in modules
    assert sorted(m for m in modules if m.startswith(("archlint.importers", "archlint.commands", "hcl2"))) == []
    code, modules = imported_modules("check", "--no-cache", "stack.yaml", cwd=tmp_path)
    assert code == 1 and "archlint.importers.cloudformation" in modules


def test_sarif_describes_importer_notes_from_their_table(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text(
        "Resources:\n  Q:\n    Type: AWS::Foo::Bar\n    Properties: {}\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "sarif",
                                       str(tmp_path / "stack.yaml")])
    run = json.loads(result.output)["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["IMP001"]
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert (rule["id"], rule["name"]) == ("IMP001", "unknown-resource-type")
    assert "docs/import.md#notes" in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "note"
