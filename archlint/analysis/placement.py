"""Where a component runs, as the document says: copies, Availability Zones, scope.

One model for every rule. A component's placement is read innermost first, from
the component and then the groups around it:
- `zone = a` names the one AZ it is in (`zone` may name an `az` group by id or
  label: `zone = "eu-west-1a"` matches `az a "eu-west-1a"`);
- an enclosing `az` group puts it in that AZ (`count = N` on the group: N AZs);
- `azs = N` spreads its copies over N unnamed AZs, written on the component or on
  an enclosing asg, group or subnet (groups whose copies are its members).
Placement that is not written is never assumed: the rules report only what the
document says. `quota_scope` gives the account and Region a quota counts in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Mapping

from archlint.analysis import per_graph
from archlint.model.graph import Element, Graph, Group
from archlint.model.record import Record, assign
from archlint.model.kinds import has_trait
from archlint.model.readers import whole, word

def copies(element: Element) -> int:
    """Copies this line stands for: its count (or cluster nodes) times enclosing counts.
    Asked of every component a rule judges: attributes are read only where written,
    the count without `Element.count`'s property call (the same reading: an `int` by
    class, never a bool; keep the two in step, tests/test_spof.py holds them)."""
    written = element.attrs.get("count")
    own = written.value if written is not None and written.value.__class__ is int else 1
    if "nodes" in element.attrs:
        nodes = whole(element.get("nodes"))
        if nodes is not None and has_trait(element.kind, "node_cluster"):
            own = max(own, nodes)
    group = element.parent
    while group is not None:
        if "count" in group.attrs:   # most groups have none: no property read
            own *= group.count
        group = group.parent
    return own


class Placement(Record, frozen=True):
    """The AZs an element's copies run in (those named, and at least `spread` of
    them) and the words of the document that say so."""

    __slots__ = ("zones", "spread", "source", "count")
    zones: frozenset[str]
    spread: int
    source: str
    if TYPE_CHECKING:
        # How many distinct AZs are known (0: not written). Worked out once, when
        # made: rules ask it of every component they judge, and most share one
        # placement (`_NOWHERE`). Not a field: it follows from the others.
        count: int

    def __init__(self, zones: frozenset[str] = frozenset(), spread: int = 0, source: str = "") -> None:
        assign(self, "zones", zones)
        assign(self, "spread", spread)
        assign(self, "source", source)
        named = len(zones)
        assign(self, "count", named if named > spread else spread)

    @property
    def azs(self) -> int | None:
        """How many AZs, or None when the document does not say."""
        return self.count or None

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


def placement(element: Element, names: Mapping[str, str] | None = None) -> Placement:
    """The innermost placement written on the element or the groups around it.

    `names` maps `az` group ids and labels (lowercase) to the group's id, so that
    zones written either way compare equal (see `zone_names`).
    """
    holder: Element | None = element
    while holder is not None:   # the element, then its groups, innermost first
        attrs = holder.attrs    # values read only where written: asked of every component
        if "zone" in attrs and (zone := word(holder.get("zone"))) is not None:
            said = f"zone = {holder.get('zone')}"
            if holder is not element:
                said = f"{holder.kind} '{holder.id}' has {said}"
            return Placement(frozenset({(names or {}).get(zone, zone)}), 1, said)
        if holder.kind == "az" and isinstance(holder, Group):
            return Placement(frozenset({holder.id}), holder.count, f"inside az '{holder.id}'")
        if "azs" in attrs and (spread := whole(holder.get("azs"))) is not None:
            if holder is element:
                return _spread_over(spread)
            if has_trait(holder.kind, "replicating"):
                return Placement(spread=spread, source=f"{holder.kind} '{holder.id}' has azs = {spread}")
        holder = holder.parent
    return _NOWHERE


_NOWHERE = Placement()   # nothing written: the answer for most components


@lru_cache(maxsize=64)
def _spread_over(spread: int) -> Placement:
    """`azs = N` written on the component itself: one shared value per N, since
    placement is asked for every component of a graph (AVL001, REL001, REL002)."""
    return Placement(spread=spread, source=f"azs = {spread}")


@per_graph
def zone_names(graph: Graph) -> dict[str, str]:
    """Lowercase id or label of every `az` group -> the group's id."""
    names: dict[str, str] = {}
    for group in graph.of_kind("az"):
        names.setdefault(group.id.lower(), group.id)
        if group.label:
            names.setdefault(group.label.lower(), group.id)
    return names


def zones_of(graph: Graph, element: Element, *, deep: bool = False) -> Placement:
    """`placement` with AZs named by their `az` group; `deep`: a group with no
    placement of its own is where its members are."""
    names = zone_names(graph)
    own = placement(element, names)
    if own.count or not deep or not isinstance(element, Group):
        return own
    total = Placement()
    for member in graph.members(element):
        total = total | placement(member, names)
    return total


def quota_scope(element: Element) -> tuple[str, str]:
    """(account, Region) the element counts against: Region quotas are per account
    and Region. Elements outside any account/region group share the document's."""
    account = element.enclosing("account")
    region = element.enclosing("region")
    return (account.id if account else "", region.id if region else "")


def scope_text(scope: tuple[str, str]) -> str:
    account, region = scope
    parts = [f"Region '{region}'" if region else "", f"account '{account}'" if account else ""]
    shown = " in ".join(p for p in parts if p)
    return shown or "this document (one account and Region)"
