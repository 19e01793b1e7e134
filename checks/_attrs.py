"""Small readers shared by the catalogue rules: words, quota scopes, numbers.

Kept here so that every rule reads an attribute the same way (a bare name and a
string are the same word; a Region quota is counted per account and Region).
"""

from __future__ import annotations

from archlint.model.graph import Edge, Element, Graph
from archlint.model.values import Duration, Rate, Size


def word(value: object) -> str | None:
    """`express`, `"Express"` -> "express"; anything else -> None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower()
    text = getattr(value, "value", None)
    return text.strip().lower() if isinstance(text, str) else None


def words(value: object) -> set[str]:
    """A word or a list of words, as a set of lowercase strings."""
    items = value if isinstance(value, list) else [value]
    return {w for w in (word(item) for item in items) if w}


def seconds(value: object) -> float | None:
    return value.seconds if isinstance(value, Duration) else None


def size_bytes(value: object) -> float | None:
    return value.bytes if isinstance(value, Size) else None


def per_second(value: object) -> float | None:
    """A `rate` as events per second (`3000/s` or a plain number)."""
    if isinstance(value, Rate):
        return value.per_second
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def is_binary(size: Size) -> bool:
    """Whether the author wrote a binary unit (MiB, GiB...)."""
    return "i" in size.text.lstrip("0123456789._")


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


def directed_edges(graph: Graph) -> list[Edge]:
    """Edges that carry calls or data in the written direction (not `--`)."""
    return [e for e in graph.edges if e.directed]


def fmt(number: float) -> str:
    """1048576.0 -> '1,048,576'; 2.5 -> '2.5'."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")
