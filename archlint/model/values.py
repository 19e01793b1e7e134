"""Typed attribute values and their units, parsed once, in one place.

AWS documents some limits in decimal units (S3: "5 GB", "100 MB") and others in
binary ones (S3 part size "5 MiB"; Lambda memory "10,240 MB" meaning MiB-ish
megabytes). archlint keeps MB (10^6 B) and MiB (2^20 B) distinct so that a rule
compares against exactly the number AWS wrote, in the unit AWS wrote it in.
"""

from __future__ import annotations

import re
from typing import Union

from archlint.model.record import Record, assign

SECONDS_PER_UNIT: dict[str, float] = {
    "ms": 0.001,
    "s": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "y": 365 * 86400,
}

BYTES_PER_UNIT: dict[str, int] = {
    "B": 1,
    "KB": 10**3, "kB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "PB": 10**15,
    "KiB": 2**10, "kiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50,
}

RATE_UNITS: tuple[str, ...] = ("/s", "rps")
PERCENT_UNIT = "%"


def all_units() -> frozenset[str]:
    """Every unit a quantity may carry. The grammar's QUANTITY terminal accepts exactly
    these (tests/test_vocabulary.py reads the grammar to prove it)."""
    return frozenset({*SECONDS_PER_UNIT, *BYTES_PER_UNIT, *RATE_UNITS, PERCENT_UNIT,
                      *(f"{unit}/s" for unit in BYTES_PER_UNIT)})


_QUANTITY = re.compile(r"^(?P<number>[0-9][0-9_]*(?:\.[0-9]+)?)(?P<unit>.*)$")


class Duration(Record, frozen=True):  # slots: ~100k values in a 100k-line document
    """A length of time; `text` keeps what the author wrote, for messages."""

    __slots__ = ("seconds", "text")
    seconds: float
    text: str

    def __init__(self, seconds: float, text: str) -> None:
        assign(self, "seconds", seconds)
        assign(self, "text", text)

    def __str__(self) -> str:
        return self.text


class Size(Record, frozen=True):  # slots: ~100k values in a 100k-line document
    """An amount of data in bytes (decimal or binary units, as written)."""

    __slots__ = ("bytes", "text")
    bytes: float
    text: str

    def __init__(self, bytes: float, text: str) -> None:
        assign(self, "bytes", bytes)
        assign(self, "text", text)

    def __str__(self) -> str:
        return self.text


class Percent(Record, frozen=True):  # slots: ~100k values in a 100k-line document
    """A percentage such as an availability target: `99.95%` has value 99.95."""

    __slots__ = ("value", "text")
    value: float
    text: str

    def __init__(self, value: float, text: str) -> None:
        assign(self, "value", value)
        assign(self, "text", text)

    @property
    def fraction(self) -> float:
        return self.value / 100

    def __str__(self) -> str:
        return self.text


class Throughput(Record, frozen=True):  # slots: ~100k values in a 100k-line document
    """Data per second, e.g. `5MB/s`."""

    __slots__ = ("bytes_per_second", "text")
    bytes_per_second: float
    text: str

    def __init__(self, bytes_per_second: float, text: str) -> None:
        assign(self, "bytes_per_second", bytes_per_second)
        assign(self, "text", text)

    def __str__(self) -> str:
        return self.text


class Rate(Record, frozen=True):  # slots: ~100k values in a 100k-line document
    """Events per second, e.g. `3000/s` or `3000rps`."""

    __slots__ = ("per_second", "text")
    per_second: float
    text: str

    def __init__(self, per_second: float, text: str) -> None:
        assign(self, "per_second", per_second)
        assign(self, "text", text)

    def __str__(self) -> str:
        return self.text


class Name(Record, frozen=True):  # slots: ~100k values in a 100k-line document
    """A bare word such as `gp3` or `https`: an enumerated choice, not a reference."""

    __slots__ = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        assign(self, "value", value)

    def __str__(self) -> str:
        return self.value


Value = Union[
    Duration, Size, Percent, Throughput, Rate, Name, str, bool, int, float, "list[Value]"
]


def parse_number(text: str) -> int | float:
    """`1_000` -> 1000, `2.5` -> 2.5."""
    clean = text.replace("_", "")
    # Past 4,300 digits int() raises; as a float it is inf, which the builder refuses.
    return float(clean) if "." in clean or len(clean) > 1000 else int(clean)


def parse_quantity(text: str) -> Duration | Size | Percent | Throughput | Rate:
    """Turn a number glued to its unit into a typed value.

    The grammar guarantees the shape; an unknown unit raises ValueError.
    """
    match = _QUANTITY.match(text)
    if match is None:
        raise ValueError(f"not a quantity: {text!r}")
    number = float(match["number"].replace("_", ""))
    unit = match["unit"]
    if unit in SECONDS_PER_UNIT:
        return Duration(number * SECONDS_PER_UNIT[unit], text)
    if unit in BYTES_PER_UNIT:
        return Size(number * BYTES_PER_UNIT[unit], text)
    if unit == PERCENT_UNIT:
        return Percent(number, text)
    if unit in RATE_UNITS:
        return Rate(number, text)
    if unit.endswith("/s") and unit[:-2] in BYTES_PER_UNIT:
        return Throughput(number * BYTES_PER_UNIT[unit[:-2]], text)
    raise ValueError(f"unknown unit {unit!r} in {text!r}")


def type_name(value: object) -> str:
    """How a value's type is called in messages ("a duration", "a size", ...)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return {
        Duration: "a duration",
        Size: "a size",
        Percent: "a percentage",
        Throughput: "a throughput",
        Rate: "a rate",
        Name: "a name",
    }.get(type(value), type(value).__name__)


def format_bytes(count: float) -> str:
    """Render a byte count in the largest decimal unit that keeps it readable."""
    for unit, factor in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count:g} B"


def format_seconds(seconds: float) -> str:
    """900 -> '900 s (15 min)'."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds / 60
        if minutes >= 60 and minutes % 60 == 0:
            return f"{seconds:g} s ({minutes / 60:g} h)"
        return f"{seconds:g} s ({minutes:g} min)"
    return f"{seconds:g} s"
