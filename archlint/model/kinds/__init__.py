"""The vocabulary of archlint: which node kinds and group kinds the DSL knows.

Each node kind carries what the checks need to reason about an architecture
(is it redundant on its own? does it hold data? is it where traffic enters?
are calls into it asynchronous?) and the dotted path of the ``diagrams``
class that draws it.

The table is written by family, one module each (compute, integration, data,
network, operations, external); what a kind is, its traits and categories are
in `base`, the group kinds in `groups`. This module puts the table together and
is the one place rules and the language ask about kinds: `lookup`, `suggest`,
`has_trait`, `kinds_with`. It sits on the lint path, so it imports nothing heavy:
the diagrams classes are referred to by string and only the renderer imports them.
"""

from __future__ import annotations

from archlint.model.kinds import compute, data, external, integration, network, operations
from archlint.model.kinds.base import CATEGORIES, TRAITS, GroupKind, Kind
from archlint.model.kinds.groups import GROUP_KINDS

__all__ = ["CATEGORIES", "GROUP_KINDS", "KINDS", "TRAITS", "GroupKind", "Kind", "has_trait",
           "kinds_with", "lookup", "suggest"]

_TABLE: tuple[Kind, ...] = (*compute.ROWS, *integration.ROWS, *data.ROWS, *network.ROWS,
                            *operations.ROWS, *external.ROWS)
"""Every node kind, in the order docs/kinds.md lists them."""

KINDS: dict[str, Kind] = {kind.name: kind for kind in _TABLE}
"""Canonical name -> Kind. Aliases are not keys here; use :func:`lookup`."""

_BY_SPELLING: dict[str, Kind] = {
    **{alias: kind for kind in _TABLE for alias in kind.aliases},
    **KINDS,
}


def has_trait(kind: str, trait: str) -> bool:
    """Whether the node or group kind named `kind` has `trait` (see :data:`TRAITS`)."""
    found = KINDS.get(kind) or GROUP_KINDS.get(kind)
    return found is not None and (trait in found.traits or getattr(found, trait, None) is True)


def kinds_with(trait: str) -> tuple[str, ...]:
    """Names of the node kinds with `trait`, in table order (for `Graph.of_kind`)."""
    return tuple(k.name for k in _TABLE if trait in k.traits)


def lookup(name: str) -> Kind | None:
    """Return the Kind for a canonical name or alias, or None (exact match)."""
    return _BY_SPELLING.get(name)


_SUGGEST_CUTOFF = 0.6  # difflib's default: "ec3"/"ec2" scores 0.67, "zzzzqqq" nothing


def _shape(text: str) -> str:
    """Letters -> 'a', digits -> '9': lets "ec3" prefer "ec2" over "ecs"."""
    return "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in text)


def suggest(name: str) -> str | None:
    """Closest canonical name or alias for a typo, or None if nothing is close.

    difflib is imported here, not at module level, to keep lint startup lean.
    Ties on similarity are broken by digit/letter shape, then canonical names
    over aliases, then alphabetically, so answers are stable.
    """
    import difflib

    wanted = name.strip().lower()
    if not wanted:
        return None
    shape = _shape(wanted)
    scored: list[tuple[float, float, bool, str]] = []
    for spelling in _BY_SPELLING:
        ratio = difflib.SequenceMatcher(None, spelling, wanted).ratio()
        if ratio >= _SUGGEST_CUTOFF:
            shape_ratio = difflib.SequenceMatcher(None, _shape(spelling), shape).ratio()
            scored.append((-ratio, -shape_ratio, spelling not in KINDS, spelling))
    return min(scored)[3] if scored else None
