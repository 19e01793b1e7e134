"""Which attributes make sense on which kinds: the one table behind attribute completion
and the "applies to" line of an attribute's hover.

Derived from the kinds' traits (docs/kinds.md) wherever a trait says it (`multi_az`
where the kind offers Multi-AZ, `nodes` on node clusters, `replicas` on replica
clusters), and from kind names only for service-specific settings (an SQS queue's
`visibility_timeout`). tests/test_applicability.py holds it to the rules: every
attribute a rule reads from an element of kind K is in K's row, and attributes outside
a row change no finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from archlint.model.attributes import ATTRIBUTES
from archlint.model.kinds import GROUP_KINDS, KINDS, GroupKind, Kind, lookup

EDGE = "edge"   # the row of edges (`a -> b { protocol = https }`)


@dataclass(frozen=True)
class Applies:
    """An attribute applies to a kind with any of `traits` (a trait of TRAITS, or
    `declared`: a node kind whose redundancy its author declares), in any of
    `categories`, or named in `kinds` (node or group kinds); `edges`: also to edges."""

    traits: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    edges: bool = False


EVERY = ("node", "group")   # pseudo-traits every node kind / every group kind has
ENGINES = ("db_connections", "read_cache", "replica_cluster")

APPLIES: dict[str, Applies] = {
    # placement and copies: the language's own, on every node and group
    "count": Applies(EVERY),
    "azs": Applies(EVERY),
    "zone": Applies(EVERY),
    "regions": Applies(("node",)),
    "cidr": Applies(("network", "connection"), ("onprem", "onprem_system")),
    # redundancy a kind offers
    "multi_az": Applies(("multi_az_option", "node_cluster", "multi_subnet")),
    "read_replicas": Applies(kinds=("rds",)),
    "replica_of": Applies(("read_store", "read_cache")),
    "replicas": Applies(("replica_cluster", "db_connections")),
    "nodes": Applies(("node_cluster",)),
    "failover": Applies(("read_store",), ("route53",), edges=True),
    "endpoint": Applies(edges=True),
    # compute
    "timeout": Applies(kinds=("lambda", "apigateway", "stepfunctions"), edges=True),
    "duration": Applies(("compute",), ("stepfunctions",), edges=True),
    "memory": Applies(("compute",)),
    "ephemeral_storage": Applies(kinds=("lambda",)),
    "concurrency": Applies(kinds=("lambda",)),
    # messaging and payloads
    "visibility_timeout": Applies(kinds=("sqs",)),
    "retention": Applies(("asynchronous",)),
    "message_size": Applies(("asynchronous",), edges=True),
    "payload": Applies(("request_router",), ("lambda", "stepfunctions"), edges=True),
    "response_size": Applies(("request_router",), ("lambda",), edges=True),
    # storage and uploads
    "size": Applies(("stateful",), edges=True),
    "object_size": Applies(kinds=("s3",), edges=True),
    "part_size": Applies(kinds=("s3",), edges=True),
    "multipart": Applies(kinds=("s3",), edges=True),
    "item_size": Applies(kinds=("dynamodb",), edges=True),
    "iops": Applies(kinds=("ebs", "rds", "fsx")),
    "growth": Applies(("stateful",)),
    # network
    "protocol": Applies(("request_router",), edges=True),
    "routing": Applies(("load_balancer",), ("route53",), edges=True),
    "path": Applies(("load_balancer",), edges=True),
    "host": Applies(("load_balancer",), edges=True),
    "health_check": Applies(kinds=("route53",), edges=True),
    # traffic and targets (`availability` is the document's: no kind's row)
    "sla": Applies(("sla",)),
    "throughput": Applies(("asynchronous", "request_router"), edges=True),
    "rate": Applies(("request_router", "asynchronous", "compute"), ("stepfunctions",),
                    edges=True),
    "async": Applies(edges=True),
    "type": Applies(("compute", "instance_host", "multi_subnet"),
                    ("apigateway", "stepfunctions", "kinesis", "s3", "ebs", "efs", "fsx",
                     "natgateway", "rds", "aurora", "dynamodb"), ("database", "cache")),
    # catalogue: streams, databases, monitoring
    "shards": Applies(kinds=("kinesis",)),
    "read_throughput": Applies(kinds=("kinesis",)),
    "enhanced_fanout": Applies(kinds=("kinesis",), edges=True),
    "engine": Applies(ENGINES, ("mq", "opensearch")),
    "read_write_ratio": Applies(("read_store",)),
    "min_capacity": Applies(kinds=("aurora",)),
    "max_capacity": Applies(kinds=("aurora",)),
    "auto_pause": Applies(kinds=("aurora",)),
    "data_api": Applies(kinds=("aurora", "rds"), edges=True),
    "scaling": Applies(("instance_host", "server_fleet")),
    "alarm": Applies(("instance_host", "server_fleet")),
    "cw_agent": Applies(("instance_host", "group")),   # on a group: its instances have it
}


def _traits(kind: Kind | GroupKind) -> set[str]:
    found = set(kind.traits)
    if isinstance(kind, GroupKind):
        return found | {"group"}
    found |= {name for name in ("managed_ha", "stateful", "entry", "asynchronous", "sla")
              if getattr(kind, name)}
    if not (kind.managed_ha or kind.entry or kind.sla):
        found.add("declared")
    return found | {"node"}


def _applies(rule: Applies, kind: Kind | GroupKind) -> bool:
    return (kind.name in rule.kinds or bool(_traits(kind) & set(rule.traits))
            or getattr(kind, "category", None) in rule.categories)


@lru_cache(maxsize=None)
def attributes_for(kind: str) -> tuple[str, ...]:
    """The attributes that make sense on `kind` (a node kind or alias, a group kind, or
    EDGE), in the order of ATTRIBUTES; () for a kind archlint does not know."""
    if kind == EDGE:
        return tuple(name for name in ATTRIBUTES if name in APPLIES and APPLIES[name].edges)
    found = lookup(kind) or GROUP_KINDS.get(kind)
    if found is None:
        return ()
    return tuple(name for name in ATTRIBUTES if name in APPLIES and _applies(APPLIES[name], found))


def kinds_for(attribute: str) -> tuple[str, ...]:
    """The node kinds, group kinds and EDGE an attribute applies to (hover says so)."""
    every = (*KINDS, *GROUP_KINDS, EDGE)
    return tuple(kind for kind in every if attribute in attributes_for(kind))


# Words the rules understand as values, for completion after `name =`: per attribute,
# and per kind where the kind decides (`type = rest|http` on API Gateway).
VALUES: dict[str, tuple[str, ...]] = {
    "protocol": ("https", "http", "tcp", "udp", "grpc", "websocket"),
    "routing": ("failover", "latency", "weighted", "geolocation", "path", "host"),
    "failover": ("primary", "secondary", "standby", "replica"),
    "endpoint": ("writer", "reader", "standby", "replica"),
    "scaling": ("cpu", "memory", "requests", "queue"),
    "alarm": ("cpu", "memory", "errors", "latency"),
}
KIND_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("apigateway", "type"): ("rest", "http"),
    ("stepfunctions", "type"): ("standard", "express"),
    ("ebs", "type"): ("gp3", "gp2", "io1", "io2", "st1", "sc1"),
    ("kinesis", "type"): ("provisioned", "on_demand"),
    ("natgateway", "type"): ("zonal", "regional"),
    ("vpcendpoint", "type"): ("interface", "gateway"),
    ("rds", "type"): ("multi_az_cluster", "cluster"),
    ("aurora", "type"): ("provisioned", "serverless"),
    ("elasticache", "type"): ("cluster", "serverless"),
    ("efs", "type"): ("standard", "one_zone"),
    ("s3", "type"): ("standard", "intelligent_tiering", "standard_ia", "onezone_ia"),
    ("rds", "engine"): ('"postgres"', '"mysql"', '"mariadb"', '"oracle-ee"', '"sqlserver"'),
    ("aurora", "engine"): ('"aurora-postgresql"', '"aurora-mysql"'),
    ("elasticache", "engine"): ('"redis"', '"valkey"', '"memcached"'),
    ("memorydb", "engine"): ('"redis"', '"valkey"'),
    ("mq", "engine"): ('"activemq"', '"rabbitmq"'),
    ("opensearch", "engine"): ('"opensearch"', '"elasticsearch"'),
}


def values_for(kind: str | None, attribute: str) -> tuple[str, ...]:
    """Known values of `attribute` on `kind` (any kind if None): true/false for flags."""
    found = lookup(kind) if kind else None
    if found is not None and (found.name, attribute) in KIND_VALUES:
        return KIND_VALUES[(found.name, attribute)]
    if attribute in VALUES:
        return VALUES[attribute]
    if found is None and kind != EDGE:
        every = [v for (_, name), values in KIND_VALUES.items() if name == attribute for v in values]
        if every:
            return tuple(dict.fromkeys(every))
    spec = ATTRIBUTES.get(attribute)
    return ("true", "false") if spec is not None and bool in spec.types else ()
