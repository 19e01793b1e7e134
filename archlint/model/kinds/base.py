"""What a kind is: the `Kind` and `GroupKind` records, every trait and category,
and `k`, the short constructor each row of the table (the modules beside this one)
is written with.
"""

from __future__ import annotations

from archlint.model.cluster_facts import Redundancy
from archlint.model.record import Record, assign


class Kind(Record, frozen=True):
    """A node kind of the DSL: what it is, how to draw it, and traits the checks use."""

    __slots__ = ("name", "title", "category", "diagram", "managed_ha", "stateful", "entry",
                 "asynchronous", "aliases", "redundancy", "sla", "traits")

    name: str
    """DSL keyword, lowercase, e.g. ``"ec2"``."""
    title: str
    """Human name, e.g. ``"Amazon EC2 instance"``."""
    category: str
    """One of :data:`CATEGORIES`."""
    diagram: str
    """Dotted path of the diagrams class, e.g. ``"diagrams.aws.compute.EC2"``."""
    managed_ha: bool
    """AWS runs it redundantly across AZs for you; no count/azs/multi_az needed."""
    stateful: bool
    """Holds data (a data store or sink): losing it loses data."""
    entry: bool
    """Where traffic comes from (users, the internet, DNS/edge front doors)."""
    asynchronous: bool
    """Queue, topic, stream or event bus: edges into it are asynchronous."""
    aliases: tuple[str, ...]
    """Other accepted spellings; kept few so typos are caught, not guessed."""
    redundancy: Redundancy | None
    """For managed clusters: what AWS runs across AZs, with its source and date."""
    sla: bool
    """A dependency outside AWS: judged by its declared `sla`, never told to add copies."""
    traits: frozenset[str]
    """More traits rules read, from :data:`TRAITS` (e.g. ``"read_cache"``)."""

    def __init__(self, name: str, title: str, category: str, diagram: str, managed_ha: bool = False,
                 stateful: bool = False, entry: bool = False, asynchronous: bool = False,
                 aliases: tuple[str, ...] = (), redundancy: Redundancy | None = None,
                 sla: bool = False, traits: frozenset[str] = frozenset()) -> None:
        for field, value in (("name", name), ("title", title), ("category", category),
                             ("diagram", diagram), ("managed_ha", managed_ha), ("stateful", stateful),
                             ("entry", entry), ("asynchronous", asynchronous), ("aliases", aliases),
                             ("redundancy", redundancy), ("sla", sla), ("traits", traits)):
            assign(self, field, value)


class GroupKind(Record, frozen=True):
    """A container in the DSL (``vpc prod { ... }``) and how the renderer styles it."""

    name: str
    title: str
    style: dict
    """Graphviz ``graph_attr`` hints (bgcolor, style, pencolor), plain strings."""
    traits: frozenset[str]
    """Traits from :data:`TRAITS` that rules read (e.g. ``"replicating"``)."""
    acts_as: str | None
    """The node kind a group of this kind stands for in rules (an asg is an EC2 fleet)."""
    short: str
    """What a picture writes before a group's label (`VPC: Production`); empty: nothing."""
    words: tuple[str, ...]
    """Words that already name the kind in a label (`Legacy VPC` stays as written)."""

    def __init__(self, name: str, title: str, style: dict, traits: frozenset[str] = frozenset(),
                 acts_as: str | None = None, short: str = "", words: tuple[str, ...] = ()) -> None:
        for field, value in (("name", name), ("title", title), ("style", style),
                             ("traits", traits), ("acts_as", acts_as), ("short", short),
                             ("words", words)):
            assign(self, field, value)

    def __hash__(self) -> int:   # every field but the style (a dict)
        return hash((self.name, self.title, self.traits, self.acts_as, self.short, self.words))


TRAITS: dict[str, str] = {
    # the four traits every kind has a field for
    "managed_ha": "AWS runs it redundantly across Availability Zones for you; no `count`, "
                  "`azs`, `multi_az` or replicas are needed",
    "stateful": "holds data (a data store or sink); losing it loses data",
    "entry": "where traffic comes from (users, the internet, DNS and edge front doors)",
    "asynchronous": "a queue, topic, stream or event bus; edges into it are asynchronous",
    # traits in `Kind.traits` / `GroupKind.traits`
    "multi_az_option": "offers Multi-AZ: `multi_az = true` keeps a standby in another AZ",
    "replica_cluster": "a writer with readers: its `replicas` are automatic failover targets",
    "node_cluster": "a cluster whose `nodes` are copies",
    "connection": "a link to on-premises: a second connection is its redundancy; it has no AZ",
    "multi_subnet": "one resource with a network interface in each subnet it is given, so "
                    "`azs = 2` makes it redundant",
    "instance_host": "runs on EC2 instances: an EBS volume can attach to it",
    "async_invoker": "invokes Lambda functions asynchronously",
    "vpc_gateway": "a VPC's way out (internet, NAT, VPN, Direct Connect): a peered VPC "
                   "cannot route through it",
    "tgw_attachment": "attaches to a transit gateway itself, not through a VPC",
    "read_cache": "a cache that serves reads in front of a data store",
    "read_store": "a database whose reads can move to replicas or a cache",
    "compute": "runs the application's code (a tier of workers)",
    "server_fleet": "long-running servers or containers: a front tier behind a load balancer",
    "request_router": "takes requests and passes them on to a tier (load balancer, API)",
    "load_balancer": "an Elastic Load Balancing load balancer",
    "internet": "the public internet, or the gateway to it",
    "db_connections": "each client holds its own database connection (RDS Proxy pools them)",
    "network": "a network container: an edge between two of them is plumbing, not traffic",
    "replicating": "its `count` and `azs` spread its members",
}
"""Every trait a kind can have, and what it means (docs/kinds.md lists them)."""


CATEGORIES: tuple[str, ...] = (
    "compute",
    "containers",
    "serverless",
    "integration",
    "storage",
    "database",
    "cache",
    "network",
    "edge",
    "security",
    "observability",
    "analytics",
    "ml",
    "devtools",
    "external",
    "generic",
)


def k(
    name: str,
    title: str,
    category: str,
    diagram: str,
    *,
    ha: bool = False,
    stateful: bool = False,
    entry: bool = False,
    asynchronous: bool = False,
    aliases: tuple[str, ...] = (),
    redundancy: Redundancy | None = None,
    sla: bool = False,
    traits: tuple[str, ...] = (),
) -> Kind:
    """Short constructor so the table below reads as one line per kind."""
    return Kind(
        name=name,
        title=title,
        category=category,
        diagram=diagram,
        managed_ha=ha,
        stateful=stateful,
        entry=entry,
        asynchronous=asynchronous,
        aliases=aliases,
        redundancy=redundancy,
        sla=sla,
        traits=frozenset(traits),
    )


AWS = "diagrams.aws."
"""Where the `diagrams` classes of AWS services are (the renderer imports them by name)."""

# Trait notes for reviewers:
# - managed_ha means redundancy is AWS's job. Things whose redundancy the
#   architect declares (instance counts, subnets/AZs, multi_az, replicas,
#   broker/node counts, second connections) are NOT managed_ha, even when the
#   control plane is managed (ecs, eks, fargate, rds, msk, emr, sagemaker...).
# - Zonal resources (ebs, natgateway, interface endpoints, emr clusters,
#   network firewall endpoints) are never managed_ha.
# - Queues/streams buffer data but are not "stateful": stateful marks the
#   places where data lives (stores and sinks), which need backups/replicas.
