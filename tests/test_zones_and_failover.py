"""REL003-REL011: zonal dependencies, RDS/Aurora redundancy, Region scope, DNS failover, EBS, DAX."""

from __future__ import annotations

import pytest

from rule_sets import rule_range
from archlint.run.engine import check_text
from archlint.model.findings import Finding, Severity
from archlint.config.settings import Settings

ZONES_AND_FAILOVER = rule_range("REL003", "REL011")
WITH_REL001 = ZONES_AND_FAILOVER + rule_range("REL001", "REL002")


def run(text: str, rule_id: str, options: dict | None = None) -> list[Finding]:
    settings = Settings(options={rule_id: options} if options else {})
    result = check_text(text, settings=settings, rules=ZONES_AND_FAILOVER)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [f for f in result.findings if f.rule_id == rule_id]


def ids(findings: list[Finding]) -> list[str]:
    return [f.element_id or "" for f in findings]


# -- REL003 -------------------------------------------------------------------

TWO_AZ_VPC = """
vpc prod {{
  az a {{ subnet pub_a {{ {nat} }}  subnet priv_a {{ app_a: ec2 }} }}
  az b {{ subnet priv_b {{ app_b: ec2 }} }}
  igw: internetgateway
}}
{edges}
"""


def test_one_nat_for_two_azs() -> None:
    text = TWO_AZ_VPC.format(nat="nat: natgateway", edges="app_a -> nat\napp_b -> nat\nnat -> igw")
    found = run(text, "REL003")
    assert ids(found) == ["nat"] and "AZ b" in found[0].message


def test_nat_serving_only_its_own_az_is_fine() -> None:
    text = TWO_AZ_VPC.format(nat="nat: natgateway", edges="app_a -> nat -> igw")
    assert run(text, "REL003") == []


def test_nat_in_one_az_serving_another_only() -> None:
    text = TWO_AZ_VPC.format(nat="nat: natgateway", edges="app_b -> nat -> igw")
    assert ids(run(text, "REL003")) == ["nat"]


@pytest.mark.parametrize("nat", [
    "nat: natgateway { type = regional }",
    'nat: natgateway { type = "Regional" }',
])
def test_regional_nat_is_fine(nat: str) -> None:
    text = TWO_AZ_VPC.format(nat=nat, edges="app_a -> nat\napp_b -> nat")
    assert run(text, "REL003") == []


@pytest.mark.parametrize(("nat", "fires"), [
    ("nat: natgateway", True),
    ("nat: natgateway { count = 2 }", False),           # one per AZ
    ("nat: natgateway { count = 2, azs = 2 }", False),
    ("nat: natgateway { azs = 1 }", True),
])
def test_unplaced_nat_serving_a_spread_fleet(nat: str, fires: bool) -> None:
    text = f"vpc v {{ {nat}\n asg web {{ azs = 2  w: ec2 {{ count = 4 }} }} }}\nweb -> nat"
    assert bool(run(text, "REL003")) is fires


def test_subnets_as_clients_and_az_attribute_naming_a_group_label() -> None:
    text = """
    vpc v {
      az a "eu-west-1a" { nat: natgateway }
      subnet priv_a { zone = "eu-west-1a"  x: ec2 }
      subnet priv_b { zone = "eu-west-1b"  y: ec2 }
    }
    priv_a -> nat
    priv_b -> nat
    """
    found = run(text, "REL003")
    assert ids(found) == ["nat"] and "eu-west-1b" in found[0].message
    assert "eu-west-1a," not in found[0].message   # "eu-west-1a" is AZ a, the NAT's own


def test_nat_with_unknown_client_placement_is_quiet() -> None:
    assert run("nat: natgateway\napp: ec2 { count = 3 }\napp -> nat", "REL003") == []


# -- REL004 -------------------------------------------------------------------

def test_single_az_rds_on_the_request_path_is_left_to_rel001() -> None:
    text = 'users: users\napp: ec2 { count = 2, azs = 2 }\ndb: rds\nusers -> app -> db'
    result = check_text(text, rules=WITH_REL001)
    on_db = [f.rule_id for f in result.findings if f.element_id == "db"]
    assert on_db == ["REL001"]                      # one finding, not two
    assert "single-AZ DB instance" in result.findings[0].message


def test_single_az_rds_is_reported_when_rel001_does_not_run() -> None:
    """Defect 1: REL004 gives way to REL001 only when REL001 ran (`run` leaves it out)."""
    text = 'users: users\napp: ec2 { count = 2, azs = 2 }\ndb: rds\nusers -> app -> db'
    found = run(text, "REL004")
    assert ids(found) == ["db"] and found[0].severity is Severity.WARNING
    assert "99.5%" in found[0].message


def test_single_az_rds_off_the_request_path() -> None:
    text = 'db: rds { multi_az = false, read_replicas = 2 }'
    found = run(text, "REL004")
    assert ids(found) == ["db"] and "2 read replica(s)" in found[0].message
    assert found[0].span.column > 1                 # at `multi_az = false`


@pytest.mark.parametrize("db", ["db: rds { multi_az = true }", "db: rds { type = cluster }"])
def test_multi_az_rds_is_fine(db: str) -> None:
    assert run(db, "REL004") == []


# -- REL005 / REL006 ----------------------------------------------------------

@pytest.mark.parametrize(("db", "edge", "message"), [
    ("db: rds { multi_az = true }", 'app -> db : "reads" { endpoint = standby }', "serves no"),
    ("db: rds", "app -> db { endpoint = standby }", "no standby at all"),
    ("db: rds { multi_az = true }", 'db <- app { endpoint = "Standby" }', "serves no"),
])
def test_reads_to_standby(db: str, edge: str, message: str) -> None:
    found = run(f"app: ec2\n{db}\n{edge}", "REL005")
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert message in found[0].message and found[0].element_id == "app->db"


@pytest.mark.parametrize(("db", "endpoint"), [
    ("db: rds { multi_az = true }", "reader"),
    ("db: rds { multi_az = true, read_replicas = 1 }", "replica"),
    ("db: rds { type = cluster }", "standby"),
    ("db: aurora { replicas = 1 }", "standby"),
])
def test_reads_elsewhere_are_fine(db: str, endpoint: str) -> None:
    assert run(f"app: ec2\n{db}\napp -> db {{ endpoint = {endpoint} }}", "REL005") == []


@pytest.mark.parametrize(("db", "fires"), [
    ("db: rds { failover = replica }", True),
    ('db: rds { failover = "read_replica", multi_az = true }', True),
    ("db: rds { failover = standby, multi_az = true }", False),
    ("db: aurora { failover = replica, replicas = 1 }", False),
    ("db: rds { read_replicas = 2 }", False),
])
def test_read_replica_as_failover(db: str, fires: bool) -> None:
    found = run(db, "REL006")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.WARNING and "asynchronous" in found[0].message


# -- REL007 -------------------------------------------------------------------

@pytest.mark.parametrize(("attrs", "severity"), [
    ("replicas = 0", Severity.WARNING),
    ("engine = \"aurora-mysql\"", Severity.WARNING),     # no replicas declared
    ("replicas = 1", None),
    ("replicas = 15", None),
    ("replicas = 16", Severity.ERROR),
    ("replicas = 2, azs = 1", Severity.WARNING),
    ("replicas = 2, azs = 2", None),
    ("multi_az = true", None),
    ("multi_az = true, replicas = 0", Severity.WARNING),
])
def test_aurora_replicas(attrs: str, severity: Severity | None) -> None:
    found = run(f"db: aurora {{ {attrs} }}", "REL007")
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_aurora_on_the_request_path_defers_except_over_the_limit() -> None:
    path = "users: users\napp: ecs {{ count = 2, azs = 2 }}\ndb: aurora {{ {a} }}\nusers -> app -> db"
    with_rel001 = check_text(path.format(a="replicas = 0"), rules=WITH_REL001).findings
    assert [f.rule_id for f in with_rel001 if f.element_id == "db"] == ["REL001"]
    assert len(run(path.format(a="replicas = 0"), "REL007")) == 1   # REL001 not run
    over = [f for f in check_text(path.format(a="replicas = 16"), rules=WITH_REL001).findings
            if f.rule_id == "REL007"]
    assert len(over) == 1 and over[0].severity is Severity.ERROR


# -- REL008 -------------------------------------------------------------------

@pytest.mark.parametrize(("target", "fires"), [
    ("99.9%", False), ("99.98%", False), ("99.99%", False), ("99.991%", True), ("99.999%", True),
])
def test_single_region_threshold(target: str, fires: bool) -> None:
    text = f"availability = {target}\nt: dynamodb\ndb: aurora {{ replicas = 2, azs = 3 }}"
    found = run(text, "REL008")
    assert ids(found) == (["t", "db"] if fires else [])


def test_single_region_regions_and_option() -> None:
    text = "availability = 99.999%\nt: dynamodb { regions = 2 }\nu: dynamodb { regions = 1 }\n" \
           "db: aurora { regions = 3 }"
    assert ids(run(text, "REL008")) == ["u"]
    assert run(text, "REL008", {"single_region_max": 99.999}) == []
    assert run("t: dynamodb", "REL008") == []      # no target declared


# -- REL009 -------------------------------------------------------------------

FAILOVER = """
dns: route53 {{ {dns} }}
a: alb
b: alb
dns -> a {{ {primary} }}
dns -> b {{ failover = secondary }}
"""


@pytest.mark.parametrize(("dns", "primary", "fires"), [
    ("routing = failover", "failover = primary", True),
    ("routing = failover", "failover = primary, health_check = true", False),
    ("routing = failover", "failover = primary, health_check = false", True),
    ("routing = failover, health_check = true", "failover = primary", False),
    ("routing = latency", "failover = primary", False),
    ("", "routing = failover, failover = primary", True),
])
def test_route53_failover(dns: str, primary: str, fires: bool) -> None:
    found = run(FAILOVER.format(dns=dns, primary=primary), "REL009")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.ERROR and found[0].element_id == "dns->a"


def test_route53_primary_found_by_label_or_first_record() -> None:
    text = """
    dns: route53 { routing = failover }
    a: alb
    b: alb
    dns -> b : "SECONDARY"
    dns -> a : "PRIMARY" { health_check = true }
    """
    assert run(text, "REL009") == []
    found = run(text.replace('"PRIMARY"', '"main"'), "REL009")
    assert [f.element_id for f in found] == ["dns->b"]   # no primary marked: the first record


# -- REL010 -------------------------------------------------------------------

def test_ebs_in_another_az_is_an_error() -> None:
    text = 'az a { app: ec2 }\naz b { vol: ebs }\napp -- vol'
    found = run(text, "REL010")
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert "AZ b" in found[0].message and "AZ a" in found[0].message


def test_ebs_zone_by_attribute_matching_an_az_group_label() -> None:
    text = 'az a "us-east-1a" { app: ec2 }\nvol: ebs { zone = "us-east-1a" }\napp -- vol'
    assert run(text, "REL010") == []
    assert len(run(text.replace('zone = "us-east-1a"', 'zone = "us-east-1b"'), "REL010")) == 1


@pytest.mark.parametrize(("host", "volume", "fires"), [
    ("web: ec2 { count = 4, azs = 2 }", "vol: ebs", True),
    ("web: ec2 { count = 4, azs = 2 }", "vol: ebs { count = 4 }", False),   # one per instance
    ("web: ec2 { count = 4, azs = 1 }", "vol: ebs", False),
    ("web: ec2 { count = 4 }", "vol: ebs", False),                          # AZs not declared
    ("asg web { azs = 3  w: ec2 }", "vol: ebs", True),
])
def test_ebs_shared_by_a_multi_az_fleet(host: str, volume: str, fires: bool) -> None:
    found = run(f"{host}\n{volume}\nweb -- vol", "REL010")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.WARNING and "EFS" in found[0].message


def test_ebs_shared_on_the_request_path_is_left_to_rel001() -> None:
    text = "users: users\nweb: ec2 { count = 4, azs = 2 }\nvol: ebs\nusers -> web -> vol"
    result = check_text(text, rules=WITH_REL001)
    assert [f.rule_id for f in result.findings if f.element_id == "vol"] == ["REL001"]


def test_ebs_attached_to_non_compute_is_ignored() -> None:
    assert run("az a { s: s3 }\naz b { vol: ebs }\ns -- vol", "REL010") == []


# -- REL011 -------------------------------------------------------------------

@pytest.mark.parametrize(("attrs", "fires"), [
    ("nodes = 2, azs = 2", True),
    ("nodes = 3, azs = 3", False),
    ("nodes = 3", False),
    ("nodes = 5, azs = 1", True),
    ("count = 3, azs = 3", False),
    ("count = 2, azs = 2", True),
])
def test_dax_cluster_size(attrs: str, fires: bool) -> None:
    found = run(f"cache: dax {{ {attrs} }}", "REL011")
    assert bool(found) is fires


def test_dax_in_one_az_group() -> None:
    found = run("az a { cache: dax { nodes = 3 } }", "REL011")
    assert len(found) == 1 and "one AZ" in found[0].message


def test_clean_designs_are_quiet() -> None:
    text = """
    availability = 99.99%
    users: users
    dns: route53 { routing = failover }
    region r {
      vpc v {
        cidr = "10.0.0.0/16"
        lb: alb
        web: ec2 { count = 4, azs = 2 }
        nat: natgateway { count = 2, azs = 2 }
        db: rds { multi_az = true, read_replicas = 1 }
        orders: aurora { replicas = 2, azs = 3 }
        cache: dax { nodes = 3, azs = 3 }
        vol: ebs { count = 4, type = gp3, size = 100GiB }
      }
    }
    table: dynamodb
    users -> dns
    dns -> lb { failover = primary, health_check = true }
    lb -> web -> [db, orders, cache]
    cache -> table
    web -> nat
    web -- vol
    web -> db : "reports" { endpoint = replica }
    """
    result = check_text(text, rules=WITH_REL001)
    assert result.findings == []
