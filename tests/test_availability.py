"""AVL001: the availability budget of the weakest serving path."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archlint.checks.availability._budget import Budget
from archlint.checks.availability._sla import SLAS, SLA_BY_KIND, figure, pct
from archlint.cli import main
from archlint.run.engine import check_text, parse_document
from archlint.config.settings import Settings
from archlint.language.document import Document


def findings(text: str, **options: object) -> list:
    settings = Settings(options={"AVL001": dict(options)} if options else {})
    result = check_text(text, settings=settings)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [f for f in result.findings if f.rule_id == "AVL001"]


def weakest(text: str, **overrides: float) -> float:
    graph, errors = parse_document(Document("<t>", text))
    assert graph is not None and not errors, errors
    budget = Budget(graph, dict(overrides))
    budget.solve()
    found = budget.weakest()
    assert found is not None
    return found[0]


THREE_TIER = """
availability = {target}
users: users
dns: route53
lb: alb
web: ec2 {{ count = 4, azs = 2 }}
db: rds {{ multi_az = {multi_az} }}
users -> dns -> lb -> web -> db
"""


def test_series_multiplies_and_boundary_at_target() -> None:
    exact = 0.9999 * 0.9999 * 0.9995
    assert weakest(THREE_TIER.format(target="99%", multi_az="true")) == pytest.approx(exact)
    at = pct(exact)                     # the shown figure, rounded to 4 decimals: 99.93%
    assert at == "99.93%"
    # a target just below the estimate passes, just above fails
    assert not findings(THREE_TIER.format(target="99.9299%", multi_az="true"))
    assert findings(THREE_TIER.format(target="99.9301%", multi_az="true"))


def detail(finding) -> str:  # type: ignore[no-untyped-def]
    """The message and the structured detail (path, arithmetic...) JSON and SARIF carry."""
    return finding.message + " " + json.dumps(finding.properties)


def test_finding_shows_arithmetic_and_weakest_component() -> None:
    found = findings(THREE_TIER.format(target="99.9%", multi_az="false"))
    assert len(found) == 1
    message = found[0].message
    assert len(message) < 200 and "not measured availability" in message  # one short sentence
    assert found[0].properties["path"] == "users -> dns -> lb -> web -> db"
    arithmetic = found[0].properties["arithmetic"]
    assert "99.99%) x web (" in arithmetic and "Amazon RDS Single-AZ 99.5%" in arithmetic
    assert "weakest component: 'db'" in message and found[0].element_id == "db"
    assert "Multi-AZ tier (99.95%)" in found[0].fix


def test_no_target_no_finding() -> None:
    assert not findings("users: users\nweb: ec2\ndb: rds\nusers -> web -> db")


@pytest.mark.parametrize(("attrs", "expected"), [
    ("count = 1", 0.995),
    ("count = 2, azs = 2", 0.9999),
    ("count = 4, azs = 1", 0.995),       # copies in one AZ share its fate
    ("count = 4", 0.995),                # AZs not declared: no multi-AZ credit
])
def test_ec2_tiers(attrs: str, expected: float) -> None:
    assert weakest(f"u: users\nweb: ec2 {{ {attrs} }}\nu -> web") == pytest.approx(expected)


def test_asg_group_spread_gives_multi_az() -> None:
    text = "u: users\nlb: alb\nasg fleet { azs = 2\n web: ec2 { count = 2 } }\nu -> lb -> fleet"
    assert weakest(text) == pytest.approx(0.9999 * 0.9999)


@pytest.mark.parametrize(("node", "expected"), [
    ("db: rds { multi_az = true }", 0.9995),
    ("db: rds", 0.995),
    ("db: aurora { replicas = 1 }", 0.9999),
    ("db: aurora { replicas = 0 }", 0.999),
    ("db: aurora { replicas = 2, azs = 1 }", 0.999),
    ("db: dynamodb", 0.9999),
    ("db: dynamodb { regions = 2 }", 0.99999),
    ("db: s3", 0.999),
    ("db: s3 { type = standard_ia }", 0.99),
    ("db: efs { type = one_zone }", 0.999),
    ("db: elasticache { multi_az = true }", 0.9999),
    ("db: elasticache", 0.995),
])
def test_store_tiers(node: str, expected: float) -> None:
    assert weakest(f"u: users\n{node}\nu -> db") == pytest.approx(expected)


def test_load_balancer_single_az() -> None:
    assert weakest("u: users\nlb: nlb { azs = 1 }\nu -> lb") == pytest.approx(0.999)


def test_parallel_copies_without_multi_az_tier() -> None:
    # two VPN connections over two AZs: 1 - (1 - 0.9995)^2
    text = "dc: onprem\nvpn: vpn { count = 2, azs = 2 }\ntgw: transitgateway\ndc -> vpn -> tgw"
    assert weakest(text) == pytest.approx((1 - 0.0005 ** 2) * 0.9999)
    # a stateless service in two Regions
    assert weakest("u: users\nfn: lambda { regions = 2 }\nu -> fn") == pytest.approx(
        1 - 0.0005 ** 2)


def test_regional_stacks_in_parallel() -> None:
    text = """
    availability = 99.99%
    users: users
    dns: route53 { routing = failover }
    region a { lb_a: alb
               web_a: ec2 { count = 2, azs = 2 }
               db_a: aurora { replicas = 1 } }
    region b { lb_b: alb
               web_b: ec2 { count = 2, azs = 2 }
               db_b: aurora { replicas = 1 } }
    users -> dns -> [lb_a, lb_b]
    lb_a -> web_a -> db_a
    lb_b -> web_b -> db_b
    """
    stack = 0.9999 ** 3
    assert weakest(text) == pytest.approx(1 - (1 - stack) ** 2)
    assert not findings(text)
    # the same targets in one Region are two separate paths, not redundancy
    single = text.replace("region b {", "group b {")
    assert weakest(single) == pytest.approx(stack)
    assert findings(single)


def test_weakest_of_branches_is_taken() -> None:
    text = """
    u: users
    lb: alb
    web: ec2 { count = 2, azs = 2 }
    good: rds { multi_az = true }
    bad: rds
    u -> lb -> web -> [good, bad]
    """
    assert weakest(text) == pytest.approx(0.9999 * 0.9999 * 0.995)


def test_async_edges_and_queues_end_the_request_path() -> None:
    text = """
    availability = 99.8%
    u: users
    api: apigateway
    fn: lambda
    q: sqs
    worker: ec2
    db: rds
    u -> api -> fn -> q -> worker -> db
    fn -> db { async = true }
    """
    assert weakest(text) == pytest.approx(0.9995 * 0.9995 * 0.999)
    assert not findings(text)


def test_cycles_are_condensed() -> None:
    text = """
    u: users
    a: ecs { count = 2, azs = 2 }
    b: ecs { count = 2, azs = 2 }
    db: dynamodb
    u -> a -> b -> a
    b -> db
    """
    assert weakest(text) == pytest.approx(0.9999 * 0.9999 * 0.9999)


def test_unknown_sla_counts_as_100_and_is_listed_until_given() -> None:
    text = """
    availability = 99.95%
    u: users
    web: ec2 { count = 2, azs = 2 }
    nat: natgateway
    s3: s3
    u -> web -> nat -> s3
    """
    found = findings(text)
    assert found and "nat (natgateway)" in detail(found[0])
    assert weakest(text) == pytest.approx(0.9999 * 0.999)
    assert weakest(text, natgateway=99.0) == pytest.approx(0.9999 * 0.99 * 0.999)
    found = findings(text, sla={"natgateway": 99.0})
    assert found and "weakest component: 'nat'" in found[0].message
    assert findings(text.replace("99.95%", "99.8%"), sla={"natgateway": "99.9%"})
    assert not findings(text.replace("99.95%", "99.8%"))


def test_entries_fall_back_to_nodes_that_only_send() -> None:
    text = "availability = 99.99%\nweb: ec2\ndb: rds\nweb -> db"
    found = findings(text)
    assert found and "web -> db" in detail(found[0])


def test_no_enumeration_of_paths() -> None:
    """A ladder of 300 diamonds has 2^300 paths; the DP visits each vertex once."""
    lines = ["availability = 99%", "u: users", "n0: alb"]
    edges = ["u -> n0"]
    for i in range(300):
        lines += [f"a{i}: lambda", f"b{i}: ecs {{ count = 2, azs = 2 }}", f"n{i + 1}: alb"]
        edges += [f"n{i} -> [a{i}, b{i}]", f"a{i} -> n{i + 1}", f"b{i} -> n{i + 1}"]
    text = "\n".join(lines + edges)
    expected = 0.9999 ** 301 * 0.9995 ** 300
    assert weakest(text) == pytest.approx(expected)


def test_every_table_row_has_source_and_kinds_map_once() -> None:
    for sla in SLAS:
        assert sla.url.startswith("https://aws.amazon.com/")
        assert all(0 < t.percent <= 100 for t in sla.tiers)
        assert not sla.updated or all(t.confirmed for t in sla.tiers[:1])
    assert SLA_BY_KIND["rds"].service == "Amazon RDS"
    assert "natgateway" not in SLA_BY_KIND


def test_external_and_group_doors_are_outside_the_budget() -> None:
    assert figure(None, {}).value == 1.0


def test_explain_documents_the_model() -> None:
    result = CliRunner().invoke(main, ["explain", "AVL001"])
    assert result.exit_code == 0
    for phrase in ("credits, not guarantees", "1 - (1 - a)^N", "Limits", "sla"):
        assert phrase in result.output


def test_long_paths_keep_the_message_short_and_the_product_exact() -> None:
    lines = ["availability = 99.9%", "u: users"]
    chain = ["u"]
    for i in range(40):
        lines.append(f"f{i}: lambda")
        chain.append(f"f{i}")
    lines.append(" -> ".join(chain))
    found = findings("\n".join(lines))
    assert len(found) == 1
    message = detail(found[0])
    assert "... (30 more)" in message and "31 more components" in message
    assert len(message) < 1500
    assert f"= {pct(0.9995 ** 40)}" in message


def test_weakest_component_found_inside_parallel_stacks() -> None:
    text = """
    availability = 99.999%
    users: users
    dns: route53
    region a { web_a: ec2
               db_a: dynamodb }
    region b { web_b: ec2
               db_b: dynamodb }
    users -> dns -> [web_a, web_b]
    web_a -> db_a
    web_b -> db_b
    """
    found = findings(text)
    assert found and "parallel Regions" in detail(found[0])
    assert found[0].element_id in ("web_a", "web_b")


TIES = """
availability = 99.99%
u: users
lb: alb
api: apigateway
fn: lambda
u -> lb -> [fn, api]
"""


def _solved(text: str, *, condensed: bool) -> tuple:
    """Everything the rule reads from a solved budget, by the acyclic pass or (forced)
    by Tarjan's condensation."""
    graph, errors = parse_document(Document("<t>", text))
    assert graph is not None and not errors, errors
    budget = Budget(graph, {})
    if condensed:
        budget._components()
        budget._solve_condensed()
    else:
        assert budget._solve_acyclic(), "the document was meant to have no cycle"
    found = budget.weakest()
    assert found is not None
    return (budget.comp, list(budget.members), budget.best, budget.choice, budget.fig, found,
            budget.path(found[1]))


@pytest.mark.parametrize("text", [
    THREE_TIER.format(target="99.9%", multi_az="false"),
    """
    users: users
    dns: route53
    region a { web_a: ec2
               db_a: dynamodb }
    region b { web_b: ec2 { count = 2, azs = 2 }
               db_b: dynamodb }
    users -> dns -> [web_a, web_b]
    web_a -> [db_a, db_b]
    web_b -> db_b
    """,
    "\n".join(["u: users", "n0: alb", "u -> n0"]
              + [f"a{i}: lambda\nb{i}: ecs\nn{i + 1}: alb\nn{i} -> [a{i}, b{i}]\n"
                 f"a{i} -> n{i + 1}\nb{i} -> n{i + 1}" for i in range(30)]),
    TIES,
])
def test_acyclic_pass_solves_as_the_condensation_does(text: str) -> None:
    """Without cycles each vertex is its own component, numbered as Tarjan numbers
    it; the figures, weakest products, choices (ties included) and path agree. And
    where a vertex's targets are each of a kind of their own, the shortcut picks
    what the general options would (the first weakest)."""
    assert _solved(text, condensed=False) == _solved(text, condensed=True)
    graph, _ = parse_document(Document("<t>", text))
    budget = Budget(graph, {})
    budget.solve()
    shortcuts = 0
    for c, group in enumerate(budget.members):
        way = budget._one_per_kind(c, group[0])
        if way is not None:
            shortcuts += 1
            assert way == min(budget._options(c, group), key=lambda option: option[0])
    assert shortcuts



def test_ties_go_to_the_first_target_written() -> None:
    """Lambda and API Gateway both publish 99.95%: the path goes through the one
    declared first, whatever the order in the edge."""
    found = findings(TIES)
    assert found and found[0].properties["path"] == "u -> lb -> api"


def test_a_cycle_hands_over_to_the_condensation() -> None:
    text = "u: users\na: ecs\nb: ecs\ndb: dynamodb\nu -> a -> b -> a\nb -> db"
    graph, _ = parse_document(Document("<t>", text))
    budget = Budget(graph, {})
    assert not budget._solve_acyclic()
    budget = Budget(graph, {})
    budget.solve()
    assert len({budget.comp[budget.flow.index[v]] for v in ("a", "b")}) == 1


@pytest.mark.parametrize("sla", [sla for sla in SLAS if sla.kinds])
def test_kinds_with_one_tier_need_no_attribute_read(sla) -> None:  # type: ignore[no-untyped-def]
    """`_plan` gives every component of a kind outside `_TIER_READ` the SLA's first
    tier without asking `_tier_name`: whatever is written, that is its answer."""
    from archlint.checks.availability._sla import _TIER_READ, _tier_name

    for kind in sla.kinds:
        if kind in _TIER_READ:
            continue
        for attrs in ("", "count = 3, azs = 2", "azs = 1", "multi_az = true, replicas = 2",
                      "type = serverless", "regions = 2", 'engine = "memcached"'):
            graph, _ = parse_document(Document("<t>", f"x: {kind} {{ {attrs} }}"))
            element = graph.nodes["x"]
            for n, azs in ((1, None), (2, 2), (3, 1)):
                assert _tier_name(element, sla, n, azs) == sla.tiers[0].name
