"""NET001-NET003: peering connections per VPC, transitive peering, full meshes."""

from __future__ import annotations

import pytest

from archlint.run.engine import check_text
from archlint.model.findings import Finding, Severity
from archlint.config.settings import Settings


def check(text: str, rule: str, **options: object) -> list[Finding]:
    settings = Settings(options={rule: dict(options)}) if options else None
    result = check_text(text, settings=settings)
    errors = [f for f in result.findings if f.is_input_error]
    assert not errors, [f.message for f in errors]
    return [f for f in result.findings if f.rule_id == rule]


def hub(spokes: int) -> str:
    return f"vpc spoke {{ count = {spokes} }}\nvpc shared {{ }}\nspoke <-> shared\n"


# -- NET001 ---------------------------------------------------------------------

@pytest.mark.parametrize(("spokes", "severity"), [
    (1, None), (50, None), (51, Severity.WARNING), (125, Severity.WARNING),
    (126, Severity.ERROR), (200, Severity.ERROR),
])
def test_limits_at_the_boundaries(spokes: int, severity: Severity | None) -> None:
    found = check(hub(spokes), "NET001")
    if severity is None:
        assert found == []
        return
    assert [(f.element_id, f.severity) for f in found] == [("shared", severity)]
    assert f"{spokes} VPC peering connections" in found[0].message
    assert ("125" if severity is Severity.ERROR else "quota of 50") in found[0].message


def test_the_spoke_side_has_one_peering_each() -> None:
    found = check(hub(200), "NET001")
    assert [f.element_id for f in found] == ["shared"]


def test_quota_option() -> None:
    assert check(hub(80), "NET001", quota=100) == []
    found = check(hub(101), "NET001", quota=100)
    assert found[0].severity is Severity.WARNING and "quota of 100" in found[0].message
    # a quota above the maximum cannot lift the hard limit
    assert check(hub(126), "NET001", quota=500)[0].severity is Severity.ERROR


def test_counts_multiply_through_enclosing_groups() -> None:
    text = """
    account team { count = 50
      vpc app { count = 4 }
    }
    vpc shared { }
    app <-> shared
    """
    found = check(text, "NET001")
    assert "200 VPC peering connections" in found[0].message
    assert "PrivateLink" in (found[0].fix or "")


def test_counts_shared_by_both_ends_are_per_copy() -> None:
    text = """
    account team { count = 50
      vpc app { count = 4 }
      vpc data { }
      app <-> data
    }
    """
    # each team's data VPC peers with its own 4 app VPCs, not with all 200
    assert check(text, "NET001") == []


def test_both_ends_counted_make_every_pair() -> None:
    text = "vpc a { count = 10 }\nvpc b { count = 6 }\na <-> b\n"
    # each b copy peers with the 10 a copies: under the quota
    assert check(text, "NET001") == []
    found = check("vpc a { count = 60 }\nvpc b { count = 2 }\na <-> b\n", "NET001")
    assert [f.element_id for f in found] == ["b"]
    assert found[0].message.startswith("each copy of VPC 'b' has 60")


def test_duplicate_and_undirected_edges_are_one_peering() -> None:
    text = hub(30) + "spoke -- shared\nshared -> spoke\n"
    assert check(text, "NET001") == []


def test_many_single_vpcs_sum_up() -> None:
    lines = [f"vpc v{i} {{ }}" for i in range(55)] + ["vpc core { }"]
    lines += [f"v{i} <-> core" for i in range(55)]
    found = check("\n".join(lines), "NET001")
    assert [f.element_id for f in found] == ["core"]
    assert "55 VPC peering connections" in found[0].message


def test_mesh_shape_suggests_transit_gateway() -> None:
    # 60 VPCs each peered with a hub and with a neighbour: not a hub-and-spoke
    lines = [f"vpc v{i} {{ }}" for i in range(60)] + ["vpc core { }"]
    lines += [f"v{i} <-> core" for i in range(60)]
    lines += [f"v{i} <-> v{i + 1}" for i in range(59)]
    found = check("\n".join(lines), "NET001")
    assert found and "Transit Gateway" in (found[0].fix or "")
    assert "PrivateLink" not in (found[0].fix or "")


def test_edges_between_vpc_and_node_are_not_peerings() -> None:
    text = "vpc a { count = 200 }\ntgw: transitgateway\na <-> tgw\n"
    assert check(text, "NET001") == []


# -- NET002 ---------------------------------------------------------------------

CHAIN = """
vpc a { web: ec2 }
vpc b { mid: ec2 }
vpc c { db: rds }
a <-> b
b <-> c
"""


def test_transitive_traffic_is_an_error() -> None:
    found = check(CHAIN + "web -> db\n", "NET002")
    assert len(found) == 1
    assert "through VPC 'b'" in found[0].message and "not transitive" in found[0].message


def test_hop_through_a_component_in_the_middle_is_fine() -> None:
    assert check(CHAIN + "web -> mid -> db\n", "NET002") == []


def test_direct_peering_or_transit_gateway_is_fine() -> None:
    assert check(CHAIN + "a <-> c\nweb -> db\n", "NET002") == []
    tgw = CHAIN + "hub: transitgateway\na -- hub\nc -- hub\nweb -> db\n"
    assert check(tgw, "NET002") == []


def test_peered_transit_gateways_route() -> None:
    text = CHAIN + """
    t1: transitgateway
    t2: transitgateway
    a -- t1
    c -- t2
    t1 <-> t2
    web -> db
    """
    assert check(text, "NET002") == []


def test_unconnected_vpcs_are_not_transitive() -> None:
    text = "vpc a { web: ec2 }\nvpc c { db: rds }\nvpc x { }\na <-> x\nweb -> db\n"
    assert check(text, "NET002") == []


def test_longer_chain_is_reported() -> None:
    text = """
    vpc a { web: ec2 }
    vpc b { }
    vpc c { }
    vpc d { db: rds }
    a <-> b
    b <-> c
    c <-> d
    web -> db
    """
    found = check(text, "NET002")
    assert len(found) == 1 and "chain of peered VPCs" in found[0].message


def test_edge_to_a_vpc_group_counts() -> None:
    assert len(check(CHAIN + "web -> c\n", "NET002")) == 1


def test_undirected_association_is_not_traffic() -> None:
    assert check(CHAIN + "web -- db\n", "NET002") == []


def test_edge_to_edge_routing_through_a_peers_gateway() -> None:
    text = """
    vpc app { worker: ec2 }
    vpc egress { nat: natgateway
      igw: internetgateway }
    app <-> egress
    worker -> nat
    worker -> igw
    """
    found = check(text, "NET002")
    assert len(found) == 2
    assert "edge-to-edge" in found[0].message


def test_gateway_in_own_vpc_is_fine() -> None:
    text = "vpc app { worker: ec2\n nat: natgateway }\nvpc other { }\napp <-> other\nworker -> nat\n"
    assert check(text, "NET002") == []


# -- NET003 ---------------------------------------------------------------------

def mesh(n: int, missing: int = 0) -> str:
    lines = [f"vpc v{i} {{ }}" for i in range(n)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    lines += [f"v{i} <-> v{j}" for i, j in pairs[missing:]]
    return "\n".join(lines)


@pytest.mark.parametrize(("n", "expected"), [(3, 0), (4, 1), (10, 1)])
def test_full_mesh_from_four(n: int, expected: int) -> None:
    found = check(mesh(n), "NET003")
    assert len(found) == expected
    if expected:
        assert f"{n * (n - 1) // 2} peering connections" in found[0].message
        assert found[0].severity is Severity.INFO


def test_almost_mesh_is_not_reported() -> None:
    assert check(mesh(5, missing=1), "NET003") == []


def test_mesh_plus_a_spoke_is_not_a_full_mesh() -> None:
    assert check(mesh(4) + "\nvpc extra { }\nv0 <-> extra\n", "NET003") == []


def test_counted_mesh_is_left_to_net001() -> None:
    text = mesh(4).replace("vpc v0 { }", "vpc v0 { count = 3 }")
    assert check(text, "NET003") == []
