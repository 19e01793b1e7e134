"""NET004-NET008: peered CIDRs, Transit Gateway limits, endpoint quota, load balancer layers."""

from __future__ import annotations

import pytest

from rule_sets import rule_range
from archlint.run.engine import check_text
from archlint.model.findings import Finding, Severity
from archlint.config.settings import Settings


NETWORK_LIMITS = rule_range("NET004", "NET008")


def run(text: str, rule_id: str, options: dict | None = None) -> list[Finding]:
    settings = Settings(options={rule_id: options} if options else {})
    result = check_text(text, settings=settings, rules=NETWORK_LIMITS)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [f for f in result.findings if f.rule_id == rule_id]


# -- NET004 -------------------------------------------------------------------

PEERED = """
vpc a {{ cidr = "{a}" }}
vpc b {{ cidr = "{b}" }}
a <-> b
"""


@pytest.mark.parametrize(("a", "b", "overlap"), [
    ("10.0.0.0/16", "10.1.0.0/16", False),        # adjacent blocks
    ("10.0.0.0/16", "10.0.255.0/24", True),       # last /24 of a
    ("10.0.0.0/16", "10.0.0.0/16", True),         # identical
    ("10.0.0.0/15", "10.1.0.0/16", True),         # b inside the upper half of a
    ("10.0.0.0/16", "10.0.255.255/32", True),     # last address
    ("10.0.0.0/16", "10.1.0.0/32", False),        # first address after a
    ("10.0.0.0/16", "fd00::/8", False),           # different IP versions never overlap
])
def test_overlap_boundaries(a: str, b: str, overlap: bool) -> None:
    found = run(PEERED.format(a=a, b=b), "NET004")
    assert bool(found) is overlap
    if overlap:
        assert found[0].severity is Severity.ERROR
        assert "overlap" in found[0].message and found[0].element_id == "a<->b"


def test_overlap_reported_once_per_pair_and_only_when_peered() -> None:
    text = """
    vpc a { cidr = "10.0.0.0/16" }
    vpc b { cidr = "10.0.0.0/16" }
    vpc c { cidr = "10.0.0.0/16" }
    a <-> b
    b -- a
    """
    found = run(text, "NET004")
    assert len(found) == 1          # c overlaps both but is not peered with either


def test_edges_between_nodes_are_not_peerings() -> None:
    text = """
    vpc a { cidr = "10.0.0.0/16"  x: ec2 }
    vpc b { cidr = "10.0.0.0/16"  y: ec2 }
    x -> y
    """
    assert run(text, "NET004") == []


@pytest.mark.parametrize(("cidr", "why"), [
    ("10.0.0.0/33", "netmask"),
    ("10.0.0.1/16", "host bits are set; the block is 10.0.0.0/16"),
    ("10.0.0.0", "no prefix length"),
    ("300.0.0.0/8", "300"),
    ("ten/8", "octets"),
])
def test_invalid_cidr_is_reported_with_the_reason(cidr: str, why: str) -> None:
    text = f'vpc a {{ cidr = "{cidr}" }}\nvpc b {{ cidr = "10.9.0.0/16" }}\na <-> b'
    found = run(text, "NET004")
    assert len(found) == 1
    assert "not a valid CIDR block" in found[0].message and why in found[0].message
    assert found[0].span.line == 1 and found[0].element_id == "a"


def test_invalid_subnet_cidr_is_reported_too() -> None:
    assert len(run('vpc a { subnet s { cidr = "10.0.0.0/40" } }', "NET004")) == 1


# -- NET005 -------------------------------------------------------------------

def attachments(accounts: int, vpcs: int) -> str:
    return f"""
    hub: transitgateway
    account teams {{ count = {accounts}  vpc app {{ count = {vpcs} }} }}
    app <-> hub
    """


@pytest.mark.parametrize(("accounts", "vpcs", "fires"), [
    (1, 4999, False), (50, 100, False), (40, 125, False), (1, 5001, True), (41, 122, True),
])
def test_attachments_per_transit_gateway(accounts: int, vpcs: int, fires: bool) -> None:
    found = run(attachments(accounts, vpcs), "NET005")
    assert bool(found) is fires
    if fires:
        assert f"{accounts * vpcs:,} attachments" in found[0].message
        assert "5,000" in found[0].message and found[0].element_id == "hub"


def test_attachments_count_vpns_direct_connect_and_nodes_inside_vpcs() -> None:
    text = """
    hub: transitgateway
    vpn: vpn { count = 2 }
    dx: directconnect
    vpc app { count = 4997  svc: ecs }
    svc -> hub
    app <-> hub
    vpn -> hub
    dx -> hub
    """
    # the VPC once (its node and its own edge are one attachment) + 2 VPNs + 1 DX = 5,000
    assert run(text, "NET005") == []
    assert len(run(text.replace("count = 4997", "count = 4998"), "NET005")) == 1


@pytest.mark.parametrize(("gateways", "fires"), [(4, False), (5, False), (6, True)])
def test_transit_gateways_per_vpc(gateways: int, fires: bool) -> None:
    names = [f"t{i}" for i in range(gateways)]
    text = 'vpc prod { cidr = "10.0.0.0/16" }\n'
    text += "".join(f"{n}: transitgateway\n" for n in names)
    text += f"prod <-> [{', '.join(names)}]\nprod -> t0\n"   # a repeated edge counts once
    found = run(text, "NET005")
    assert bool(found) is fires
    if fires:
        assert found[0].element_id == "prod" and "at most 5" in found[0].message


# -- NET006 -------------------------------------------------------------------

@pytest.mark.parametrize(("count", "fires"), [(49, False), (50, False), (51, True)])
def test_interface_endpoints_quota(count: int, fires: bool) -> None:
    text = f'vpc prod {{ cidr = "10.0.0.0/16"  e: vpcendpoint {{ count = {count} }} }}'
    found = run(text, "NET006")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.WARNING and "51 interface endpoints" in found[0].message


def test_endpoint_quota_option_and_gateway_endpoints() -> None:
    text = """
    vpc prod {
      subnet s { count = 2  e: vpcendpoint { count = 20 } }
      f: vpcendpoint { count = 15 }
      s3gw: vpcendpoint { type = gateway, count = 40 }
    }
    vpc other { g: vpcendpoint { count = 50 } }
    """
    found = run(text, "NET006")          # prod: 2 x 20 + 15 = 55; the gateway ones do not count
    assert [f.element_id for f in found] == ["prod"] and "55" in found[0].message
    assert run(text, "NET006", {"quota": 55}) == []
    assert len(run(text, "NET006", {"quota": 54})) == 1


# -- NET007 / NET008 ----------------------------------------------------------

@pytest.mark.parametrize(("protocol", "fires"), [
    ("tcp", True), ("udp", True), ("tls", True), ("tcp_udp", True), ('"TCP"', True),
    ("http", False), ("https", False),
])
def test_alb_listener_protocols(protocol: str, fires: bool) -> None:
    text = f"c: users\nlb: alb\nc -> lb {{ protocol = {protocol} }}"
    found = run(text, "NET007")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.ERROR and found[0].element_id == "c->lb"


def test_alb_listener_attribute_and_nlb_is_fine() -> None:
    assert len(run("lb: alb { protocol = tcp }", "NET007")) == 1
    assert run("c: users\nlb: nlb { protocol = udp }\nc -> lb { protocol = udp }", "NET007") == []


@pytest.mark.parametrize("text", [
    "lb: nlb { routing = path }",
    "lb: nlb { routing = host }",
    'c: users\nlb: nlb\nc -> lb { host = "api.example.com" }',
    'lb: nlb\napi: ecs\nlb -> api { path = "/api/*" }',
])
def test_nlb_layer7_routing_fires(text: str) -> None:
    found = run(text, "NET008")
    assert len(found) == 1 and found[0].severity is Severity.WARNING


@pytest.mark.parametrize("text", [
    "lb: nlb { protocol = tcp }",
    "lb: alb { routing = path }",
    'lb: alb\napi: ecs\nlb -> api { path = "/api/*" }',
])
def test_nlb_layer7_routing_quiet(text: str) -> None:
    assert run(text, "NET008") == []


def test_nlb_layer7_points_at_the_first_routing_edge() -> None:
    text = 'lb: nlb\napi: ecs\nweb: ecs\nlb -> api { path = "/api/*" }\nlb -> web { path = "/*" }'
    found = run(text, "NET008")
    assert len(found) == 1 and found[0].span.line == 4
