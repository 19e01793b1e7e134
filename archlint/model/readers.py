"""Typed readers of attribute values, shared by every rule and analysis.

Kept in one place so that every rule reads an attribute the same way: a bare
name and a string are the same word, `true` is never a number, and a quantity
of the wrong kind reads as absent.
"""

from __future__ import annotations

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


def whole(value: object) -> int | None:
    """A whole number (never a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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


def fmt(number: float) -> str:
    """1048576.0 -> '1,048,576'; 2.5 -> '2.5'."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")
