"""Records with a dataclass's behaviour, defined without its start-up cost.

`@dataclass` writes its methods (`__init__`, `__repr__`, `__eq__`, and for a frozen
class `__hash__`, `__setattr__`, `__delattr__`) as source text and compiles them
every time the class is defined: 0.15-0.6 ms a class on CPython 3.11, and a check
run used to define 44 of them before reading a line (docs/performance.md). A
`Record` declares its fields as annotations, writes its own `__init__` (a few
stores, as fast as the generated one), and gets the rest here, from the field
names, without compiling anything:

    class Size(Record, frozen=True):
        __slots__ = ("bytes", "text")
        bytes: float
        text: str

        def __init__(self, bytes: float, text: str) -> None:
            assign(self, "bytes", bytes)   # object.__setattr__: the record is frozen
            assign(self, "text", text)

- `repr` as a dataclass's: `Size(bytes=5.0, text='5B')`;
- `eq=True`: equal only to a record of the same class with equal fields (never to
  a tuple or another class with the same fields); unhashable, like a dataclass
  with `eq=True` that is not frozen. Without it, equality is identity;
- `frozen=True` (implies eq): hashable by its fields, assignment and deletion raise
  `dataclasses.FrozenInstanceError`, and copy and pickle rebuild it through
  `__init__` (which must take every field, positionally, in order).

The fields are the annotations of the record's classes, bases first, as for a
dataclass; a name starting with `_` is bookkeeping, left out of repr and equality
(a dataclass's `field(repr=False, compare=False)`). Use a dataclass where its
other features are needed (`dataclasses.fields`, `dataclasses.replace`).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any, Callable

assign = object.__setattr__
"""How a frozen record's `__init__` stores a field (its own `__setattr__` refuses)."""


class Record:
    """The base of a record; see the module's docstring."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _values: Callable[[Any], tuple]   # the fields' values as a tuple (set per class)

    def __init_subclass__(cls, eq: bool = False, frozen: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = tuple(name for klass in reversed(cls.__mro__) if issubclass(klass, Record)
                            for name in klass.__dict__.get("__annotations__", {})
                            if not name.startswith("_"))
        getter = attrgetter(*cls._fields) if cls._fields else (lambda record: ())
        cls._values = staticmethod(  # type: ignore[assignment]
            (lambda record: (getter(record),)) if len(cls._fields) == 1 else getter)
        methods: dict[str, object] = {}
        if eq or frozen:
            methods.update(__eq__=_eq, __hash__=_hash if frozen else None)
        if frozen:
            methods.update(__setattr__=_refuse_assignment, __delattr__=_refuse_deletion,
                           __reduce__=_reduce)
        for name, method in methods.items():
            if name not in cls.__dict__:   # the class's own method wins, as with a dataclass
                setattr(cls, name, method)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values(self)))
        return f"{type(self).__qualname__}({shown})"


def _eq(self: Record, other: object) -> bool:
    if other.__class__ is self.__class__:
        return self._values(self) == self._values(other)
    return NotImplemented


def _hash(self: Record) -> int:
    return hash(self._values(self))


def _refuse_assignment(self: Record, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: Record, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _reduce(self: Record) -> tuple:
    return type(self), self._values(self)
