"""Database limits and patterns: DynamoDB item size, Lambda connections to RDS,
read replica counts, read scaling for read-heavy stores, Aurora Serverless v2.
"""

from __future__ import annotations

from typing import Iterator

from archlint.checks._attrs import fmt, seconds, size_bytes, word
from archlint.model.findings import Finding
from archlint.model.graph import Edge, Element, Graph
from archlint.registry import Option, RuleContext, rule

DDB_URL = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html"
PROXY_URL = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html"
REPLICA_URL = ("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/"
               "API_CreateDBInstanceReadReplica.html")
DAX_URL = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.html"
READ_REPLICA_GUIDE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html"
SERVERLESS_URL = ("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/"
                  "API_ServerlessV2ScalingConfiguration.html")

DDB_MAX_ITEM = 400 * 1024          # "400 KB"; DynamoDB counts KB as 1,024 bytes
REPLICA_LIMITS = (("oracle", 5), ("sqlserver", 5), ("sql-server", 5), ("mssql", 5), ("db2", 3))
DEFAULT_REPLICAS = 15
CACHES = frozenset({"elasticache", "dax", "memorydb"})
READ_STORES = frozenset({"rds", "aurora", "dynamodb", "documentdb", "neptune"})
ACU_MIN, ACU_MAX = 0.5, 256
AUTO_PAUSE = (300.0, 86_400.0)


@rule(
    id="DB001",
    name="dynamodb-item-size",
    title="DynamoDB item larger than 400 KB",
    severity="error",
    why="""
        A DynamoDB item is at most 400 KB, attribute names included; the limit is hard
        and larger writes are rejected. AWS writes "400 KB" and DynamoDB counts its KB as
        1,024 bytes (as in its capacity units), so archlint takes the limit as 409,600
        bytes: `400KB` and `400KiB` pass, `401KB` passes (401,000 bytes), `410KB` fails.
        `item_size` is read on the table and on edges into it. Checked 2026-11.
    """,
    fix="""
        Store large attributes in S3 and keep the object key in the item, compress them,
        or split the item into several items under one partition key.
    """,
    sources=[DDB_URL],
    failing=["orders: dynamodb { item_size = 500KB }"],
    passing=["orders: dynamodb { item_size = 400KiB }"],
)
def dynamodb_item_size(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for table in graph.of_kind("dynamodb"):
        holders: list[Element | Edge] = [table, *graph.in_edges(table.id)]
        for holder in holders:
            size = size_bytes(holder.get("item_size"))
            if size is None or size <= DDB_MAX_ITEM:
                continue
            where = "" if holder is table else f" (edge {holder.id})"
            yield ctx.finding(
                holder,
                f"DynamoDB table '{table.id}'{where} has item_size {holder.get('item_size')} "
                f"(= {fmt(size)} bytes), over the 400 KB (409,600 bytes) item maximum",
                span=holder.attr_span("item_size"),
            )


@rule(
    id="DB002",
    name="lambda-to-rds-without-proxy",
    title="Lambda connects to RDS or Aurora directly, without RDS Proxy",
    severity="warning",
    why="""
        Every concurrent Lambda execution environment opens its own database connection.
        At peak, hundreds of environments exhaust the database's connection limit and its
        memory (a connection storm), and connections are left open when environments are
        frozen. RDS Proxy pools and shares connections in front of RDS and Aurora and
        keeps them across failovers. An edge from a function straight to an `rds` or
        `aurora` node is reported; `lambda -> rdsproxy -> db` is not, nor is an edge or
        database with `data_api = true` (the RDS Data API uses HTTPS, not connections).
    """,
    fix="""
        Put an RDS Proxy between the functions and the database
        (`fn -> proxy -> db` with `proxy: rdsproxy`), or use the RDS Data API for Aurora.
    """,
    sources=[PROXY_URL],
    failing=[
        """
        report: lambda
        db: rds { multi_az = true }
        report -> db
        """,
    ],
    passing=[
        """
        report: lambda
        proxy: rdsproxy
        db: rds { multi_az = true }
        report -> proxy -> db
        """,
    ],
)
def lambda_without_proxy(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for function in graph.of_kind("lambda"):
        for edge in graph.out_edges(function.id):
            db = graph.element(edge.target)
            if db is None or db.kind not in ("rds", "aurora") or not edge.directed:
                continue
            if edge.get("data_api") is True or db.get("data_api") is True:
                continue
            yield ctx.finding(
                edge,
                f"Lambda function '{function.id}' connects to {db.kind} '{db.id}' directly: "
                "at peak every execution environment opens its own connection",
                span=edge.span,
                fix=f"put an RDS Proxy between '{function.id}' and '{db.id}' "
                    f"({function.id} -> proxy -> {db.id})",
            )


def replica_limit(engine: str | None) -> tuple[int, str]:
    """Read replicas per source DB instance for an engine name such as "oracle-ee"."""
    for prefix, limit in REPLICA_LIMITS:
        if engine and engine.startswith(prefix):
            return limit, engine
    return DEFAULT_REPLICAS, engine or "MySQL, MariaDB or PostgreSQL"


@rule(
    id="DB003",
    name="rds-read-replica-count",
    title="More RDS read replicas than the engine allows per source",
    severity="error",
    why="""
        An RDS DB instance can have at most 15 read replicas for MySQL, MariaDB and
        PostgreSQL, 5 for Oracle, 5 for SQL Server and 3 for Db2 (by `engine`, e.g.
        `oracle-ee`, `sqlserver-se`, `db2-se`). Creating more is rejected. Checked 2026-11.
    """,
    fix="""
        Stay within the engine's replica limit: chain replicas (MySQL and MariaDB can
        replicate from a replica), cache reads in ElastiCache, or move to Aurora, whose
        15 readers share the cluster volume.
    """,
    sources=[REPLICA_URL, READ_REPLICA_GUIDE],
    failing=['erp: rds { engine = "oracle-ee", read_replicas = 6 }',
             'shop: rds { engine = "postgres", read_replicas = 16 }'],
    passing=['erp: rds { engine = "oracle-ee", read_replicas = 5 }',
             'shop: rds { engine = "postgres", read_replicas = 15 }'],
)
def rds_replica_count(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for db in graph.of_kind("rds"):
        count = db.get("read_replicas")
        if not isinstance(count, int) or isinstance(count, bool):
            continue
        limit, engine = replica_limit(word(db.get("engine")))
        if count > limit:
            yield ctx.finding(
                db,
                f"RDS '{db.id}' declares {count} read replicas; {engine} allows at most "
                f"{limit} per source instance",
                span=db.attr_span("read_replicas"),
            )


def _has_read_scaling(graph: Graph, store: Element) -> str | None:
    """What scales the store's reads, or None: replicas, or a cache next to it
    (a cache edge to or from the store, or from any of the store's clients)."""
    for name in ("read_replicas", "replicas"):
        value = store.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return name
    neighbours = graph.successors(store.id) + graph.predecessors(store.id)
    if any(n.kind in CACHES for n in neighbours):
        return "a cache"
    for client in graph.predecessors(store.id):
        if any(n.kind in CACHES for n in graph.successors(client.id)):
            return "a cache"
    return None


@rule(
    id="DB004",
    name="read-heavy-without-read-scaling",
    title="Read-heavy data store with no read replica or cache",
    severity="info",
    why="""
        A store that serves many reads per write (`read_write_ratio` above the `ratio`
        option) scales better when reads leave the primary: RDS read replicas or Aurora
        replicas take read traffic (replicating asynchronously), and a cache in front
        (ElastiCache, or DAX for DynamoDB, microseconds instead of milliseconds) absorbs
        repeated reads. Without either, the primary must be sized for the read peak.
        A design heuristic; the threshold is an option.
    """,
    fix="""
        Add read replicas (`read_replicas` on RDS, `replicas` on Aurora) and send reads to
        them, or put ElastiCache (DAX for DynamoDB) in front of the store for hot reads.
    """,
    sources=[DAX_URL, READ_REPLICA_GUIDE],
    options=[Option("ratio", 10, "reads per write above which a store counts as read-heavy")],
    failing=[
        """
        api: ecs { count = 2, azs = 2 }
        db: rds { multi_az = true, read_write_ratio = 20 }
        api -> db
        """,
    ],
    passing=[
        """
        api: ecs { count = 2, azs = 2 }
        cache: elasticache { multi_az = true }
        db: rds { multi_az = true, read_write_ratio = 20 }
        api -> [cache, db]
        """,
    ],
)
def read_heavy(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    threshold = float(ctx.options["ratio"])
    for store in graph.of_kind(*sorted(READ_STORES)):
        ratio = store.get("read_write_ratio")
        if not isinstance(ratio, (int, float)) or isinstance(ratio, bool) or ratio <= threshold:
            continue
        if _has_read_scaling(graph, store) is not None:
            continue
        offer = "DAX" if store.kind == "dynamodb" else "read replicas or ElastiCache"
        yield ctx.finding(
            store,
            f"{store.kind} '{store.id}' serves {fmt(ratio)} reads per write (threshold "
            f"{fmt(threshold)}) with no read scaling: no replicas and no cache in front",
            span=store.attr_span("read_write_ratio"),
            fix=f"add {offer} to '{store.id}' for its reads",
        )


@rule(
    id="DB005",
    name="aurora-serverless-capacity",
    title="Aurora Serverless v2 capacity outside AWS's range",
    severity="error",
    why="""
        Aurora Serverless v2 capacity is set in ACUs: the minimum may be 0 only when
        auto-pause is on (`auto_pause`), otherwise at least 0.5; the maximum is at most
        256 ACUs (128 on older engine versions) and not below the minimum; auto-pause
        happens after 300 s to 86,400 s (5 min to 24 h) idle. Values outside are rejected.
        Applies to `aurora` nodes that declare `min_capacity`, `max_capacity` or
        `auto_pause`. Checked 2026-11.
    """,
    fix="""
        Set min_capacity = 0 with auto_pause between 5m and 24h to scale to zero, or at
        least 0.5 otherwise; keep max_capacity at most 256 (check your engine version's
        maximum) and split bigger workloads over readers.
    """,
    sources=[SERVERLESS_URL],
    failing=["reports: aurora { min_capacity = 0, max_capacity = 16 }",
             "reports: aurora { min_capacity = 0.5, max_capacity = 512 }"],
    passing=["reports: aurora { min_capacity = 0, max_capacity = 16, auto_pause = 10m }",
             "orders: aurora { min_capacity = 0.5, max_capacity = 256 }"],
)
def aurora_serverless(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    for db in graph.of_kind("aurora"):
        low, high = db.get("min_capacity"), db.get("max_capacity")
        pause = seconds(db.get("auto_pause"))
        problems: list[tuple[str, str]] = []
        if isinstance(low, (int, float)):
            if low == 0 and pause is None:
                problems.append(("min_capacity", "min_capacity 0 ACU requires auto-pause "
                                 "(auto_pause); without it the minimum is 0.5 ACU"))
            elif 0 < low < ACU_MIN:
                problems.append(("min_capacity", f"min_capacity {fmt(low)} ACU is below the "
                                 "0.5 ACU minimum (0 is allowed only with auto-pause)"))
        if isinstance(high, (int, float)):
            if high > ACU_MAX:
                problems.append(("max_capacity", f"max_capacity {fmt(high)} ACU is over the "
                                 "256 ACU maximum"))
            if isinstance(low, (int, float)) and high < low:
                problems.append(("max_capacity", f"max_capacity {fmt(high)} ACU is below "
                                 f"min_capacity {fmt(low)} ACU"))
        if pause is not None and not AUTO_PAUSE[0] <= pause <= AUTO_PAUSE[1]:
            problems.append(("auto_pause", f"auto_pause {db.get('auto_pause')} (= {fmt(pause)} "
                             "s) is outside 300 s to 86,400 s"))
        for name, text in problems:
            yield ctx.finding(db, f"Aurora Serverless v2 '{db.id}': {text}",
                              span=db.attr_span(name))


RULES = (dynamodb_item_size, lambda_without_proxy, rds_replica_count, read_heavy,
         aurora_serverless)
