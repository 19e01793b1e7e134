"""The redundancy policy: does a component survive the loss of one instance or AZ?

One home for what "redundant" means, read by REL001 (a dominator that is not
redundant is a single point of failure) and by the rules that leave such
components to REL001. Services AWS runs across AZs (`managed_ha` kinds) and
things outside AWS are redundant by definition; the rest are judged by kind.
"""

from __future__ import annotations

from functools import partial
from typing import Callable, Mapping, NamedTuple

from archlint.analysis.placement import copies, placement
from archlint.analysis.replicas import REPLICA_KINDS, primary_of
from archlint.model.graph import Element
from archlint.model.cluster_facts import Redundancy
from archlint.model.kinds import KINDS, Kind, kinds_with
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


def assess(element: Element) -> Verdict | None:
    """None if the component survives the loss of one instance or one AZ."""
    judged = JUDGES[element.kind](element)
    return None if judged is None else Verdict(*judged)


Judged = tuple[str, str]   # a Verdict's reason and fix, as a judge gives them
Judge = Callable[[Element], "Judged | None"]


class _Judges(dict):
    """Kind name -> the function that judges its components, worked out on first use
    (`_judge_for`): None, or the reason and fix of `assess`'s Verdict as a plain
    tuple. REL001 judges every component the flow reaches (50,000 on the bench's
    node graph): most kinds need only their copies and AZs read, not every test of
    every kind, and a caller judging that many reads the judge from here (and
    makes no named tuple it does not keep)."""

    def __missing__(self, name: str) -> Judge:
        judge = _judge_for(name)
        if name in KINDS:   # an unknown name is not kept: nothing bounds them
            self[name] = judge
        return judge


JUDGES: Mapping[str, Judge] = _Judges()


# Kinds with tests of their own (`_judged_by_kind`); any other kind outside the managed
# ones is judged by its copies and AZs alone (`_spread`).
_OWN_TESTS = frozenset({*REPLICA_KINDS, "rds", "elasticache", "memorydb", "ebs", "natgateway"})
_CONNECTIONS = frozenset(kinds_with("connection"))      # links: no AZ, copies suffice
_MULTI_SUBNET = frozenset(kinds_with("multi_subnet"))   # one endpoint over several AZs


def _redundant(element: Element) -> None:
    """Run across AZs by AWS, or outside AWS (users, a payment provider): its own SLA,
    not our copies."""
    return None


def _judge_for(name: str) -> Judge:
    """The judge of a kind, from its row of the kinds table (an unknown name is
    redundant: nothing to judge it by)."""
    kind = KINDS.get(name)
    if kind is None:
        return _redundant
    facts = kind.redundancy
    if kind.managed_ha or kind.category == "external" or (facts and facts.judged == "spread"):
        return _redundant
    # partials with positional arguments only: keywords cost a dict on every call
    if facts is not None and facts.judged == "multi_az":
        return partial(_multi_az_cluster, facts)
    if facts is not None and facts.judged == "one_az":
        return partial(_one_az_cluster, facts)
    if facts is not None:
        unit = _UNITS.get(name, "instance")
        return partial(_node_cluster, unit, f"1 {unit}", f" ({facts.aws_runs})")
    if name in _OWN_TESTS or kind.traits & {"multi_az_option", "replica_cluster"}:
        return partial(_judged_by_kind, kind)
    return _spread


def _judged_by_kind(kind: Kind, element: Element) -> Judged | None:
    """Databases, caches, volumes and NAT gateways: each kind's own redundancy.
    Attributes are read only where written (REL001 asks this of every database)."""
    attrs = element.attrs
    if "replica_of" in attrs and element.kind in REPLICA_KINDS \
            and primary_of(element) is not None:
        return None   # a read replica (rds, aurora): its primary is what is judged (REL006)
    multi_az = element.get("multi_az") if "multi_az" in attrs else None
    if multi_az is True and "multi_az_option" in kind.traits:
        return None
    if element.kind == "rds":
        said = "multi_az = false" if multi_az is False else "multi_az is not set"
        if "read_replicas" in attrs and isinstance(replicas := element.get("read_replicas"), int) \
                and replicas > 0:
            said += f" (its {replicas} read replicas are not an automatic failover target)"
        return (f"a single-AZ DB instance, {said}",
                f"set multi_az = true on '{element.id}': a standby in another AZ "
                "with automatic failover")
    if "replica_cluster" in kind.traits:
        replicas = element.get("replicas")
        where = placement(element)
        if isinstance(replicas, int) and replicas >= 1 and where.azs != 1:
            return None
        if isinstance(replicas, int) and replicas >= 1:
            reason = f"its {replicas} replicas are in the writer's AZ: {where.source}"
        else:
            reason = "no replicas: the writer is the only instance"
        return (reason, f"add a replica of '{element.id}' in another AZ (replicas = 1): "
                        "it is promoted automatically if the writer fails")
    if element.kind == "elasticache" and word(element.get("type")) == "serverless":
        return None  # ElastiCache Serverless replicates across AZs by itself
    if element.kind == "elasticache" and word(element.get("engine")) == "memcached":
        return _spread(element)  # Memcached has no Multi-AZ: nodes over AZs are the redundancy
    if element.kind in ("elasticache", "memorydb"):
        said = "multi_az = false" if multi_az is False else "multi_az is not set"
        return (said, f"enable Multi-AZ on '{element.id}' with at least one replica in "
                      "another AZ (multi_az = true) for automatic failover")
    if element.kind == "ebs":
        return ("an EBS volume lives in one AZ",
                "keep shared state in EFS or S3 (both Regional), or replicate it")
    if element.kind == "natgateway" and word(element.get("type")) == "regional":
        return None  # a regional NAT gateway spans the VPC's AZs
    return _spread(element)


_UNITS = {"ecs": "task", "eks": "worker node"}


def _multi_az_cluster(facts: Redundancy, element: Element) -> Judged | None:
    """A managed cluster in one AZ unless `multi_az = true` (cluster_facts.py)."""
    if element.get("multi_az") is True:
        return None
    said = "multi_az = false" if element.get("multi_az") is False else "multi_az is not set"
    return (f"{facts.aws_runs}, and {said}",
            f"enable Multi-AZ on '{element.id}' (multi_az = true)")


def _one_az_cluster(facts: Redundancy, element: Element) -> Judged | None:
    """A managed cluster AWS always runs in one AZ: only several clusters survive one."""
    gap = _gap(element)
    if gap is None:
        return None
    return (f"{facts.aws_runs}: {gap[0].replace('1 instance', '1 cluster')}",
            f"keep its data in S3 so that a new cluster in another AZ can take over, "
            f"or run '{element.id}' as 2 clusters in 2 AZs (count = 2, azs = 2)")


def _node_cluster(unit: str, one: str, runs: str, element: Element) -> Judged | None:
    """A managed cluster judged by what runs on it (ECS tasks, EKS worker nodes)."""
    gap = _gap(element)
    if gap is None:
        return None
    return (gap[0].replace("1 instance", one) + runs,
            f"run at least 2 {unit}s of '{element.id}' across at least 2 AZs "
            "(count = 2, azs = 2)")


def _spread(element: Element) -> Judged | None:
    """None if the copies are 2 or more over 2 or more AZs (or the kind needs no AZs)."""
    gap = _gap(element)
    if gap is None:
        return None
    reason, n, azs = gap
    if n < 2:
        fix = _KIND_FIXES.get(element.kind) or (
            f"run at least 2 copies of '{element.id}' across at least 2 AZs (count = 2, "
            "azs = 2, e.g. an Auto Scaling group over 2 AZs) behind a load balancer")
    elif azs is None:
        fix = (f"spread the {n} copies of '{element.id}' over at least 2 AZs and say so "
               "(azs = 2)")
    else:
        fix = f"spread the {n} copies of '{element.id}' over at least 2 AZs (azs = 2)"
    return (reason, fix)


def _gap(element: Element) -> tuple[str, int, int | None] | None:
    """Why the copies of `element` do not survive the loss of one AZ, with their
    count and AZs (for the fix); None if they do. The reason alone: a managed
    cluster words its own fix."""
    n = copies(element)
    where = placement(element)
    count = where.count   # AZs known, 0 if not written (`azs` would ask `count` again)
    if count >= 2:
        if n >= 2 or element.kind in _MULTI_SUBNET:
            return None   # one endpoint has a network interface in each AZ
    elif n >= 2 and element.kind in _CONNECTIONS:
        return None   # redundant connections are not placed in AZs
    if n < 2:
        one = _ONE_COPY.get(element.kind, "1 instance")
        return one + (f", {where.source}" if count == 1 else ""), n, count or None
    if not count:
        return f"count {n} but its AZs are not declared", n, None
    return f"count {n} but all in {count} AZ: {where.source}", n, count


def is_rds_cluster(db: Element) -> bool:
    """A Multi-AZ DB *cluster* (`type = cluster`): one writer, two readable standbys."""
    return word(db.get("type")) in ("cluster", "multi_az_cluster")
