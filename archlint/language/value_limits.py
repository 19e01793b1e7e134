"""What a value may be before the builder refuses it with a positioned error.

Rules do arithmetic on values; a list nested a thousand deep or a number with a
thousand digits would only crash or overflow them, so they never reach a rule.
"""

from __future__ import annotations

MAX_LIST_DEPTH = 20          # lists inside lists in a value
MAX_NUMBER = 10**18          # larger numbers (and inf) only overflow rules' arithmetic
_PLAIN = frozenset({str, bool})   # hold no number


def out_of_range(value: object) -> str | None:
    """Why a value cannot be used (too deeply nested, too large a number), or None.

    Iterative, so that a hostile `[[[[...]]]]` cannot exhaust the stack.
    """
    if value.__class__ in _PLAIN:   # most values: asked for every attribute written
        return None
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list):
            if depth >= MAX_LIST_DEPTH:
                return f"lists nested deeper than {MAX_LIST_DEPTH} levels"
            stack.extend((v, depth + 1) for v in item)
            continue
        # a typed value (archlint/model/values.py, slotted): its fields; else the item
        parts = [getattr(item, name) for name in getattr(type(item), "__slots__", ())] or [item]
        numbers = [v for v in parts if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if any(not abs(n) <= MAX_NUMBER for n in numbers):  # also catches inf and nan
            return f"numbers larger than {MAX_NUMBER:.0e} are not supported"
    return None
