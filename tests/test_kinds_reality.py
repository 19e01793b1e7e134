"""Kinds as architects write them: dependencies outside AWS judged by their SLA,
common spellings, `elb`, managed clusters judged by what AWS runs, and AVL001's
short message with its arithmetic in the structured output. Through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check(tmp_path: Path, text: str, *flags: str):
    path = tmp_path / "a.arch"
    path.write_text(text)
    return run("check", "--no-cache", *flags, str(path))


PAYMENTS_TEXT = """
availability = 99.95%
users: users
lb: alb
web: ec2 { count = 2, azs = 2 }
db: dynamodb
pay: {kind} "Payment provider" {attrs}
users -> lb -> web -> db
web -> pay
"""


class _Payments:
    def format(self, kind: str, attrs: str) -> str:
        return PAYMENTS_TEXT.replace("{kind}", kind).replace("{attrs}", attrs)


PAYMENTS = _Payments()


@pytest.mark.parametrize("kind", ["external", "saas", "onprem_system", "third_party"])
def test_dependency_outside_aws_is_never_told_to_add_copies(tmp_path: Path, kind: str) -> None:
    result = check(tmp_path, PAYMENTS.format(kind=kind, attrs=""), "--select", "REL")
    assert result.exit_code == 0, result.output
    generic = check(tmp_path, PAYMENTS.format(kind="generic", attrs=""), "--select", "REL001")
    assert "'pay' (generic) is a single point of failure" in generic.output  # `generic` still is


def test_declared_sla_is_the_figure_the_budget_counts(tmp_path: Path) -> None:
    low = check(tmp_path, PAYMENTS.format(kind="saas", attrs="{ sla = 99.5% }"), "--select", "AVL",
                "--format", "json")
    (finding,) = json.loads(low.output)["findings"]
    assert finding["element"] == "pay" and finding["properties"]["weakest_figure"] == \
        "pay declared sla 99.5%"
    high = check(tmp_path, PAYMENTS.format(kind="saas", attrs="{ sla = 99.999% }"), "--select", "AVL")
    assert high.exit_code == 0, high.output
    bad = check(tmp_path, PAYMENTS.format(kind="saas", attrs="{ sla = 5m }"))
    assert bad.exit_code == 2 and "invalid value for 'sla'" in bad.output


@pytest.mark.parametrize("spelling, kind", [
    ("api_gateway", "apigateway"), ("nat_gateway", "natgateway"),
    ("application_load_balancer", "alb"), ("aws_lambda", "lambda"), ("dynamo", "dynamodb"),
])
def test_common_spellings_are_aliases(tmp_path: Path, spelling: str, kind: str) -> None:
    result = check(tmp_path, f"x: {spelling}\n", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    listing = run("kinds").output
    assert re.search(rf"^{kind} .*\(also: [^)]*\b{spelling}\b", listing, re.M)


@pytest.mark.parametrize("kind, icon", [
    ("elb", "elastic-load-balancing"), ("clb", "elb-classic-load-balancer"),
    ("external", "saas"), ("saas", "saas"), ("onprem_system", "server"), ("generic", "generic"),
])
def test_kinds_are_drawn_with_their_icons(tmp_path: Path, kind: str, icon: str) -> None:
    path = tmp_path / "d.arch"
    path.write_text(f"x: {kind}\n")
    assert run("render", "--format", "dot", str(path)).exit_code == 0
    assert re.search(rf'image="[^"]*/{icon}\.png"', (tmp_path / "d.dot").read_text())


@pytest.mark.parametrize("kind, reason", [
    ("eks", "1 worker node (EKS runs the cluster's control plane across three AZs"),
    ("ecs", "1 task (the ECS service scheduler spreads a service's tasks"),
    ("emr", "an EMR cluster runs all its nodes in one AZ"),
    ("redshift", "is in one AZ unless a Multi-AZ deployment is set (RA3 node types only), and multi_az is not set"),
    ("opensearch", "unless zone awareness (Multi-AZ, optionally with standby) is enabled"),
])
def test_managed_clusters_name_the_real_reason(tmp_path: Path, kind: str, reason: str) -> None:
    result = check(tmp_path, f"users: users\nc: {kind}\nusers -> c\n", "--select", "REL001")
    assert reason in result.output and "1 instance\n" not in result.output


def test_managed_clusters_redundant_as_aws_runs_them(tmp_path: Path) -> None:
    text = ("users: users\nk: eks { count = 3, azs = 3 }\nm: msk\no: opensearch { multi_az = true }\n"
            "users -> k -> [m, o]\n")
    assert check(tmp_path, text, "--select", "REL001").exit_code == 0


def test_avl001_message_is_one_short_sentence_with_arithmetic_in_json_and_sarif(tmp_path: Path) -> None:
    text = PAYMENTS.format(kind="saas", attrs="{ sla = 99.9% }").replace("db: dynamodb", "db: rds")
    out = check(tmp_path, text, "--select", "AVL001").output
    line = out.splitlines()[0]
    assert line.endswith("AVL001 [warning] by SLA credit thresholds (not measured availability) "
                         "the weakest serving path reaches 99.4801%, below the 99.95% target; "
                         "weakest component: 'db'")
    sarif = json.loads(check(tmp_path, text, "--select", "AVL001", "--format", "sarif").output)
    properties = sarif["runs"][0]["results"][0]["properties"]
    assert properties["arithmetic"].endswith("x db (Amazon RDS Single-AZ 99.5%) = 99.4801%")
    assert properties["path"] == "users -> lb -> web -> db"
    explained = run("explain", "AVL001").output
    assert "SLA\n" in explained or "SLA credit thresholds" in " ".join(explained.split())
    assert "not measured availability" in " ".join(explained.split())


REPLICA = """
users: users
app: ec2 { count = 2, azs = 2 }
userdb: rds { engine = "postgres", multi_az = true, read_write_ratio = 50 }
userdb_ro: rds "Read replica" { engine = "postgres", replica_of = userdb }
users -> app -> userdb
app -> userdb_ro : "reads"
"""


def test_read_replica_drawn_as_its_own_node_is_the_primarys_replica(tmp_path: Path) -> None:
    result = check(tmp_path, REPLICA)
    assert result.exit_code == 0, result.output   # no Single-AZ finding, read scaling seen
    plain = check(tmp_path, REPLICA.replace(", replica_of = userdb", ""))
    assert "'userdb_ro' (rds) is a single point of failure" in plain.output
    assert "DB004" in plain.output


def test_replica_rules_count_replica_nodes(tmp_path: Path) -> None:
    nodes = "\n".join(f"r{i}: rds {{ engine = \"oracle-ee\", replica_of = erp }}" for i in range(6))
    text = f'erp: rds {{ engine = "oracle-ee", multi_az = true }}\n{nodes}\n'
    result = check(tmp_path, text, "--select", "DB003")
    assert "RDS 'erp' declares 6 read replicas; oracle-ee allows at most 5" in result.output
    failover = 'db: rds { read_replicas = 0, failover = replica }\nro: rds { replica_of = db }\n'
    assert "REL006" in check(tmp_path, failover, "--select", "REL006").output


@pytest.mark.parametrize("text, expected", [
    ("db: rds\nro: rds { replica_of = dbb }\n", "E103 [error] replica_of: 'dbb' is not defined; "
                                                "did you mean 'db'?"),
    ("db: rds\nro: aurora { replica_of = db }\n", "E105 [error] replica_of: 'ro' (aurora) cannot "
                                                  "be a read replica of 'db' (rds)"),
])
def test_replica_of_mistakes_are_positioned_errors(tmp_path: Path, text: str, expected: str) -> None:
    result = check(tmp_path, text)
    assert result.exit_code == 2 and f":2:" in result.output and expected in result.output
