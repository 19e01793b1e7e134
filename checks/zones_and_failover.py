"""Availability Zones and failover: zonal dependencies, database standbys and replicas,
Region-level redundancy, DNS failover.

Where a component runs is read from the document, innermost first: its own `zone`
attribute, the `az` group around it, or `azs = N` (spread over N AZs, unnamed). A
`zone` may name an `az` group by id or label (`zone = "eu-west-1a"` matches
`az a "eu-west-1a"`). Components whose placement is not written are never assumed
to be in the wrong place: these rules only report what the document says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator
from weakref import WeakKeyDictionary

from archlint.checks._attrs import word
from archlint.checks.spof import assess, critical_components
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Edge, Element, Graph, Group
from archlint.registry import Option, RuleContext, rule
from archlint.model.values import Percent

NAT_SOURCE = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html"
MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
REPLICA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html"
AURORA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Aurora.Overview.html"
GLOBAL_TABLES_SOURCE = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html"
)
GLOBAL_DATABASE_SOURCE = (
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html"
)
DYNAMODB_SLA = "https://aws.amazon.com/dynamodb/sla/"
AURORA_SLA = "https://aws.amazon.com/rds/aurora/sla/"
RDS_SLA = "https://aws.amazon.com/rds/sla/"
ROUTE53_SOURCE = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "health-checks-how-route-53-chooses-records.html"
)
EBS_SOURCE = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-instance-volume.html"
)
DAX_SOURCE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.consistency.html"

AURORA_REPLICAS_MAX = 15          # per cluster, hard
SINGLE_REGION_SLA = 99.99         # DynamoDB standard tables; Aurora Multi-AZ (percent)
DAX_NODES_MIN = 3                 # AWS recommendation for production
# What an EBS volume attaches to: EC2 instances and services running on them.
EBS_HOSTS = frozenset({"ec2", "ecs", "eks", "batch", "elasticbeanstalk", "emr"})
REPLICA_WORDS = frozenset({"replica", "replicas", "read_replica", "read_replicas"})


def whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# -- where things run ---------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """The AZs an element's copies run in: those named, and at least `spread` of them."""

    zones: frozenset[str] = frozenset()
    spread: int = 0

    @property
    def count(self) -> int:
        """How many distinct AZs are known (0: not written)."""
        return max(len(self.zones), self.spread)

    @property
    def single_zone(self) -> str | None:
        """The one named AZ, if the element is known to be in exactly one."""
        return next(iter(self.zones)) if len(self.zones) == 1 and self.spread <= 1 else None

    def __or__(self, other: "Placement") -> "Placement":
        return Placement(self.zones | other.zones, max(self.spread, other.spread))

    def describe(self) -> str:
        if self.zones and len(self.zones) >= self.spread:
            return ", ".join(sorted(self.zones))
        return f"{self.count} AZs"


class Zones:
    """Answers "which AZs is this in?" for one graph, naming AZs by their `az` group id."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.names: dict[str, str] = {}
        for group in graph.of_kind("az"):
            self.names.setdefault(group.id.lower(), group.id)
            if group.label:
                self.names.setdefault(group.label.lower(), group.id)

    def name(self, value: object) -> str | None:
        text = word(value)
        return None if text is None else self.names.get(text, text)

    def of(self, element: Element) -> Placement:
        """The innermost placement written on the element or the groups around it."""
        for holder in (element, *element.ancestors()):
            zone = self.name(holder.get("zone"))
            if zone is not None:
                return Placement(frozenset({zone}), 1)
            if isinstance(holder, Group) and holder.kind == "az":
                return Placement(frozenset({holder.id}), 1)
            spread = whole(holder.get("azs"))
            if spread is not None:
                return Placement(spread=spread)
        return Placement()

    def deep(self, element: Element) -> Placement:
        """Like `of`, but a group with no placement of its own is where its members are."""
        own = self.of(element)
        if own.count or not isinstance(element, Group):
            return own
        total = Placement()
        for member in self.graph.members(element):
            total = total | self.of(member)
        return total


def touching(graph: Graph, element_id: str) -> Iterator[Edge]:
    """Every edge with `element_id` at either end, each once."""
    yield from graph.out_edges(element_id)
    yield from (e for e in graph.in_edges(element_id) if e.source != element_id)


def other_end(edge: Edge, element_id: str) -> str:
    return edge.target if edge.source == element_id else edge.source


DEFER = Option(
    "defer_to_rel001", True,
    "leave components that REL001 reports as single points of failure to REL001 (one "
    "finding per problem); set false if REL001 is disabled")


def rel001_subjects(graph: Graph, ctx: RuleContext) -> set[str]:
    """Ids of the nodes REL001 reports, when this rule defers to it (else none).

    REL001 already says "single point of failure: a single-AZ DB instance" (or "no
    replicas") for a database on every serving path, with the same fix; a second
    finding on the same line would repeat it.
    """
    if not ctx.options.get("defer_to_rel001", True):
        return set()
    found = _REL001_SUBJECTS.get(graph)
    if found is None:   # computed once per graph, however many rules defer
        found = frozenset(d.node.id for d in critical_components(graph)
                          if assess(d.node) is not None)
        _REL001_SUBJECTS[graph] = found
    return set(found)


_REL001_SUBJECTS: "WeakKeyDictionary[Graph, frozenset[str]]" = WeakKeyDictionary()


def is_rds_cluster(db: Element) -> bool:
    """A Multi-AZ DB *cluster* (`type = cluster`): one writer, two readable standbys."""
    return word(db.get("type")) in ("cluster", "multi_az_cluster")


# -- REL003 -------------------------------------------------------------------


def _nat_clients(graph: Graph, nat: Element) -> Iterable[Element]:
    """What sends traffic out through a NAT gateway: sources of edges into it, and the
    other ends of undirected edges (but not the internet gateway it sends to)."""
    for edge in touching(graph, nat.id):
        into = edge.target == nat.id or not edge.directed or edge.bidirectional
        other = graph.element(other_end(edge, nat.id))
        if into and other is not None and other.kind not in ("internetgateway", "internet"):
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
    zones = Zones(graph)
    for nat in graph.of_kind("natgateway"):
        if word(nat.get("type")) == "regional":
            continue
        own = zones.of(nat)
        if own.count >= 2 or (nat.count >= 2 and not own.zones):
            continue  # one NAT gateway per AZ, as declared
        served = Placement()
        for client in _nat_clients(graph, nat):
            served = served | zones.deep(client)
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


# -- REL004 / REL005 / REL006: RDS Multi-AZ and read replicas -----------------


@rule(
    id="REL004",
    name="single-az-rds",
    title="RDS DB instance without Multi-AZ",
    severity="warning",
    why="""
        A Single-AZ RDS DB instance has no standby: when the instance, its storage or its
        AZ fails, the database is down until RDS replaces the instance or you restore
        from a backup, and patching or scaling the instance class also means downtime.
        A Multi-AZ deployment keeps a synchronous standby in another AZ and fails over
        to it automatically. The RDS SLA reflects it: 99.95% for Multi-AZ, 99.5% for
        Single-AZ (monthly uptime). Read replicas do not change this: they are not the
        automatic failover target (REL006). A Multi-AZ DB cluster (`type = cluster`) is
        Multi-AZ by construction. An instance that every serving path reaches is a
        single point of failure, and REL001 reports it as such, naming the missing
        `multi_az`; this rule then stays silent on it (option `defer_to_rel001`) so the
        same problem is not reported twice on one line. It reports the single-AZ
        instances that no request path reaches (reporting copies, databases wired only
        with `--` associations). Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Set `multi_az = true` (a Multi-AZ DB instance deployment), or use a Multi-AZ DB
        cluster (`type = cluster`) whose two standbys also serve reads.
    """,
    sources=[MULTI_AZ_SOURCE, RDS_SLA],
    options=[DEFER],
    failing=[
        """
        analysts: ec2 "Analyst workstation"
        reports: rds "Reporting copy" { engine = "postgres" }
        analysts -- reports : "ad-hoc queries"
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", multi_az = true }
        app -> db
        """,
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", type = cluster }
        app -> db
        """,
    ],
)
def single_az_rds(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    databases = [db for db in graph.of_kind("rds")
                 if db.get("multi_az") is not True and not is_rds_cluster(db)]
    deferred = rel001_subjects(graph, ctx) if databases else set()
    for db in databases:
        if db.id in deferred:
            continue
        replicas = whole(db.get("read_replicas")) or 0
        note = (f"; its {replicas} read replica(s) are not an automatic failover target"
                if replicas else "")
        yield ctx.finding(
            db, f"RDS '{db.id}' is a Single-AZ DB instance: an instance or AZ failure "
            "takes it down until it is replaced or restored (SLA 99.5% Single-AZ, 99.95% "
            f"Multi-AZ){note}", span=db.attr_span("multi_az"))


@rule(
    id="REL005",
    name="reads-to-multi-az-standby",
    title="Reads sent to the standby of a Multi-AZ DB instance",
    severity="error",
    why="""
        The standby of a Multi-AZ RDS DB *instance* deployment is not readable: it only
        receives synchronous replication and takes over on failover, and it has no
        endpoint an application can connect to. Reads meant to offload the primary must
        go to a read replica, or to the reader endpoint of a Multi-AZ DB *cluster*
        (`type = cluster`), whose two standbys do serve reads. An edge that declares
        `endpoint = standby` towards an RDS instance describes a connection that cannot
        exist. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Send reads to read replicas (`read_replicas = N` and `endpoint = replica`), use a
        Multi-AZ DB cluster (`type = cluster`, `endpoint = reader`), or Aurora, whose
        replicas are both readable and failover targets.
    """,
    sources=[MULTI_AZ_SOURCE, REPLICA_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "mysql", multi_az = true }
        app -> db : "writes"
        app -> db : "reads" { endpoint = standby }
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "mysql", multi_az = true, read_replicas = 1 }
        app -> db : "writes"
        app -> db : "reads" { endpoint = replica }
        """,
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "mysql", type = cluster }
        app -> db : "reads" { endpoint = standby }
        """,
    ],
)
def reads_to_multi_az_standby(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for edge in graph.edges:
        if word(edge.get("endpoint")) != "standby":
            continue
        db = graph.element(edge.target)
        if db is None or db.kind != "rds" or is_rds_cluster(db):
            continue
        if db.get("multi_az") is True:
            problem = "the standby of a Multi-AZ DB instance serves no reads or writes"
        else:
            problem = "it is a Single-AZ instance with no standby at all"
        yield ctx.finding(
            edge, f"{edge.id} sends traffic to the standby of RDS '{db.id}', but {problem}",
            span=edge.attr_span("endpoint"))


@rule(
    id="REL006",
    name="read-replica-as-failover",
    title="RDS read replica relied on for failover",
    severity="warning",
    why="""
        RDS read replicas replicate asynchronously and are not an automatic failover
        target: when the primary fails, nothing switches to a replica until someone
        promotes it (a manual or scripted step that takes minutes, breaks replication
        and may lose the writes not yet replicated), and the application must then be
        pointed at the new endpoint. Automatic failover with no data loss is what
        Multi-AZ (a synchronous standby) provides. Aurora is different: its replicas are
        the failover targets, so this rule reads RDS only. Checked against the AWS
        documentation in 2026-11.
    """,
    fix="""
        Enable Multi-AZ (`multi_az = true`) for failover, and keep read replicas for
        read scaling (or for a cross-Region disaster-recovery plan with a rehearsed
        promotion runbook).
    """,
    sources=[REPLICA_SOURCE, MULTI_AZ_SOURCE],
    failing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", read_replicas = 1, failover = replica }
        app -> db
        """,
    ],
    passing=[
        """
        app: ec2 { count = 2, azs = 2 }
        db: rds { engine = "postgres", multi_az = true, read_replicas = 1, failover = standby }
        app -> db
        """,
    ],
)
def read_replica_as_failover(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for db in graph.of_kind("rds"):
        if word(db.get("failover")) not in REPLICA_WORDS or is_rds_cluster(db):
            continue
        standby = (" Multi-AZ already fails over to the standby; the replica is not the "
                   "failover target" if db.get("multi_az") is True else
                   " without Multi-AZ, a failure waits for a manual promotion")
        yield ctx.finding(
            db, f"RDS '{db.id}' counts on a read replica for failover, but replicas are "
            f"asynchronous and promoted only by hand (data written since the last "
            f"replication is lost);{standby}", span=db.attr_span("failover"))


# -- REL007: Aurora replicas --------------------------------------------------


@rule(
    id="REL007",
    name="aurora-replicas",
    title="Aurora cluster with no replicas, replicas only in the writer's AZ, or over 15",
    severity="warning",
    why="""
        An Aurora cluster's storage spans three AZs, but its compute does not: without an
        Aurora Replica, a failure of the writer instance or its AZ leaves the cluster
        without a writer until Aurora creates a new instance, which is far slower than
        promoting a replica. Replicas are the failover targets, so at least one should
        be in another AZ (`azs = 2` or more; `azs = 1` puts them all with the writer).
        A cluster has at most 15 Aurora Replicas (hard limit): more is an error.
        `multi_az = true` without a `replicas` count is read as at least one replica in
        another AZ. A cluster on every serving path without a replica in another AZ is
        a single point of failure that REL001 reports, naming the cause; this rule then
        leaves it to REL001 (option `defer_to_rel001`), except for the 15-replica limit.
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Add at least one Aurora Replica in another AZ (`replicas = 1, azs = 2`); for
        more than 15 readers, use several clusters or cache reads (ElastiCache).
    """,
    sources=[AURORA_SOURCE],
    options=[DEFER],
    failing=[
        """
        etl: glue "Nightly load"
        db: aurora { engine = "aurora-postgresql", replicas = 0 }
        etl -- db
        """,
        """
        app: ecs { count = 2, azs = 2 }
        db: aurora { engine = "aurora-mysql", replicas = 16, azs = 3 }
        app -> db
        """,
        """
        db: aurora "Reporting cluster" { engine = "aurora-mysql", replicas = 2, azs = 1 }
        """,
    ],
    passing=[
        """
        app: ecs { count = 2, azs = 2 }
        db: aurora { engine = "aurora-postgresql", replicas = 15, azs = 3 }
        app -> db
        """,
        """
        app: ecs { count = 2, azs = 2 }
        db: aurora { engine = "aurora-postgresql", multi_az = true }
        app -> db
        """,
    ],
)
def aurora_replicas(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    clusters = graph.of_kind("aurora")
    deferred = rel001_subjects(graph, ctx) if clusters else set()
    for db in clusters:
        replicas = whole(db.get("replicas"))
        span = db.attr_span("replicas")
        if replicas is None and db.get("multi_az") is True:
            continue
        if (replicas or 0) <= AURORA_REPLICAS_MAX and db.id in deferred:
            continue
        if not replicas:
            yield ctx.finding(
                db, f"Aurora cluster '{db.id}' has no Aurora Replicas: if the writer or its "
                "AZ fails, the cluster has no writer until Aurora creates a new instance",
                span=span)
        elif replicas > AURORA_REPLICAS_MAX:
            yield ctx.finding(
                db, f"Aurora cluster '{db.id}' declares {replicas} replicas; a cluster has at "
                f"most {AURORA_REPLICAS_MAX} Aurora Replicas (hard limit)",
                span=span, severity=Severity.ERROR)
        elif whole(db.get("azs")) == 1:
            yield ctx.finding(
                db, f"Aurora cluster '{db.id}' has its {replicas} replica(s) in the writer's "
                "AZ only (azs = 1): an outage of that AZ takes the writer and every failover "
                "target", span=db.attr_span("azs"))


# -- REL008: single Region vs the declared target -----------------------------

# kind -> (what it is, its single-Region SLA, what makes it multi-Region)
SINGLE_REGION_OFFERS: dict[str, tuple[str, str, str]] = {
    "dynamodb": ("DynamoDB table", "99.99% (global tables: 99.999%)", "a global table"),
    "aurora": ("Aurora cluster", "99.99% at best (Multi-AZ)", "an Aurora Global Database"),
}


@rule(
    id="REL008",
    name="single-region-for-target",
    title="Single-Region DynamoDB or Aurora under an availability target above 99.99%",
    severity="warning",
    why="""
        A single-Region DynamoDB table has a 99.99% monthly uptime SLA; a global table
        has 99.999%. Aurora's best single-Region SLA is 99.99% (Multi-AZ). A design that
        promises more than 99.99% (the document's `availability`, e.g. 99.995% or
        99.999%) therefore needs its data in more than one Region: DynamoDB global tables
        (multi-Region, multi-active) or an Aurora Global Database (one primary and up to
        10 secondary Regions, replication typically under a second). The threshold is
        strictly above 99.99%, the single-Region figure: AWS's own reliability guidance
        reaches 99.99% within one Region across AZs, while five nines call for several
        Regions; the availability budget rule checks the arithmetic of the whole path.
        Declare multi-Region data with `regions = 2` (or more). SLAs are service credits,
        not guarantees. The DynamoDB SLA figures come from the DynamoDB Developer Guide
        (the SLA page itself was not available to check). Checked in 2026-11.
    """,
    fix="""
        Make the table a global table, or the Aurora cluster a Global Database, and
        declare it with `regions = 2`; or lower the target to what one Region supports.
    """,
    sources=[GLOBAL_TABLES_SOURCE, GLOBAL_DATABASE_SOURCE, DYNAMODB_SLA, AURORA_SLA],
    options=[Option("single_region_max", SINGLE_REGION_SLA,
                    "highest availability target (percent) one Region is trusted to meet")],
    failing=[
        """
        availability = 99.999%
        api: lambda { timeout = 5s }
        table: dynamodb
        api -> table
        """,
        """
        availability = 99.995%
        app: ecs { count = 2, azs = 2 }
        db: aurora { replicas = 2, azs = 3 }
        app -> db
        """,
    ],
    passing=[
        """
        availability = 99.999%
        api: lambda { timeout = 5s }
        table: dynamodb { regions = 2 }
        api -> table
        """,
        """
        availability = 99.99%
        app: ecs { count = 2, azs = 2 }
        db: aurora { replicas = 2, azs = 3 }
        app -> db
        """,
    ],
)
def single_region_for_target(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    target = graph.get("availability")
    limit = float(ctx.options["single_region_max"])
    if not isinstance(target, Percent) or target.value <= limit:
        return
    for store in graph.of_kind("dynamodb", "aurora"):
        regions = whole(store.get("regions")) or 1
        if regions >= 2:
            continue
        what, sla, fix = SINGLE_REGION_OFFERS[store.kind]
        yield ctx.finding(
            store, f"the design targets {target} availability, but {what} '{store.id}' is in "
            f"one Region, whose SLA is {sla}; make it {fix} (regions = 2)")


# -- REL009: Route 53 failover ------------------------------------------------


def _primary_record(records: list[Edge]) -> Edge | None:
    """The record marked `failover = primary`, else the one labelled PRIMARY, else the first."""
    for edge in records:
        if word(edge.get("failover")) == "primary":
            return edge
    for edge in records:
        if edge.label and "primary" in edge.label.lower():
            return edge
    return records[0] if records else None


@rule(
    id="REL009",
    name="route53-failover-without-health-check",
    title="Route 53 failover routing without a health check on the primary record",
    severity="error",
    why="""
        Route 53 failover routing answers with the primary record while the primary is
        healthy and with the secondary otherwise, and it learns "healthy" only from a
        health check associated with the record (or, for an alias record, from
        Evaluate Target Health). A primary record with neither is always considered
        healthy, so Route 53 never fails over. `health_check = true` on the primary
        record's edge (or on the Route 53 node, for all its records) declares it. The
        primary record is the edge with `failover = primary`, else the one labelled
        PRIMARY, else the first record. Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Associate a health check with the primary record (or enable Evaluate Target
        Health on an alias to an ELB) and declare it: `dns -> primary_lb { failover =
        primary, health_check = true }`.
    """,
    sources=[ROUTE53_SOURCE],
    failing=[
        """
        users: users
        dns: route53 { routing = failover }
        region east { lb_east: alb }
        region west { lb_west: alb }
        users -> dns
        dns -> lb_east { failover = primary }
        dns -> lb_west { failover = secondary }
        """,
    ],
    passing=[
        """
        users: users
        dns: route53 { routing = failover }
        region east { lb_east: alb }
        region west { lb_west: alb }
        users -> dns
        dns -> lb_east { failover = primary, health_check = true }
        dns -> lb_west { failover = secondary }
        """,
    ],
)
def route53_failover_without_health_check(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for dns in graph.of_kind("route53"):
        records = [e for e in graph.out_edges(dns.id) if e.target != dns.id]
        if word(dns.get("routing")) != "failover" and not any(
                word(e.get("routing")) == "failover" for e in records):
            continue
        primary = _primary_record(records)
        if primary is None:
            continue
        checked = primary.get("health_check")
        if checked is None:
            checked = dns.get("health_check")
        if checked is True:
            continue
        yield ctx.finding(
            primary, f"Route 53 '{dns.id}' uses failover routing but its primary record "
            f"({primary.id}) has no health check: Route 53 treats it as always healthy and "
            "never fails over", span=primary.attr_span("health_check"))


# -- REL010: EBS across AZs ---------------------------------------------------


@rule(
    id="REL010",
    name="ebs-cross-az",
    title="EBS volume in another AZ than its instance, or shared by a multi-AZ group",
    severity="error",
    why="""
        An EBS volume lives in one Availability Zone and attaches only to instances in
        that same AZ (a hard constraint). A volume drawn in one AZ and attached to an
        instance in another cannot work (error). A single volume used as the shared state
        of instances spread over several AZs cannot work either (warning: the design
        needs a shared file system): Amazon EFS is regional, mounted from every AZ. One
        volume per instance (`count` on the volume matching the instances) is fine. When
        REL001 already reports the shared volume as a single point of failure (it sits
        on every request path), the warning is left to it (option `defer_to_rel001`).
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Put the volume in its instance's AZ (restore a snapshot there to move it). For
        state shared across AZs, use Amazon EFS (or S3), not one EBS volume.
    """,
    sources=[EBS_SOURCE],
    options=[DEFER],
    failing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          az a { app: ec2 }
          az b { data: ebs { type = gp3, size = 100GiB } }
        }
        app -- data : "attached"
        """,
        """
        web: ec2 { count = 4, azs = 2 }
        shared: ebs { type = gp3, size = 500GiB }
        web -- shared : "uploads mounted"
        """,
    ],
    passing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          az a { app: ec2  data: ebs { type = gp3, size = 100GiB } }
        }
        app -- data : "attached"
        """,
        """
        web: ec2 { count = 4, azs = 2 }
        shared: efs
        web -- shared : "uploads mounted"
        """,
    ],
)
def ebs_cross_az(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    zones = Zones(graph)
    volumes = graph.of_kind("ebs")
    deferred = rel001_subjects(graph, ctx) if volumes else set()
    for volume in volumes:
        home = zones.of(volume).single_zone
        mismatched = False
        hosts = Placement()
        for edge in touching(graph, volume.id):
            host = graph.element(other_end(edge, volume.id))
            if host is None or not (host.kind in EBS_HOSTS or host.kind == "asg"):
                continue
            placement = zones.deep(host)
            hosts = hosts | placement
            there = placement.single_zone
            if home and there and there != home:
                mismatched = True
                yield ctx.finding(
                    edge, f"EBS volume '{volume.id}' is in AZ {home} but attached to "
                    f"'{host.id}' in AZ {there}; a volume attaches only to instances in "
                    "its own AZ")
        if not mismatched and volume.count == 1 and hosts.count >= 2 \
                and volume.id not in deferred:
            yield ctx.finding(
                volume, f"one EBS volume '{volume.id}' is shared by instances in "
                f"{hosts.describe()}; a volume attaches only within one AZ: use EFS for "
                "state shared across AZs", severity=Severity.WARNING,
                fix="Use Amazon EFS (regional, mounted from every AZ) or S3 for shared "
                    "state, or give each instance its own volume (`count` on the volume).")


# -- REL011: DAX --------------------------------------------------------------


@rule(
    id="REL011",
    name="dax-cluster-size",
    title="DAX cluster with fewer than 3 nodes or in one AZ",
    severity="warning",
    why="""
        AWS recommends at least three DAX nodes, each in a different Availability Zone,
        for production: one node is a single point of failure for the cache (and its
        write-through path), and nodes in one AZ all go down with it. The node count is
        `nodes` (or `count`); a cluster whose nodes are placed in one AZ (`azs = 1`, or
        inside an `az` group) is reported even with three nodes. A cluster that REL001
        already reports as a single point of failure (one node, or AZs not declared) is
        left to it (option `defer_to_rel001`). Checked against the AWS documentation in
        2026-11.
    """,
    fix="Run at least three DAX nodes spread over three AZs (`nodes = 3, azs = 3`).",
    sources=[DAX_SOURCE],
    options=[DEFER],
    failing=[
        """
        api: lambda { timeout = 5s }
        cache: dax { nodes = 2, azs = 2 }
        table: dynamodb
        api -> cache -> table
        """,
    ],
    passing=[
        """
        api: lambda { timeout = 5s }
        cache: dax { nodes = 3, azs = 3 }
        table: dynamodb
        api -> cache -> table
        """,
    ],
)
def dax_cluster_size(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    zones = Zones(graph)
    clusters = graph.of_kind("dax")
    deferred = rel001_subjects(graph, ctx) if clusters else set()
    for dax in clusters:
        if dax.id in deferred:
            continue
        nodes = whole(dax.get("nodes"))
        if nodes is not None:
            size, span = nodes, dax.attr_span("nodes")
        else:
            size, span = dax.count, dax.attr_span("count")
        placement = zones.of(dax)
        one_zone = placement.count == 1
        if size >= DAX_NODES_MIN and not one_zone:
            continue
        problems = []
        if size < DAX_NODES_MIN:
            problems.append(f"{size} node{'s' if size != 1 else ''} (AWS recommends at least "
                            f"{DAX_NODES_MIN})")
        if one_zone:
            problems.append("all nodes in one AZ")
        yield ctx.finding(dax, f"DAX cluster '{dax.id}' has {' and '.join(problems)}: a node "
                          "or AZ failure takes the cache down", span=span)


RULES = (
    shared_zonal_nat_gateway,
    single_az_rds,
    reads_to_multi_az_standby,
    read_replica_as_failover,
    aurora_replicas,
    single_region_for_target,
    route53_failover_without_health_check,
    ebs_cross_az,
    dax_cluster_size,
)
