"""NET006 interface-endpoints-per-vpc: More interface endpoints in a VPC than the quota."""

from __future__ import annotations

from typing import Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Element, Graph, Group
from archlint.model.readers import word
from archlint.registry import Option, RuleContext, rule


ENDPOINT_SOURCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"
ENDPOINTS_PER_VPC = 50        # interface + Gateway Load Balancer endpoints per VPC, adjustable


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
