"""Terraform import: .tf directories (python-hcl2), modules as groups, plans in JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.importers.terraform import TerraformImporter, import_terraform
from archlint.importers.writer import to_arch
from archlint.run.engine import check_text

HERE = Path(__file__).parent / "imports"
SHOP = HERE / "tf-shop"


def test_directory_with_a_local_and_a_remote_module() -> None:
    result = import_terraform(SHOP)
    assert result.ok, result.findings
    graph = result.graph
    network = graph.groups["module_network"]
    assert [c.id for c in network.children] == ["shop"]
    assert [c.id for c in graph.groups["shop"].children] == ["public_a", "public_b"]
    assert graph.groups["public_a"].get("zone") == "eu-west-1a"
    assert graph.groups["public_a"].span.file.endswith("tf-shop/network/main.tf")
    assert graph.groups["module_cdn"].children == []
    assert any(f.rule_id == "IMP004" and "remote module" in f.message for f in result.findings)
    assert {e.id for e in graph.edges} == {"internet->web", "web->web_2", "jobs->worker", "worker->orders"}
    fleet = graph.nodes["web_2"]
    assert (fleet.get("count"), fleet.get("azs"), result.source["web_2"]) == (2, 2, "aws_autoscaling_group.web")
    orders = graph.nodes["orders"]
    assert (orders.get("multi_az"), orders.get("read_replicas")) == (False, 1)   # the alarm is no edge
    assert orders.attr_span("multi_az").line == 49 and orders.attr_span("multi_az").column == 3
    assert "orders_replica" not in graph.nodes
    assert graph.nodes["odd"].kind == "generic"


def test_variables_default_unless_given() -> None:
    assert import_terraform(SHOP, {"db_multi_az": "true"}).graph.nodes["orders"].get("multi_az") is True
    result = import_terraform(SHOP)
    assert "parameter db_multi_az = false (its default)" in [str(a) for a in result.assumed["orders"]]


def test_imported_document_parses_and_finds_what_the_configuration_does() -> None:
    result = import_terraform(SHOP)
    doc = check_text(to_arch(result, "shop"), "shop.arch")
    assert not any(f.is_input_error for f in doc.findings), doc.findings
    direct = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(SHOP / "main.tf")])
    rules = {f.rule_id for f in doc.findings if not f.rule_id.startswith("IMP")}
    assert rules == {"REL004", "INT001", "DB002"}
    assert all(r in direct.output for r in rules)


def test_plan_json() -> None:
    result = import_terraform(HERE / "plan.json")
    graph = result.graph
    assert {e.id for e in graph.edges} == {"jobs->worker", "worker->orders"}
    assert str(graph.nodes["jobs"].get("visibility_timeout")) == "900s"
    assert graph.nodes["jobs"].span.line == 9
    assert [c.id for c in graph.groups["module_network"].children] == ["shop"]


def test_check_and_diff_on_a_plan(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--no-cache", str(HERE / "plan.json")]).exit_code == 0
    doc = tmp_path / "plan.arch"
    assert runner.invoke(main, ["import", "terraform", str(HERE / "plan.json"), "-o", str(doc)]).exit_code == 0
    assert runner.invoke(main, ["diff", str(doc), str(HERE / "plan.json")]).exit_code == 0
    shop = tmp_path / "shop.arch"
    assert runner.invoke(main, ["import", "terraform", str(SHOP), "-o", str(shop)]).exit_code == 0
    result = runner.invoke(main, ["diff", str(shop), str(SHOP)])
    assert result.exit_code == 0, result.output


def test_broken_hcl_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  visibility_timeout_seconds = \n}\n')
    result = import_terraform(tmp_path)
    assert [f.rule_id for f in result.findings] == ["E100"]
    assert result.findings[0].span.file.endswith("main.tf") and result.findings[0].span.line == 2
    cli = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "main.tf")])
    assert cli.exit_code == 2 and "E100" in cli.output


def test_not_a_plan_and_empty_directory(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"format_version": "1.0", "terraform_version": "1.9", "nothing": 1}')
    assert import_terraform(plan).findings[0].rule_id == "E107"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no .tf files" in import_terraform(empty).findings[0].message


def test_suppression_comment_in_hcl(tmp_path: Path) -> None:
    text = (SHOP / "main.tf").read_text().replace(
        'resource "aws_sqs_queue" "jobs" {',
        '# archlint: ignore[INT001] the worker finishes in 20 s in practice\nresource "aws_sqs_queue" "jobs" {')
    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "main.tf").write_text((SHOP / "network" / "main.tf").read_text())
    (tmp_path / "main.tf").write_text(text)
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "main.tf")])
    assert "INT001" not in result.output and "REL004" in result.output


def test_a_finding_names_only_the_variables_its_argument_rests_on(tmp_path: Path) -> None:
    """timeout comes from var.t, memory_size is written out: the memory finding (CMP003)
    used to say "assumes parameter t" too."""
    (tmp_path / "main.tf").write_text(
        'variable "t" {\n  default = 2000\n}\n\nresource "aws_lambda_function" "f" {\n'
        '  function_name = "f"\n  timeout       = var.t\n  memory_size   = 20000\n}\n')
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "main.tf")])
    lines = {line.split()[1]: line for line in result.output.splitlines() if " [error] " in line}
    assert lines["CMP001"].endswith("[assumes parameter t = 2000 (its default)]")
    assert "assumes" not in lines["CMP003"]


def test_a_module_source_that_is_a_symlink_loop_is_a_note_not_a_crash(tmp_path: Path) -> None:
    """Resolving the module's folder used to raise RuntimeError: an internal error."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "main.tf").write_text('module "x" {\n  source = "./loop"\n}\n'
                                      'resource "aws_instance" "web" {\n  ami = "a"\n}\n')
    done = CliRunner().invoke(main, ["import", "terraform", str(tmp_path / "main.tf")])
    assert done.exit_code == 0, done.output
    assert "web: ec2" in done.output and "internal error" not in done.output
    assert "IMP004" in done.output and "'x' (./loop) is a symlink loop" in done.output


@pytest.mark.parametrize("text, line, message", [
    # python-hcl2 accepts any number of labels; Terraform does not. `module {}` was an
    # internal error (AttributeError), `resource "aws_instance" {}` a node named __is_block__
    ('module {\n}\n', 1, 'a module block takes 1 label: module "name" { ... }'),
    ('resource "aws_instance" {\n}\n', 1, 'a resource block takes 2 labels: resource "type" "name" { ... }'),
    ('variable "a" {}\nresource "aws_instance" "a" "b" {\n}\n', 2, "a resource block takes 2 labels"),
    # declared twice: the second was quietly dropped (or became module_m_2)
    ('resource "aws_s3_bucket" "a" {}\n\nresource "aws_s3_bucket" "a" {}\n', 3,
     "resource aws_s3_bucket.a is declared twice (first at main.tf:1); Terraform refuses that"),
    ('module "m" {\n  source = "x/y"\n}\nmodule "m" {\n  source = "x/y"\n}\n', 4, "module m is declared twice"),
    ('variable "v" {}\nvariable "v" {\n  default = 3\n}\n', 2, "variable v is declared twice"),
])
def test_blocks_terraform_refuses_are_positioned_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        text: str, line: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text(text)
    done = CliRunner().invoke(main, ["import", "terraform", "main.tf"])
    assert done.exit_code == 2, done.output
    assert f"main.tf:{line}:1: E107 [error] {message}" in done.output
    assert "internal error" not in done.output and "__is_block__" not in done.output


@pytest.mark.parametrize("override", ["override.tf", "a_override.tf"])
def test_an_override_file_redeclares_blocks_and_its_values_win(tmp_path: Path, override: str) -> None:
    """Terraform merges override files over the module's blocks: they were refused
    as "declared twice"; `a_override.tf` sorts before `main.tf` but is read after it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text(
        'variable "size" {\n  default = 1\n}\nmodule "m" {\n  source = "x/y"\n}\n'
        'resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  multi_az = false\n}\n')
    (tmp_path / override).write_text(
        'variable "size" {\n  default = 2\n}\nmodule "m" {\n  source = "x/z"\n}\n'
        'resource "aws_db_instance" "db" {\n  engine   = "postgres"\n  multi_az = true\n}\n')
    importer = TerraformImporter(tmp_path, None)
    result = importer.run()
    assert result.ok, result.findings
    assert importer.variables["size"] == 2
    assert result.graph.nodes["db"].get("multi_az") is True
    assert result.graph.nodes["db"].span.file.endswith(override)
    assert list(result.graph.groups) == ["module_m"]   # no second group module_m_2


def test_a_block_declared_in_two_ordinary_files_is_still_an_error(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    (tmp_path / "more.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    result = import_terraform(tmp_path)
    assert [f.message for f in result.findings] == [
        "resource aws_sqs_queue.q is declared twice (first at "
        f"{tmp_path / 'main.tf'}:1); Terraform refuses that"]


def test_the_same_name_in_two_modules_is_no_duplicate(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    (tmp_path / "main.tf").write_text('module "a" {\n  source = "./a"\n}\nmodule "b" {\n  source = "./b"\n}\n'
                                      'resource "aws_sqs_queue" "q" {}\n')
    result = import_terraform(tmp_path)
    assert result.ok, result.findings
    assert len([n for n in result.graph.nodes.values() if n.kind == "sqs"]) == 3


def test_import_never_writes_over_a_file_it_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the named source was compared: `import terraform . -o main.tf` (or `main.tf
    -o vars.tf`, a file of the same folder) replaced the configuration it had just read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    (tmp_path / "vars.tf").write_text('variable "v" {\n  default = 1\n}\n')
    for source, output in ((".", "main.tf"), ("main.tf", "vars.tf")):
        done = CliRunner().invoke(main, ["import", "terraform", source, "-o", output])
        assert done.exit_code == 2, done.output
        assert f"cannot write {output}: it is an input" in done.output
    assert (tmp_path / "main.tf").read_text() == 'resource "aws_sqs_queue" "q" {}\n'
    assert (tmp_path / "vars.tf").read_text() == 'variable "v" {\n  default = 1\n}\n'
    assert CliRunner().invoke(main, ["import", "terraform", ".", "-o", "out.arch"]).exit_code == 0
    # check reads the whole folder too: its report never replaces a sibling .tf file
    done = CliRunner().invoke(main, ["check", "--no-cache", "main.tf", "--output", "vars.tf"])
    assert done.exit_code == 2 and "cannot write vars.tf: it is an input" in done.output
    assert (tmp_path / "vars.tf").read_text() == 'variable "v" {\n  default = 1\n}\n'


def test_a_tf_file_linked_out_of_the_project_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every .tf file of the folder was read, a link out of the project too: `check
    main.tf` printed the first line of `evil.tf -> ~/secret` under a syntax error."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    (tmp_path / "secret").write_text("TOKEN=hunter2 {\n")
    (repo / "evil.tf").symlink_to(tmp_path / "secret")
    monkeypatch.chdir(repo)
    done = CliRunner().invoke(main, ["check", "--no-cache", "main.tf"])
    assert done.exit_code == 2
    assert done.output.startswith("evil.tf:1:1: E107 [error] a symlink to a file outside the project; not read")
    assert "hunter2" not in done.output
