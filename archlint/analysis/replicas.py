"""Read replicas drawn as their own node: `userdb_ro: rds { replica_of = userdb }`.

A diagram commonly draws the replica beside its primary. Such a node is the
primary's read replica, not a database of its own: the replica rules count it
(replica limits, read scaling, "not a failover target"), and the rules about a
database's own redundancy (REL001, REL004) judge the primary only.
"""

from __future__ import annotations

from archlint.model.graph import Element, Graph
from archlint.model.readers import whole

REPLICA_KINDS = frozenset({"rds", "aurora"})


def primary_of(element: Element) -> str | None:
    """The id this node is a read replica of, or None (ids keep their case)."""
    value = element.get("replica_of")
    text = value if isinstance(value, str) else getattr(value, "value", None)
    return text if isinstance(text, str) and text else None


def replica_nodes(graph: Graph, db: Element) -> list[Element]:
    """Nodes declared as read replicas of `db` (`replica_of = db`)."""
    return [n for n in graph.of_kind(db.kind) if primary_of(n) == db.id]


def replica_count(graph: Graph, db: Element) -> int:
    """`read_replicas` on the primary plus replicas drawn as their own nodes."""
    return (whole(db.get("read_replicas")) or 0) + len(replica_nodes(graph, db))
