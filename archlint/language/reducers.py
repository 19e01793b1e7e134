"""lark's per-rule callbacks, each written out as one small function.

For every rule lark builds a callback from the grammar: a child filter (which
children to keep, where an optional part that was left out gets its None, which
children are inline `_rules` whose own children take their place), then the
transformer's method, or `Tree` for an inline rule, which the parent only
unpacks. The driver calls one callback per reduction, about one per token, and
the generic filter loop plus a Tree per statement and per list item were a fifth
of the parse. This module reads each filter's own description (lark's
`to_include` and `append_none`) and writes it as one function of a few list
operations, and gives an inline rule the list of its children instead of a Tree.
The transformer is called with the same children; `tests/test_lexer.py` compares
the trees with lark's on every input it has.
"""

from __future__ import annotations

import inspect
from functools import lru_cache, partial
from types import CodeType
from typing import Any, Callable

Children = list


def compile_callbacks(callbacks: dict[Any, Callable], tree_class: type) -> dict[Any, Callable] | None:
    """One function per rule (terminal callbacks kept), or None if lark built a
    callback of a kind this module does not know (then the driver keeps lark's)."""
    compiled: dict[Any, Callable] = {}
    for rule, callback in callbacks.items():
        if isinstance(rule, str):   # a transformer method named after a terminal
            compiled[rule] = callback
            continue
        steps, append_none, builder = _filter_of(callback)
        if builder is None:
            return None
        inline = _is_tree(builder, tree_class)
        if inline and not rule.origin.name.startswith("_"):
            return None             # a Tree that stays in the result: lark builds it
        if steps is None:
            compiled[rule] = _return_children if inline else builder
        else:
            compiled[rule] = _function(steps, append_none, None if inline else builder)
    return compiled


def _filter_of(callback: Callable) -> tuple[list | None, int, Callable | None]:
    """(steps (index, expand, Nones before it) or None, Nones at the end, builder)."""
    from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders

    if type(callback) is ChildFilterLALR:
        steps, append_none, builder = list(callback.to_include), callback.append_none, callback.node_builder
    elif type(callback) is ChildFilterLALR_NoPlaceholders:
        steps, append_none = [(i, expand, 0) for i, expand in callback.to_include], 0
        builder = callback.node_builder
    else:
        steps, append_none, builder = None, 0, callback
    if not (inspect.ismethod(builder) or isinstance(builder, partial)):
        return None, 0, None        # another wrapper (positions, ambiguity): unknown here
    return steps, append_none, builder


def _is_tree(builder: Callable, tree_class: type) -> bool:
    return isinstance(builder, partial) and builder.func is tree_class and not builder.keywords


def _return_children(children: Children) -> Children:
    return children


def _function(steps: list, append_none: int, builder: Callable | None) -> Callable[[Children], Any]:
    """The filter as straight-line code: `c` the children, `f` the filtered list.
    An inline child's list is extended in place, as lark's LALR filter does."""
    lines: list[str] = []
    pending: list[str] = []   # items not yet in `f`

    def flush() -> None:
        if not lines:
            lines.append(f"f = [{', '.join(pending)}]")
        elif len(pending) == 1:
            lines.append(f"f.append({pending[0]})")   # a list's next item: the most common
        elif pending:
            lines.append(f"f += ({', '.join(pending)},)")
        pending.clear()

    for index, expand, nones in steps:
        pending.extend(["None"] * nones)
        if not expand:
            pending.append(f"c[{index}]")
        elif not lines and not pending:
            lines.append(f"f = c[{index}]")
        else:
            flush()
            lines.append(f"f += c[{index}]")
    pending.extend(["None"] * append_none)
    flush()
    result = "f" if builder is None else "builder(f)"
    source = "def reduce(c):\n    " + "\n    ".join(lines) + f"\n    return {result}\n"
    namespace: dict[str, Any] = {"builder": builder}
    exec(_compiled(source), namespace)  # noqa: S102 - our own text
    return namespace["reduce"]


@lru_cache(maxsize=None)
def _compiled(source: str) -> CodeType:
    """Compiled once per text: the grammar's 51 rules need 23 distinct ones (each
    run of the code object makes a new function, bound to its own `builder`)."""
    return compile(source, "<archlint.language.reducers>", "exec")
