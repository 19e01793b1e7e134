"""The attributes archlint understands, with the type each must have.

Unknown attributes of elements are allowed (design docs carry free-form notes such
as `owner = "team-a"`), but a known one with the wrong type (`timeout = 5GB`) is
an error, so that rules never see a size where they expect a duration.

Document attributes (`key = value` outside any braces) are a closed set: a stray
`web = ec2` (meant as `web: ec2`) would otherwise pass silently as a "note".
Free-form document metadata is written with the `x_` prefix (`x_owner = "..."`).
"""

from __future__ import annotations

from functools import lru_cache

from archlint.model.record import Record, assign
from archlint.model.values import Duration, Name, Percent, Rate, Size, Throughput


class AttrSpec(Record, frozen=True):
    """What an attribute accepts (types, bounds) and how the docs describe it."""

    __slots__ = ("types", "description", "minimum", "example", "maximum")
    types: tuple[type, ...]
    description: str
    minimum: float | None
    example: str
    maximum: float | None

    def __init__(self, types: tuple[type, ...], description: str, minimum: float | None = None,
                 example: str = "", maximum: float | None = None) -> None:
        assign(self, "types", types)
        assign(self, "description", description)
        assign(self, "minimum", minimum)
        assign(self, "example", example)
        assign(self, "maximum", maximum)

    @property
    def expected(self) -> str:
        from archlint.model.values import type_name

        samples = {
            Duration: Duration(0, ""), Size: Size(0, ""), Percent: Percent(0, ""),
            Throughput: Throughput(0, ""), Rate: Rate(0, ""), Name: Name(""),
            str: "", bool: True, int: 0, float: 0.0, list: [],
        }
        names = [type_name(samples[t]) for t in self.types]
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"{text} (e.g. {self.example})" if self.example else text


def _spec(types: tuple[type, ...] | type, description: str, example: str = "",
          minimum: float | None = None) -> AttrSpec:
    return AttrSpec(types if isinstance(types, tuple) else (types,), description, minimum, example)


WHOLE = (int,)
NUMBER = (int, float)
WORD = (Name, str)

ATTRIBUTES: dict[str, AttrSpec] = {
    # redundancy and placement
    "count": _spec(WHOLE, "identical copies this line stands for", "count = 4", 1),
    "azs": _spec(WHOLE, "availability zones the copies are spread over", "azs = 2", 1),
    "multi_az": _spec(bool, "database or cache with a standby in another AZ", "multi_az = true"),
    "read_replicas": _spec(WHOLE, "RDS read replicas", "read_replicas = 2", 0),
    "replica_of": _spec(WORD, "this node is a read replica of that database (same kind), "
                        "drawn as its own node", "replica_of = userdb"),
    "replicas": _spec(WHOLE, "Aurora replicas (readers)", "replicas = 2", 0),
    "nodes": _spec(WHOLE, "cluster nodes (DAX, ElastiCache)", "nodes = 3", 0),
    "regions": _spec(WHOLE, "Regions the service runs in", "regions = 2", 1),
    # `az` is a group keyword (`az a { ... }`), so the attribute is `zone`.
    "zone": _spec(WORD, "the one Availability Zone a zonal resource or group is in",
                  'zone = "eu-west-1a"'),
    "failover": _spec(WORD, "failover role: a Route 53 record's (primary, secondary) or what a "
                      "database fails over to (standby, replica)", "failover = primary"),
    "endpoint": _spec(WORD, "database endpoint an edge uses (writer, reader, standby, replica)",
                      "endpoint = reader"),
    # compute
    "timeout": _spec(Duration, "configured maximum run time", "timeout = 15m"),
    "duration": _spec(Duration, "expected run time of one job", "duration = 2h"),
    "memory": _spec(Size, "memory size", "memory = 1769MB"),
    "ephemeral_storage": _spec(Size, "Lambda /tmp size", "ephemeral_storage = 2GB"),
    "concurrency": _spec(WHOLE, "expected concurrent executions", "concurrency = 800", 0),
    # messaging and payloads
    "visibility_timeout": _spec(Duration, "SQS visibility timeout", "visibility_timeout = 6m"),
    "retention": _spec(Duration, "how long messages are kept", "retention = 4d"),
    "message_size": _spec(Size, "largest message", "message_size = 200KB"),
    "payload": _spec(Size, "request payload size", "payload = 2MB"),
    "response_size": _spec(Size, "response payload size", "response_size = 2MB"),
    # storage and uploads
    "size": _spec(Size, "object, item or volume size", "size = 2GB"),
    "object_size": _spec(Size, "largest object uploaded", "object_size = 20GB"),
    "part_size": _spec(Size, "multipart upload part size", "part_size = 100MiB"),
    "multipart": _spec(bool, "uploads use S3 multipart upload", "multipart = true"),
    "item_size": _spec(Size, "largest DynamoDB item", "item_size = 350KB"),
    "iops": _spec(WHOLE, "provisioned IOPS", "iops = 16000", 0),
    "growth": _spec(Size, "projected size after growth", "growth = 100TB"),
    # network
    "cidr": _spec(str, "IPv4 CIDR block", 'cidr = "10.0.0.0/16"'),
    "protocol": _spec(WORD, "protocol of an edge or listener", "protocol = https"),
    "routing": _spec(WORD, "how requests are routed: a Route 53 policy (failover, latency, "
                     "weighted) or load balancer rules (path, host)", "routing = failover"),
    "path": _spec(str, "URL path a routing rule matches", 'path = "/api/*"'),
    "host": _spec(str, "host name a routing rule matches", 'host = "api.example.com"'),
    "health_check": _spec(bool, "a Route 53 record has a health check (or evaluates its "
                          "alias target's health)", "health_check = true"),
    # traffic and targets
    "availability": AttrSpec((Percent,), "availability target of the design", None,
                             "availability = 99.95%", maximum=100),
    "sla": AttrSpec((Percent,), "the availability a provider outside AWS commits to "
                    "(external, saas, onprem_system), counted by AVL001", None, "sla = 99.9%",
                    maximum=100),
    "throughput": _spec(Throughput, "data per second", "throughput = 5MB/s"),
    "rate": _spec((Rate, int, float), "requests or records per second", "rate = 3000/s", 0),
    "async": _spec(bool, "the edge is asynchronous (drawn dashed)", "async = true"),
    "type": _spec(WORD, "a service's type or tier (gp3, standard, express, rest, http)", "type = gp3"),
    # catalogue: streams, databases, monitoring
    "shards": _spec(WHOLE, "Kinesis shards (provisioned mode)", "shards = 4", 1),
    "read_throughput": _spec(Throughput, "data read per second by a stream's shared consumers",
                             "read_throughput = 4MB/s"),
    "enhanced_fanout": _spec(bool, "a Kinesis consumer edge uses enhanced fan-out",
                             "enhanced_fanout = true"),
    "engine": _spec(WORD, "database or cache engine", 'engine = "postgres"'),
    "read_write_ratio": _spec(NUMBER, "reads per write of a data store", "read_write_ratio = 20", 0),
    "min_capacity": _spec(NUMBER, "Aurora Serverless v2 minimum ACUs", "min_capacity = 0.5", 0),
    "max_capacity": _spec(NUMBER, "Aurora Serverless v2 maximum ACUs", "max_capacity = 64", 0),
    "auto_pause": _spec(Duration, "idle time before Aurora Serverless v2 pauses",
                        "auto_pause = 10m"),
    "data_api": _spec(bool, "clients use the RDS Data API (HTTPS, no connections)",
                      "data_api = true"),
    "scaling": _spec((Name, str, list), "metrics a scaling policy tracks", "scaling = memory"),
    "alarm": _spec((Name, str, list), "metrics alarms watch", "alarm = [cpu, memory]"),
    "cw_agent": _spec(bool, "the CloudWatch agent runs on the instances", "cw_agent = true"),
}


# What a document (the top level, outside any braces) may say about itself.
DOCUMENT_ATTRIBUTES: dict[str, AttrSpec] = {
    "title": _spec(str, "the design's name, shown on rendered pictures", 'title = "Checkout"'),
    "availability": ATTRIBUTES["availability"],
    "direction": _spec(Name, "direction a rendered picture flows in: LR, RL, TB or BT "
                       "(`archlint render --direction` overrides it)", "direction = TB"),
}
DIRECTIONS = ("LR", "RL", "TB", "BT")
FREE_FORM_PREFIX = "x_"   # free-form document metadata: x_owner = "payments-team"


def check_document_value(name: str, value: object) -> str | None:
    """None if `value` suits document attribute `name`, else what would have been valid."""
    if name == "direction" and isinstance(value, Name) and str(value) not in DIRECTIONS:
        return f"expected one of {', '.join(DIRECTIONS)}"
    spec = DOCUMENT_ATTRIBUTES[name]
    if not any(isinstance(value, t) for t in spec.types):
        return f"expected {spec.expected}"
    return check_value(name, value)


@lru_cache(maxsize=512)
def likely_typo(name: str) -> str | None:
    """The known attribute an unknown name almost certainly misspells (`mutli_az`,
    `timout`), else None. A misspelt attribute would silently switch a rule off,
    so it is an error; free-form notes with other names stay allowed."""
    if name in ATTRIBUTES:
        return None
    from archlint.spelling import closest

    return closest(name, ATTRIBUTES, cutoff=0.85)


def check_value(name: str, value: object) -> str | None:
    """None if `value` suits attribute `name`, else what would have been valid."""
    spec = ATTRIBUTES.get(name)
    if spec is None:
        return None
    # true and false are ints to Python, never to a spec: only `bool` admits them
    ok = bool in spec.types if isinstance(value, bool) else isinstance(value, spec.types)
    if not ok:
        return f"expected {spec.expected}"
    if spec.minimum is not None and isinstance(value, (int, float)) and value < spec.minimum:
        return f"must be at least {spec.minimum:g}"
    number = value.value if isinstance(value, Percent) else value
    if spec.maximum is not None and isinstance(number, (int, float)) and number > spec.maximum:
        return f"must be at most {spec.maximum:g}"
    return None
