"""REL003 shared-zonal-nat-gateway: One zonal NAT gateway serving several Availability Zones."""

from __future__ import annotations

from typing import Iterable, Iterator

from archlint.analysis.placement import Placement, zones_of
from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph
from archlint.model.kinds import has_trait
from archlint.model.readers import word
from archlint.registry import RuleContext, rule


NAT_SOURCE = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html"


def _nat_clients(graph: Graph, nat: Element) -> Iterable[Element]:
    """What sends traffic out through a NAT gateway: sources of edges into it, and the
    other ends of undirected edges (but not the internet gateway it sends to)."""
    for edge in graph.touching(nat.id):
        into = edge.target == nat.id or not edge.directed or edge.bidirectional
        other = graph.element(edge.other_end(nat.id))
        if into and other is not None and not has_trait(other.kind, "internet"):
            yield other


@rule(
    id="REL003",
    name="shared-zonal-nat-gateway",
    title="One zonal NAT gateway serving several Availability Zones",
    severity="warning",
    why="""
        A (zonal) NAT gateway lives in one AZ. When private subnets in other AZs route
        their internet traffic through it, an outage of its AZ cuts egress for all of
        them, defeating the multi-AZ design (and their traffic pays cross-AZ data
        transfer). AWS recommends a NAT gateway in each AZ, with each AZ's private
        subnets routed to their own. A regional NAT gateway (`type = regional`) spans
        AZs by itself and is not reported. Checked against the AWS documentation in
        2026-11 (regional NAT gateways are newer than most notes, which know only zonal
        ones).
    """,
    fix="""
        Create one NAT gateway per AZ and route each AZ's private subnets to the one in
        the same AZ (`nat: natgateway { count = 2, azs = 2 }`), or use a regional NAT
        gateway (`type = regional`).
    """,
    sources=[NAT_SOURCE],
    failing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          az a { subnet public_a { nat: natgateway }  subnet private_a { app_a: ec2 } }
          az b { subnet private_b { app_b: ec2 } }
          igw: internetgateway
        }
        app_a -> nat
        app_b -> nat
        nat -> igw
        """,
    ],
    passing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          az a { subnet public_a { nat_a: natgateway }  subnet private_a { app_a: ec2 } }
          az b { subnet public_b { nat_b: natgateway }  subnet private_b { app_b: ec2 } }
          igw: internetgateway
        }
        app_a -> nat_a -> igw
        app_b -> nat_b -> igw
        """,
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          nat: natgateway { type = regional }
          app: ec2 { count = 4, azs = 2 }
        }
        app -> nat
        """,
    ],
)
def shared_zonal_nat_gateway(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for nat in graph.of_kind("natgateway"):
        if word(nat.get("type")) == "regional":
            continue
        own = zones_of(graph, nat)
        if own.count >= 2 or (nat.count >= 2 and not own.zones):
            continue  # one NAT gateway per AZ, as declared
        served = Placement()
        for client in _nat_clients(graph, nat):
            served = served | zones_of(graph, client, deep=True)
        home = own.single_zone
        foreign = sorted(served.zones - own.zones) if home else []
        if served.count < 2 and not foreign:
            continue
        where = f" in AZ {home}" if home else ""
        detail = (f"resources in AZ {', '.join(foreign)} depend on it"
                  if foreign else f"it serves {served.describe()}")
        yield ctx.finding(
            nat, f"NAT gateway '{nat.id}' is zonal{where} but {detail}: if its AZ fails, "
            "private subnets in the other AZs lose internet egress")
