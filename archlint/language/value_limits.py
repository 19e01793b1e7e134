"""What a value may be before the builder refuses it with a positioned error.

Rules do arithmetic on values; a list nested a thousand deep or a number with a
thousand digits would only crash or overflow them, so they never reach a rule.
"""

from __future__ import annotations

from archlint.model.values import Name

MAX_LIST_DEPTH = 20          # lists inside lists in a value
MAX_NUMBER = 10**18          # larger numbers (and inf) only overflow rules' arithmetic
_PLAIN = frozenset({str, bool, Name})   # hold no number
_NUMBERS = frozenset({int, float})
_TOO_LARGE = f"numbers larger than {MAX_NUMBER:.0e} are not supported"


def out_of_range(value: object) -> str | None:
    """Why a value cannot be used (too deeply nested, too large a number), or None.

    Iterative, so that a hostile `[[[[...]]]]` cannot exhaust the stack.
    """
    if value.__class__ is not list:   # most values: asked for every attribute written
        return _scalar_out_of_range(value)
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if item.__class__ is list:
            if depth >= MAX_LIST_DEPTH:
                return f"lists nested deeper than {MAX_LIST_DEPTH} levels"
            stack.extend((v, depth + 1) for v in item)
        elif (problem := _scalar_out_of_range(item)) is not None:
            return problem
    return None


def _scalar_out_of_range(item: object) -> str | None:
    kind = item.__class__
    if kind in _PLAIN:
        return None
    if kind in _NUMBERS:
        return None if abs(item) <= MAX_NUMBER else _TOO_LARGE  # type: ignore[arg-type]  # also inf, nan
    # a typed value (archlint/model/values.py, slotted): its number fields
    parts = [getattr(item, name) for name in getattr(kind, "__slots__", ())]
    if any(not abs(v) <= MAX_NUMBER for v in parts if v.__class__ in _NUMBERS):
        return _TOO_LARGE
    return None
