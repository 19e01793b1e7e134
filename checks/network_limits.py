"""Network limits: peered CIDRs, Transit Gateway and endpoint quotas, load balancer layers.

A peering connection is an edge whose two ends are `vpc` groups; a Transit Gateway
attachment is an edge between a `transitgateway` node and a VPC (or a node inside
one), a VPN, a Direct Connect connection or another transit gateway. `count` on a
VPC, or on any group around it, multiplies: `account team { count = 50  vpc app
{ count = 4 } }` attached once is 200 attachments.
"""

from __future__ import annotations

import ipaddress
from typing import Iterator

from archlint.checks._attrs import word
from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph, Group
from archlint.registry import Option, RuleContext, rule

PEERING_SOURCE = (
    "https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/vpc-peering.html"
)
TGW_SOURCE = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html"
ENDPOINT_SOURCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"
ALB_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html"
)
NLB_SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html"
)

TGW_ATTACHMENTS_MAX = 5_000   # per transit gateway, hard
TGWS_PER_VPC_MAX = 5          # transit gateways one VPC may attach to, hard
ENDPOINTS_PER_VPC = 50        # interface + Gateway Load Balancer endpoints per VPC, adjustable

ALB_PROTOCOLS = frozenset({"http", "https"})
LAYER4_PROTOCOLS = frozenset({"tcp", "udp", "tls", "tcp_udp"})
LAYER7_ROUTING = frozenset({"path", "host"})
TGW_PEERS = frozenset({"vpn", "directconnect", "transitgateway"})


def copies(element: Element) -> int:
    """How many real copies one line stands for: its own `count` times its groups'."""
    total = element.count
    for group in element.ancestors():
        total *= group.count
    return total


def other_end(edge: Edge, element_id: str) -> str:
    return edge.target if edge.source == element_id else edge.source


def touching(graph: Graph, element_id: str) -> Iterator[Edge]:
    """Every edge with `element_id` at either end, each once."""
    yield from graph.out_edges(element_id)
    yield from (e for e in graph.in_edges(element_id) if e.source != element_id)


# -- NET004 -------------------------------------------------------------------

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_cidr(text: str) -> tuple[Network | None, str]:
    """The network, or None and why not (with the corrected block if only host bits are wrong)."""
    text = text.strip()
    if "/" not in text:
        return None, "no prefix length, e.g. /16"
    parse = ipaddress.IPv6Network if ":" in text else ipaddress.IPv4Network
    try:
        return parse(text, strict=True), ""
    except ValueError as problem:
        try:
            loose = parse(text, strict=False)
        except ValueError:
            return None, str(problem)
        return None, f"host bits are set; the block is {loose}"


@rule(
    id="NET004",
    name="overlapping-peered-cidrs",
    title="Peered VPCs with overlapping CIDR blocks",
    severity="error",
    why="""
        AWS cannot create a VPC peering connection between VPCs whose IPv4 (or IPv6) CIDR
        blocks match or overlap: a route table could not tell the local network from the
        peer's. This is a hard rule, not a quota. Plan non-overlapping address space
        (an IPAM pool) before VPCs are peered. A `cidr` that is not a valid CIDR block
        (e.g. "10.0.0.0/33", or host bits set as in "10.0.0.1/16") is reported too,
        because nothing can be checked against it. Checked against the AWS documentation
        in 2026-11.
    """,
    fix="""
        Give the VPCs non-overlapping CIDR blocks (e.g. 10.0.0.0/16 and 10.1.0.0/16). If
        the address space cannot change, expose the service through AWS PrivateLink
        (an NLB and interface endpoints), which does not need distinct CIDRs.
    """,
    sources=[PEERING_SOURCE],
    failing=[
        """
        vpc prod { cidr = "10.0.0.0/16" }
        vpc shared { cidr = "10.0.128.0/20" }
        prod <-> shared : "peering"
        """,
        """
        vpc prod { cidr = "10.0.0.0/33" }
        vpc shared { cidr = "10.1.0.0/16" }
        prod <-> shared
        """,
    ],
    passing=[
        """
        vpc prod { cidr = "10.0.0.0/16" }
        vpc shared { cidr = "10.1.0.0/16" }
        prod <-> shared : "peering"
        """,
    ],
)
def overlapping_peered_cidrs(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    networks: dict[str, Network | None] = {}
    for element in graph.elements():
        text = element.get("cidr")
        if not isinstance(text, str):
            continue
        network, problem = _parse_cidr(text)
        networks[element.id] = network
        if network is None:
            yield ctx.finding(
                element, f"'{element.id}' has cidr \"{text}\", which is not a valid CIDR "
                f"block ({problem})", span=element.attr_span("cidr"),
                fix="Write the block as an address and prefix length, e.g. \"10.0.0.0/16\".")
    seen: set[frozenset[str]] = set()
    for edge in graph.edges:
        a, b = graph.groups.get(edge.source), graph.groups.get(edge.target)
        if a is None or b is None or a.kind != "vpc" or b.kind != "vpc" or a is b:
            continue
        pair = frozenset((a.id, b.id))
        if pair in seen:
            continue
        seen.add(pair)
        na, nb = networks.get(a.id), networks.get(b.id)
        if na is None or nb is None or na.version != nb.version or not na.overlaps(nb):
            continue
        shared = na if na.prefixlen >= nb.prefixlen else nb
        yield ctx.finding(
            edge, f"peered VPCs '{a.id}' ({na}) and '{b.id}' ({nb}) overlap in {shared}: "
            "AWS cannot peer VPCs with overlapping CIDR blocks")


# -- NET005 -------------------------------------------------------------------


def _attachments(graph: Graph, tgw: Element) -> dict[str, tuple[Element, int]]:
    """What a transit gateway attaches, keyed by id: VPCs (one attachment each, however
    many edges reach it), VPNs, Direct Connect and peer transit gateways, with copies."""
    attached: dict[str, tuple[Element, int]] = {}
    for edge in touching(graph, tgw.id):
        other = graph.element(other_end(edge, tgw.id))
        if other is None or other is tgw:
            continue
        if isinstance(other, Group) and other.kind == "vpc":
            vpc: Element | None = other
        elif other.kind in TGW_PEERS:
            vpc = None
            attached.setdefault(other.id, (other, copies(other)))
            continue
        else:
            vpc = other.enclosing("vpc")
        if vpc is not None:
            attached.setdefault(vpc.id, (vpc, copies(vpc)))
    return attached


@rule(
    id="NET005",
    name="transit-gateway-attachments",
    title="Transit Gateway over 5,000 attachments, or a VPC on more than 5 transit gateways",
    severity="error",
    why="""
        A transit gateway takes at most 5,000 attachments (VPCs, VPNs, Direct Connect
        gateways, peerings), and one VPC can attach to at most 5 transit gateways. Both
        are hard limits that AWS does not raise. A VPC attaches to a given transit gateway
        once (one attachment per VPC per transit gateway), so several edges between the
        same pair count once; `count` on the VPC or its enclosing groups multiplies.
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Split the VPCs over several transit gateways (peered with each other, or one per
        Region or business unit) or use AWS Cloud WAN; for a VPC on too many transit
        gateways, route through fewer hubs.
    """,
    sources=[TGW_SOURCE],
    failing=[
        """
        hub: transitgateway "Organisation hub"
        account teams { count = 60  vpc app { count = 90 } }
        app <-> hub : "attachment"
        """,
        """
        vpc prod { cidr = "10.0.0.0/16" }
        tgw1: transitgateway
        tgw2: transitgateway
        tgw3: transitgateway
        tgw4: transitgateway
        tgw5: transitgateway
        tgw6: transitgateway
        prod <-> [tgw1, tgw2, tgw3, tgw4, tgw5, tgw6]
        """,
    ],
    passing=[
        """
        hub: transitgateway "Organisation hub"
        account teams { count = 50  vpc app { count = 100 } }
        app <-> hub : "attachment"
        """,
    ],
)
def transit_gateway_attachments(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    per_vpc: dict[str, tuple[Element, list[Element]]] = {}
    for tgw in graph.of_kind("transitgateway"):
        attached = _attachments(graph, tgw)
        total = sum(n for _, n in attached.values())
        if total > TGW_ATTACHMENTS_MAX:
            yield ctx.finding(
                tgw, f"transit gateway '{tgw.id}' has {total:,} attachments; the maximum is "
                f"{TGW_ATTACHMENTS_MAX:,} per transit gateway (hard limit)")
        for element, _ in attached.values():
            if element.kind == "vpc":
                per_vpc.setdefault(element.id, (element, []))[1].append(tgw)
    for vpc, gateways in per_vpc.values():
        total = sum(copies(g) for g in gateways)
        if total > TGWS_PER_VPC_MAX:
            names = ", ".join(g.id for g in gateways)
            yield ctx.finding(
                vpc, f"VPC '{vpc.id}' attaches to {total} transit gateways ({names}); a VPC "
                f"can attach to at most {TGWS_PER_VPC_MAX} (hard limit)")


# -- NET006 -------------------------------------------------------------------


def _is_interface_endpoint(element: Element) -> bool:
    """Interface and Gateway Load Balancer endpoints count; gateway endpoints (S3,
    DynamoDB) do not."""
    return word(element.get("type")) not in ("gateway", "gateway_endpoint")


@rule(
    id="NET006",
    name="interface-endpoints-per-vpc",
    title="More interface endpoints in a VPC than the quota",
    severity="warning",
    why="""
        A VPC may have 50 interface and Gateway Load Balancer endpoints by default. The
        quota is adjustable, so going over it is a warning: request an increase before
        deploying, or the 51st endpoint fails to create. Gateway endpoints (S3 and
        DynamoDB, `type = gateway`) do not count. `count` on an endpoint counts as that
        many endpoints; set the option `quota` to the value approved for your account.
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Request a quota increase, or share endpoints: centralise interface endpoints in a
        shared-services VPC reached through a transit gateway, with Route 53 private
        hosted zones, instead of repeating them in every VPC.
    """,
    sources=[ENDPOINT_SOURCE],
    options=[Option("quota", ENDPOINTS_PER_VPC,
                    "interface + Gateway Load Balancer endpoints allowed per VPC")],
    failing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          endpoints: vpcendpoint "Service endpoints" { count = 51 }
        }
        """,
    ],
    passing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          endpoints: vpcendpoint "Service endpoints" { count = 50 }
          s3_gateway: vpcendpoint "S3 gateway endpoint" { type = gateway }
        }
        """,
    ],
)
def interface_endpoints_per_vpc(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    quota = int(ctx.options["quota"])
    per_vpc: dict[str, tuple[Group, int]] = {}
    for endpoint in graph.of_kind("vpcendpoint"):
        vpc = endpoint.enclosing("vpc")
        if vpc is None or not _is_interface_endpoint(endpoint):
            continue
        # Groups between the endpoint and its VPC multiply (e.g. `subnet { count = 2 }`).
        total = endpoint.count
        for group in endpoint.ancestors():
            if group is vpc:
                break
            total *= group.count
        held = per_vpc.get(vpc.id, (vpc, 0))[1]
        per_vpc[vpc.id] = (vpc, held + total)
    for vpc, total in per_vpc.values():
        if total > quota:
            yield ctx.finding(
                vpc, f"VPC '{vpc.id}' has {total} interface endpoints; the quota is {quota} "
                "interface + Gateway Load Balancer endpoints per VPC (adjustable)")


# -- NET007 / NET008 ----------------------------------------------------------


@rule(
    id="NET007",
    name="alb-non-http-listener",
    title="TCP, UDP or TLS traffic through an Application Load Balancer",
    severity="error",
    why="""
        An Application Load Balancer works at layer 7: its listeners accept only HTTP and
        HTTPS. Raw TCP, UDP or TLS pass-through (databases, game servers, MQTT, SIP, gRPC
        over plain TCP) cannot go through it; that is the Network Load Balancer's job
        (listeners TCP, TLS, UDP, TCP_UDP). Checked against the AWS documentation in
        2026-11.
    """,
    fix="""
        Put a Network Load Balancer in front of the TCP/UDP service, or speak HTTP(S) to
        the ALB. Both can coexist: an NLB can forward TCP to an ALB target when the
        traffic is HTTP underneath.
    """,
    sources=[ALB_SOURCE, NLB_SOURCE],
    failing=[
        """
        players: users
        lb: alb "Game front door"
        game: ec2 { count = 2, azs = 2 }
        players -> lb : "game traffic" { protocol = udp }
        lb -> game
        """,
    ],
    passing=[
        """
        players: users
        lb: nlb "Game front door"
        web: alb
        game: ec2 { count = 2, azs = 2 }
        players -> lb : "game traffic" { protocol = udp }
        players -> web { protocol = https }
        lb -> game
        """,
    ],
)
def alb_non_http_listener(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for alb in graph.of_kind("alb"):
        protocol = word(alb.get("protocol"))
        if protocol in LAYER4_PROTOCOLS:
            yield ctx.finding(
                alb, f"ALB '{alb.id}' has a {protocol.upper()} listener; an Application Load "
                "Balancer listens on HTTP and HTTPS only", span=alb.attr_span("protocol"))
        for edge in graph.in_edges(alb.id):
            protocol = word(edge.get("protocol"))
            if protocol in LAYER4_PROTOCOLS:
                yield ctx.finding(
                    edge, f"{edge.id} sends {protocol.upper()} to ALB '{alb.id}', which "
                    "accepts HTTP and HTTPS only; use a Network Load Balancer for "
                    f"{protocol.upper()}", span=edge.attr_span("protocol"))


def _layer7_rules(holder: Element | Edge) -> list[str]:
    """The layer-7 routing a node or edge asks for: `routing = path|host`, `path`, `host`."""
    found = []
    routing = word(holder.get("routing"))
    if routing in LAYER7_ROUTING:
        found.append(f"routing = {routing}")
    for name in ("path", "host"):
        if holder.get(name) is not None:
            found.append(f'{name} = "{holder.get(name)}"')
    return found


@rule(
    id="NET008",
    name="nlb-layer7-routing",
    title="Path or host routing asked of a Network Load Balancer",
    severity="warning",
    why="""
        A Network Load Balancer works at layer 4: it forwards TCP, TLS, UDP and TCP_UDP
        connections by port and never reads HTTP, so it cannot route by URL path or host
        name. Routing rules on an NLB (`routing = path` or `host`, or `path`/`host` on
        its edges) describe behaviour it does not have. Checked against the AWS
        documentation in 2026-11.
    """,
    fix="""
        Use an Application Load Balancer for path- or host-based routing (an NLB can
        forward to an ALB target if you also need static IPs), or give each service its
        own NLB listener port.
    """,
    sources=[NLB_SOURCE, ALB_SOURCE],
    failing=[
        """
        clients: users
        lb: nlb { routing = path }
        api: ecs { count = 2, azs = 2 }
        web: ecs { count = 2, azs = 2 }
        clients -> lb
        lb -> api { path = "/api/*" }
        lb -> web { path = "/*" }
        """,
    ],
    passing=[
        """
        clients: users
        lb: alb { routing = path }
        api: ecs { count = 2, azs = 2 }
        web: ecs { count = 2, azs = 2 }
        clients -> lb
        lb -> api { path = "/api/*" }
        lb -> web { path = "/*" }
        """,
    ],
)
def nlb_layer7_routing(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for nlb in graph.of_kind("nlb"):
        asked = _layer7_rules(nlb)
        edges = [e for e in touching(graph, nlb.id) if _layer7_rules(e)]
        if not asked and not edges:
            continue
        # Point at the NLB's own routing attribute if it has one, else at the first edge.
        span = nlb.attr_span("routing") if asked else edges[0].span
        asked += [r for e in edges for r in _layer7_rules(e) if r not in asked]
        yield ctx.finding(
            nlb, f"NLB '{nlb.id}' is asked to route by {', '.join(asked)}; a Network Load "
            "Balancer forwards connections by port and cannot read paths or host names",
            span=span)


RULES = (
    overlapping_peered_cidrs,
    transit_gateway_attachments,
    interface_endpoints_per_vpc,
    alb_non_http_listener,
    nlb_layer7_routing,
)
