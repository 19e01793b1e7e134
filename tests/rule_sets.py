"""Slices of the built-in catalogue for tests that run a few rules alone."""

from __future__ import annotations

from archlint.registry import Rule, all_rules


def rule_range(first: str, last: str) -> tuple[Rule, ...]:
    """Built-in rules whose ids run from `first` to `last` (one family), in id order."""
    family = first.rstrip("0123456789")
    found = tuple(r for r in all_rules()
                  if r.family == family and first <= r.id <= last)
    assert found and found[0].id == first and found[-1].id == last, (first, last)
    return found
