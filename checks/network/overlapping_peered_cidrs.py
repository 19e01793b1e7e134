"""NET004 overlapping-peered-cidrs: Peered VPCs with overlapping CIDR blocks."""

from __future__ import annotations

import ipaddress
from typing import Iterator

from archlint.analysis.peering import is_vpc
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.registry import RuleContext, rule


PEERING_SOURCE = (
    "https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/vpc-peering.html"
)


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
        a, b = edge.source_element, edge.target_element
        if not (is_vpc(a) and is_vpc(b)) or a is b:
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
