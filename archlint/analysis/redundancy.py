"""The redundancy policy: does a component survive the loss of one instance or AZ?

One home for what "redundant" means, read by REL001 (a dominator that is not
redundant is a single point of failure) and by the rules that leave such
components to REL001. Services AWS runs across AZs (`managed_ha` kinds) and
things outside AWS are redundant by definition; the rest are judged by kind.
"""

from __future__ import annotations

from typing import NamedTuple

from archlint.analysis.placement import copies, placement
from archlint.analysis.replicas import REPLICA_KINDS, primary_of
from archlint.model.graph import Element
from archlint.model.cluster_facts import Redundancy
from archlint.model.kinds import KINDS, has_trait
from archlint.model.readers import word



class Verdict(NamedTuple):
    """Why a component is not redundant, and what would make it so (a named tuple:
    made for every component REL001 reports, 3x faster than a frozen dataclass)."""

    reason: str
    fix: str


# Kinds whose redundancy is not "more copies behind a load balancer".
_KIND_FIXES: dict[str, str] = {
    "natgateway": "give each AZ its own NAT gateway (private subnets route to the one in "
                  "their AZ), or use a regional NAT gateway (type = regional)",
    "vpn": "add a second VPN connection (two tunnels on different devices), or back it with "
           "Direct Connect",
    "directconnect": "add a second Direct Connect connection at another location, or a "
                     "Site-to-Site VPN as backup",
}


# What one copy of a kind is, when "1 instance" is the wrong word for it.
_ONE_COPY: dict[str, str] = {
    "natgateway": "a zonal NAT gateway lives in one AZ",
}


def _spread_fix(element: Element) -> str:
    if element.kind in _KIND_FIXES:
        return _KIND_FIXES[element.kind]
    return (f"run at least 2 copies of '{element.id}' across at least 2 AZs (count = 2, "
            "azs = 2, e.g. an Auto Scaling group over 2 AZs) behind a load balancer")


def assess(element: Element) -> Verdict | None:
    """None if the component survives the loss of one instance or one AZ."""
    kind = KINDS.get(element.kind)
    if kind is None or kind.managed_ha or kind.category == "external":
        return None   # outside AWS (users, a payment provider): its own SLA, not our copies
    if kind.redundancy is not None:
        return _managed_cluster(element, kind.redundancy)
    if element.kind in REPLICA_KINDS and primary_of(element) is not None:
        return None   # a read replica: its primary's redundancy is what is judged (REL006)
    multi_az = element.get("multi_az")
    if multi_az is True and "multi_az_option" in kind.traits:
        return None
    if element.kind == "rds":
        said = "multi_az = false" if multi_az is False else "multi_az is not set"
        replicas = element.get("read_replicas")
        if isinstance(replicas, int) and replicas > 0:
            said += f" (its {replicas} read replicas are not an automatic failover target)"
        return Verdict(f"a single-AZ DB instance, {said}",
                       f"set multi_az = true on '{element.id}': a standby in another AZ "
                       "with automatic failover")
    if has_trait(element.kind, "replica_cluster"):
        replicas = element.get("replicas")
        where = placement(element)
        if isinstance(replicas, int) and replicas >= 1 and where.azs != 1:
            return None
        if isinstance(replicas, int) and replicas >= 1:
            reason = f"its {replicas} replicas are in the writer's AZ: {where.source}"
        else:
            reason = "no replicas: the writer is the only instance"
        return Verdict(reason, f"add a replica of '{element.id}' in another AZ (replicas = 1): "
                               "it is promoted automatically if the writer fails")
    if element.kind == "elasticache" and word(element.get("type")) == "serverless":
        return None  # ElastiCache Serverless replicates across AZs by itself
    if element.kind == "elasticache" and word(element.get("engine")) == "memcached":
        return _spread(element)  # Memcached has no Multi-AZ: nodes over AZs are the redundancy
    if element.kind in ("elasticache", "memorydb"):
        said = "multi_az = false" if multi_az is False else "multi_az is not set"
        return Verdict(said, f"enable Multi-AZ on '{element.id}' with at least one replica in "
                             "another AZ (multi_az = true) for automatic failover")
    if element.kind == "ebs":
        return Verdict("an EBS volume lives in one AZ",
                       "keep shared state in EFS or S3 (both Regional), or replicate it")
    if element.kind == "natgateway" and word(element.get("type")) == "regional":
        return None  # a regional NAT gateway spans the VPC's AZs
    return _spread(element)


_UNITS = {"ecs": "task", "eks": "worker node"}


def _managed_cluster(element: Element, facts: Redundancy) -> Verdict | None:
    """A managed cluster judged by what AWS runs for it (archlint/model/cluster_facts.py)."""
    if facts.judged == "spread":
        return None
    if facts.judged == "multi_az":
        if element.get("multi_az") is True:
            return None
        said = "multi_az = false" if element.get("multi_az") is False else "multi_az is not set"
        return Verdict(f"{facts.aws_runs}, and {said}",
                       f"enable Multi-AZ on '{element.id}' (multi_az = true)")
    verdict = _spread(element)
    if verdict is None:
        return None
    if facts.judged == "one_az":
        return Verdict(f"{facts.aws_runs}: {verdict.reason.replace('1 instance', '1 cluster')}",
                       f"keep its data in S3 so that a new cluster in another AZ can take over, "
                       f"or run '{element.id}' as 2 clusters in 2 AZs (count = 2, azs = 2)")
    unit = _UNITS.get(element.kind, "instance")
    reason = verdict.reason.replace("1 instance", f"1 {unit}")
    return Verdict(f"{reason} ({facts.aws_runs})",
                   f"run at least 2 {unit}s of '{element.id}' across at least 2 AZs "
                   "(count = 2, azs = 2)")


def _spread(element: Element) -> Verdict | None:
    """None if the copies are 2 or more over 2 or more AZs (or the kind needs no AZs)."""
    n = copies(element)
    where = placement(element)
    azs = where.azs
    if n >= 2 and has_trait(element.kind, "connection"):
        return None  # redundant connections are not placed in AZs
    if azs is not None and azs >= 2 and has_trait(element.kind, "multi_subnet"):
        return None  # one endpoint, with a network interface in each AZ
    if n >= 2 and azs is not None and azs >= 2:
        return None
    if n < 2:
        one = _ONE_COPY.get(element.kind, "1 instance")
        reason = one + (f", {where.source}" if azs == 1 else "")
        return Verdict(reason, _spread_fix(element))
    if azs is None:
        return Verdict(f"count {n} but its AZs are not declared",
                       f"spread the {n} copies of '{element.id}' over at least 2 AZs and say so "
                       "(azs = 2)")
    return Verdict(f"count {n} but all in {azs} AZ: {where.source}",
                   f"spread the {n} copies of '{element.id}' over at least 2 AZs (azs = 2)")




def is_rds_cluster(db: Element) -> bool:
    """A Multi-AZ DB *cluster* (`type = cluster`): one writer, two readable standbys."""
    return word(db.get("type")) in ("cluster", "multi_az_cluster")
