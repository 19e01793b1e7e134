"""REL001/REL002: single points of failure as dominators, single-AZ placement."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from archlint.registry import all_rules
from archlint.run.engine import check_text
from archlint.model.findings import Finding
from archlint.model.graph import Attribute, Node, Span
from archlint.analysis.dominators import dominators
from archlint.analysis.flow import FlowGraph
from archlint.analysis.placement import copies, placement
from archlint.analysis.redundancy import assess


WITHOUT_REL003 = tuple(r for r in all_rules() if r.id != "REL003")   # REL001 alone on a NAT


def check(text: str, rule: str = "REL001") -> list[Finding]:
    result = check_text(text)
    errors = [f for f in result.findings if f.is_input_error]
    assert not errors, [f.message for f in errors]
    return [f for f in result.findings if f.rule_id == rule]


def spofs(text: str) -> list[str]:
    return [f.element_id for f in check(text)]  # type: ignore[misc]


def graph_of(text: str):
    result = check_text(text)
    assert result.graph is not None
    assert not [f for f in result.findings if f.is_input_error]
    return result.graph


# -- the dominator algorithm -------------------------------------------------------

def naive_dominators(succ: list[list[int]], root: int) -> dict[int, set[int]]:
    """Textbook fixed point: dom(v) = {v} | intersection of dom(p) over preds p."""
    reach, stack = {root}, [root]
    while stack:
        for w in succ[stack.pop()]:
            if w not in reach:
                reach.add(w)
                stack.append(w)
    pred: dict[int, list[int]] = {v: [] for v in reach}
    for v in reach:
        for w in succ[v]:
            pred[w].append(v)
    dom = {v: set(reach) for v in reach}
    dom[root] = {root}
    changed = True
    while changed:
        changed = False
        for v in reach - {root}:
            new = set.intersection(*(dom[p] for p in pred[v])) | {v}
            if new != dom[v]:
                dom[v], changed = new, True
    return dom


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=12).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))))
def test_lengauer_tarjan_matches_the_definition(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = case
    succ: list[list[int]] = [[] for _ in range(n)]
    pred: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        succ[a].append(b)
        pred[b].append(a)
    tree = dominators(succ, pred, 0)
    expected = naive_dominators(succ, 0)
    for v in range(n):
        if v not in expected:
            assert tree.idom[v] == -1
            continue
        chain, x = {v}, v
        while x != 0:
            x = tree.idom[x]
            chain.add(x)
        assert chain == expected[v], (v, succ)


def test_dominators_deep_chain_without_recursion() -> None:
    n = 60_000
    succ = [[i + 1] for i in range(n - 1)] + [[]]
    pred = [[]] + [[i - 1] for i in range(1, n)]
    # plus shortcuts from the root, the worst case for naive iterative schemes
    for i in range(2, n, 7):
        succ[0].append(i)
        pred[i].append(0)
    tree = dominators(succ, pred, 0)
    assert tree.idom[n - 1] in (n - 2, 0)
    assert all(d != -1 for d in tree.idom)


# -- the mission examples ---------------------------------------------------------

TWINS = """
users: users
lb:  alb
web: ec2 { count = 2, azs = 2 }
db:  rds { multi_az = true }
users -> lb -> web -> db
"""


def test_twins_behind_alb_over_two_azs_are_not_spofs() -> None:
    assert spofs(TWINS) == []


def test_single_az_rds_behind_twins_is_the_spof() -> None:
    found = check(TWINS.replace("{ multi_az = true }", ""))
    assert [f.element_id for f in found] == ["db"]
    assert "multi_az is not set" in found[0].message
    assert "multi_az = true" in (found[0].fix or "")


def test_multi_az_false_is_named() -> None:
    found = check(TWINS.replace("multi_az = true", "multi_az = false"))
    assert "multi_az = false" in found[0].message


def test_read_replicas_do_not_make_rds_redundant() -> None:
    found = check(TWINS.replace("{ multi_az = true }", "{ read_replicas = 2 }"))
    assert [f.element_id for f in found] == ["db"]
    assert "read replicas are not an automatic failover target" in found[0].message


def test_single_instance_is_named_with_its_count() -> None:
    found = check(TWINS.replace("{ count = 2, azs = 2 }", ""))
    assert [f.element_id for f in found] == ["web"]
    assert "1 instance" in found[0].message
    assert "every path from 'users' to 'db' passes through it" in found[0].message


def test_count_two_in_one_az() -> None:
    found = check(TWINS.replace("azs = 2", "azs = 1"))
    assert "count 2 but all in 1 AZ" in found[0].message


def test_count_without_declared_azs() -> None:
    found = check(TWINS.replace(", azs = 2", ""))
    assert "count 2 but its AZs are not declared" in found[0].message


def test_managed_services_are_never_spofs() -> None:
    text = """
    users: users
    dns: route53
    cdn: cloudfront
    api: apigateway
    fn: lambda
    q: sqs
    t: dynamodb
    b: s3
    users -> dns -> cdn -> api -> fn -> q -> t
    fn -> b
    """
    assert spofs(text) == []


def test_entries_are_not_reported() -> None:
    assert spofs("u: users\nlb: alb\nu -> lb") == []


# -- graph shapes ----------------------------------------------------------------

def test_parallel_paths_remove_the_dominator() -> None:
    text = """
    users: users
    a: ec2
    b: ec2
    db: dynamodb
    users -> [a, b] -> db
    """
    assert spofs(text) == []


def test_diamond_with_single_join() -> None:
    text = """
    users: users
    lb: alb
    a: ec2 { count = 2, azs = 2 }
    b: ec2 { count = 2, azs = 2 }
    join: ec2
    db: dynamodb
    users -> lb -> [a, b] -> join -> db
    """
    assert spofs(text) == ["join"]


def test_bypass_edge_removes_dominator() -> None:
    text = """
    users: users
    proxy: ec2
    app: ec2 { count = 2, azs = 2 }
    db: dynamodb
    users -> proxy -> app -> db
    users -> app
    """
    assert spofs(text) == []


def test_cycles_are_handled() -> None:
    text = """
    users: users
    a: ec2
    b: ec2 { count = 2, azs = 2 }
    db: dynamodb
    users -> a -> b -> db
    b -> a
    """
    assert spofs(text) == ["a"]


def test_bidirectional_edges_carry_traffic_both_ways() -> None:
    text = """
    users: users
    web: ec2 { count = 2, azs = 2 }
    cache: ec2
    users <-> web
    web <-> cache
    """
    assert spofs(text) == ["cache"]


def test_bidirectional_without_entry_kinds() -> None:
    text = """
    web: ec2 { count = 2, azs = 2 }
    cache: ec2
    web <-> cache
    """
    assert spofs(text) == ["cache"]


def test_undirected_edges_are_not_traffic() -> None:
    text = """
    users: users
    app: ec2 { count = 2, azs = 2 }
    vol: ebs
    users -> app
    app -- vol
    """
    assert spofs(text) == []


def test_several_entries_must_all_pass_through() -> None:
    text = """
    users: users
    partners: client
    gw: ec2
    app: ec2 { count = 2, azs = 2 }
    db: dynamodb
    users -> gw -> app -> db
    partners -> app
    """
    assert spofs(text) == []
    assert spofs(text.replace("partners -> app", "partners -> gw")) == ["gw"]


def test_without_entry_kinds_in_degree_zero_nodes_are_entries() -> None:
    text = """
    cron: ec2
    db: rds
    cron -> db
    """
    found = check(text)
    assert [f.element_id for f in found] == ["cron", "db"]
    assert "starts here" in found[0].message


def test_isolated_nodes_are_not_flows() -> None:
    assert spofs("lonely: ec2\nalone: rds") == []


def test_nodes_unreachable_from_entries_are_ignored() -> None:
    text = """
    users: users
    lb: alb
    batch: ec2
    db: rds
    users -> lb
    batch -> db
    """
    assert spofs(text) == []


def test_stateful_node_in_the_middle_is_a_sink_too() -> None:
    text = """
    users: users
    app: ec2 { count = 2, azs = 2 }
    db: rds
    reports: lambda
    users -> app -> db -> reports
    """
    assert spofs(text) == ["db"]


# -- groups ---------------------------------------------------------------------

def test_edge_into_asg_group_reaches_members() -> None:
    text = """
    users: users
    lb: alb
    asg web { count = 4, azs = 2
      app: ec2
    }
    db: rds { multi_az = true }
    users -> lb -> web -> db
    """
    assert spofs(text) == []
    found = check(text.replace("count = 4, azs = 2", "count = 1"))
    assert [f.element_id for f in found] == ["app"]


def test_group_with_two_members_in_two_az_groups() -> None:
    text = """
    users: users
    lb: alb
    group web {
      az a { w1: ec2 }
      az b { w2: ec2 }
    }
    db: aurora { replicas = 1 }
    users -> lb -> web -> db
    """
    assert spofs(text) == []


def test_edge_into_vpc_enters_at_the_front_door() -> None:
    text = """
    users: users
    vpc prod {
      lb: alb
      web: ec2
      db: rds { multi_az = true }
      lb -> web -> db
    }
    users -> prod
    """
    assert spofs(text) == ["web"]


def test_peering_between_vpcs_is_not_traffic() -> None:
    text = """
    users: users
    vpc a { web: ec2 { count = 2, azs = 2 } }
    vpc b { lone: ec2 }
    users -> web
    a <-> b
    """
    assert spofs(text) == []


def test_nested_group_counts_multiply() -> None:
    el = graph_of("""
    account team { count = 3
      asg pool { count = 2, azs = 2
        w: ec2 { count = 2 }
      }
    }
    """).nodes["w"]
    assert copies(el) == 12
    assert placement(el).azs == 2
    assert assess(el) is None


@pytest.mark.parametrize("value, expected", [(4, 4), (0, 0), (True, 1), (False, 1), (2.5, 1), ("3", 1)])
def test_a_count_is_a_whole_number_never_a_bool(value: object, expected: int) -> None:
    """`Element.count` and `copies` read the count by its class (no `isinstance`
    pair, no property call in `copies`): a bool, a float or a word is not a count."""
    span = Span("x.arch", 1, 1, 1, 9)
    node = Node("w", "ec2", None, span, {"count": Attribute("count", value, span)})
    assert node.count == copies(node) == expected
    assert type(node.count) is type(copies(node)) is int   # True == 1: the type tells
    assert Node("w", "ec2", None, span).count == copies(Node("w", "ec2", None, span)) == 1


def test_az_group_pins_placement() -> None:
    g = graph_of("az a { w: ec2 { count = 3 } }")
    assert placement(g.nodes["w"]).azs == 1
    verdict = assess(g.nodes["w"])
    assert verdict is not None and "count 3 but all in 1 AZ" in verdict.reason


def test_own_azs_overrides_enclosing_placement() -> None:
    g = graph_of("asg pool { azs = 1\n w: ec2 { count = 2, azs = 2 } }")
    assert placement(g.nodes["w"]).azs == 2


def test_database_redundancy_rules() -> None:
    g = graph_of("""
    a: aurora { replicas = 1 }
    a0: aurora
    a1: aurora { replicas = 2, azs = 1 }
    c: elasticache { multi_az = true }
    c0: elasticache { count = 3, azs = 3 }
    d: dax { nodes = 3, azs = 3 }
    d1: dax { nodes = 1 }
    v: ebs
    """)
    redundant = {k for k, n in g.nodes.items() if assess(n) is None}
    assert redundant == {"a", "c", "d"}
    assert "no replicas" in assess(g.nodes["a0"]).reason  # type: ignore[union-attr]
    assert "writer's AZ" in assess(g.nodes["a1"]).reason  # type: ignore[union-attr]


def test_flow_graph_is_linear_in_group_edges() -> None:
    g = graph_of("""
    u: users
    asg pool { a: ec2
      b: ec2 }
    z: dynamodb
    u -> pool -> z
    """)
    flow = FlowGraph(g)
    # root + 4 nodes + pool's in and out vertices
    assert len(flow.succ) == 7
    # root->u, u->pool.in, pool.in->a|b, a|b->pool.out, pool.out->z
    assert sum(len(s) for s in flow.succ) == 1 + 1 + 2 + 2 + 1


# -- REL002 ---------------------------------------------------------------------

def test_rel002_count_in_one_az() -> None:
    found = check("w: ec2 { count = 3, azs = 1 }", "REL002")
    assert len(found) == 1 and "3 copies" in found[0].message
    assert found[0].span.column > 1  # points at `azs = 1`


def test_rel002_asg_inside_one_az_group_reported_once() -> None:
    text = """
    az a {
      asg web { count = 2
        app: ec2
        also: ec2 { count = 2 }
      }
    }
    """
    found = check(text, "REL002")
    assert [f.element_id for f in found] == ["web"]


def test_rel002_not_for_single_copies_or_spread_or_managed() -> None:
    text = """
    az a { one: ec2 }
    two: ec2 { count = 2, azs = 2 }
    unknown: ec2 { count = 2 }
    fn: lambda { count = 2, azs = 1 }
    """
    assert check(text, "REL002") == []


def test_rel002_defers_to_rel001_on_a_critical_single_az_pool() -> None:
    text = """
    users: users
    web: ec2 { count = 2, azs = 1 }
    users -> web
    """
    assert sorted(f.rule_id for f in check_text(text).findings) == ["REL001"]
    from archlint.config.settings import Settings

    from archlint.registry import all_rules

    alone = check_text(text, rules=tuple(r for r in all_rules() if r.id != "REL001"))
    assert sorted(f.rule_id for f in alone.findings) == ["REL002"]


def test_rel002_on_a_single_az_pool_that_a_fallback_path_bypasses() -> None:
    text = """
    users: users
    lb: alb
    web: ec2 { count = 3, azs = 1 }
    fallback: lambda
    db: dynamodb
    users -> lb -> [web, fallback] -> db
    """
    assert [(f.rule_id, f.element_id) for f in check_text(text).findings] == [("REL002", "web")]


def test_rel002_silent_for_per_az_pools_behind_one_load_balancer() -> None:
    text = """
    users: users
    lb: alb
    az a { web_a: ec2 { count = 2 } }
    az b { web_b: ec2 { count = 2 } }
    db: dynamodb
    users -> lb -> [web_a, web_b] -> db
    """
    assert check_text(text).findings == []


def test_rel001_fix_for_a_nat_gateway_is_per_az_or_regional() -> None:
    text = """
    users: users
    vpc v {
      lb: alb
      subnet private { app: ec2 { count = 2, azs = 2 } }
      nat: natgateway
    }
    partner: generic "Partner API"
    users -> lb -> app -> nat -> partner
    """
    (finding,) = [f for f in check_text(text, rules=WITHOUT_REL003).findings
                  if f.rule_id == "REL001" and f.element_id == "nat"]
    assert "regional NAT gateway" in (finding.fix or "") and "load balancer" not in (finding.fix or "")


def test_zone_attribute_pins_a_pool_to_one_az() -> None:
    from archlint.run.engine import check_text

    text = ("users: users\nlb: alb\nweb: ec2 { count = 3, zone = a }\ndb: dynamodb\n"
            "users -> lb -> web -> db\n")
    found = [f for f in check_text(text).findings if f.rule_id in ("REL001", "REL002")]
    assert found and all("zone = a" in f.message for f in found if f.element_id == "web")


def test_rel001_silent_for_a_regional_nat_gateway_it_recommends() -> None:
    """REL001's own fix says `type = regional`; following it must clear the finding."""
    path = "users -> lb -> app -> nat -> partner\n"
    head = ("users: users\nvpc v {\n  lb: alb\n  app: ec2 { count = 2, azs = 2 }\n"
            "  nat: natgateway%s\n}\npartner: s3 \"Partner bucket\"\n")
    rel001 = [f.element_id for f in check_text(head % "" + path, rules=WITHOUT_REL003).findings
              if f.rule_id == "REL001"]
    assert rel001 == ["nat"]
    assert spofs(head % " { type = regional }" + path) == []


def test_rel001_two_vpn_or_direct_connect_links_are_redundant_without_azs() -> None:
    """Connections to on-premises have no AZ: a second connection is the redundancy."""
    for kind in ("vpn", "directconnect"):
        text = (f"dc: onprem\nlink: {kind}%s\nvpc v {{ app: ec2 {{ count = 2, azs = 2 }} }}\n"
                "db: dynamodb\ndc -> link -> app -> db\n")
        assert spofs(text % "") == ["link"], kind
        assert spofs(text % " { count = 2 }") == [], kind


def test_rel001_interface_endpoint_in_two_azs_is_one_redundant_endpoint() -> None:
    """An interface endpoint is one resource with a network interface per AZ."""
    text = ("users: users\nvpc v {\n  app: ec2 { count = 2, azs = 2 }\n"
            "  ep: vpcendpoint%s\n}\ndb: dynamodb\nusers -> app -> ep -> db\n")
    assert spofs(text % "") == ["ep"]
    assert spofs(text % " { azs = 1 }") == ["ep"]
    assert spofs(text % " { azs = 2 }") == []


def test_rel001_elasticache_serverless_and_spread_memcached_are_redundant() -> None:
    """Serverless replicates across AZs; Memcached has no Multi-AZ, its nodes over AZs are it."""
    text = ("users: users\nlb: alb\nweb: ecs { count = 3, azs = 3 }\n"
            "cache: elasticache { %s }\nusers -> lb -> web -> cache\n")
    assert spofs(text % "type = serverless") == []
    assert spofs(text % 'engine = "memcached", nodes = 3, azs = 3') == []
    assert spofs(text % 'engine = "memcached", nodes = 3') == ["cache"]
    (redis,) = check(text % 'engine = "redis", nodes = 3, azs = 3')
    assert "multi_az is not set" in redis.message
