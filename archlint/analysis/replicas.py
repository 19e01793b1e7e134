"""Read replicas drawn as their own node: `userdb_ro: rds { replica_of = userdb }`.

A diagram commonly draws the replica beside its primary. Such a node is the
primary's read replica, not a database of its own: the replica rules count it
(replica limits, read scaling, "not a failover target"), and the rules about a
database's own redundancy (REL001, REL004) judge the primary only.
"""

from __future__ import annotations

from archlint.analysis import per_graph
from archlint.model.graph import Element, Graph
from archlint.model.readers import whole

REPLICA_KINDS = frozenset({"rds", "aurora"})


def primary_of(element: Element) -> str | None:
    """The id this node is a read replica of, or None (ids keep their case)."""
    value = element.get("replica_of")
    text = value if isinstance(value, str) else getattr(value, "value", None)
    return text if isinstance(text, str) and text else None


@per_graph
def _replicas_by_primary(graph: Graph) -> dict[tuple[str, str], list[Element]]:
    """(kind, primary id) -> the nodes of that kind with `replica_of = id`, in source
    order: one pass per graph (asked per database, a scan each was quadratic). Only
    rds and aurora nodes are read: the builder refuses `replica_of` on any other
    kind, and only databases of these kinds are looked up (scanning every element
    read the attributes of all 50,000 at 100k lines for 3,400 databases)."""
    found: dict[tuple[str, str], list[Element]] = {}
    for element in graph.of_kind(*sorted(REPLICA_KINDS)):
        primary = primary_of(element)
        if primary is not None:
            found.setdefault((element.kind, primary), []).append(element)
    return found


def replica_nodes(graph: Graph, db: Element) -> list[Element]:
    """Nodes declared as read replicas of `db` (`replica_of = db`)."""
    return list(_replicas_by_primary(graph).get((db.kind, db.id), ()))


def replica_count(graph: Graph, db: Element) -> int:
    """`read_replicas` on the primary plus replicas drawn as their own nodes (asked
    for every RDS node by REL004 and DB003: no copy of the list, no read of an
    attribute that is not written)."""
    written = whole(db.get("read_replicas")) if "read_replicas" in db.attrs else None
    drawn = _replicas_by_primary(graph).get((db.kind, db.id))
    return (written or 0) + (len(drawn) if drawn else 0)
