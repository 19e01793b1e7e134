"""Property values -> typed archlint attribute values, one converter per unit.

Shared by the CloudFormation and Terraform tables: a converter takes what the
template says (a number, a string, a list) and returns an attribute value, or
None when the value does not fit (the importer then notes it, never guesses).
"""

from __future__ import annotations

from typing import Any, Callable

from archlint.model.values import Duration, Size, Value


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) < 1e15 else None


def _whole(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def _quantity(factor: float, unit: str, cls: type) -> Callable[[Any], Value | None]:
    def convert(value: Any) -> Value | None:
        number = _number(value)
        if number is None or number < 0:
            return None
        return cls(number * factor, f"{number:g}{unit}")
    return convert


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _count(value: Any) -> int | None:
    number = _whole(value)
    return number if number is not None and number >= 1 else None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


def _lower(value: Any) -> str | None:
    text = _text(value)
    return text.lower() if text is not None else None


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, list) and value else None


def _az_mode(value: Any) -> int | None:
    return {"cross-az": 2, "single-az": 1}.get(str(value).lower()) if isinstance(value, str) else None


def _mq_multi_az(value: Any) -> bool | None:
    if not isinstance(value, str):
        return None
    return value.upper() in ("ACTIVE_STANDBY_MULTI_AZ", "CLUSTER_MULTI_AZ")


CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "seconds": _quantity(1, "s", Duration),
    "hours": _quantity(3600, "h", Duration),
    "days": _quantity(86400, "d", Duration),
    "mb": _quantity(10**6, "MB", Size),
    "gib": _quantity(2**30, "GiB", Size),
    "bytes": _quantity(1, "B", Size),
    "int": lambda v: n if (n := _whole(v)) is not None and n >= 0 else None,
    "count": _count,
    "number": lambda v: (int(n) if n.is_integer() else n) if (n := _number(v)) is not None and n >= 0 else None,
    "bool": _bool,
    "present": lambda v: True if v is not None else None,
    "str": _text,
    "lower": _lower,
    "length": _length,
    "replicas": lambda v: (len(v) + 1) if isinstance(v, list) and v else None,   # + the home Region
    "az_mode": _az_mode,
    "mq_multi_az": _mq_multi_az,
}


def convert(converter: str, value: Any) -> Any:
    return CONVERTERS[converter](value)
