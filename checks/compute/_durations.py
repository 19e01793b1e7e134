"""Reading and showing the durations that CMP001 and CMP002 compare with hard limits."""

from __future__ import annotations

from archlint.model.graph import Edge, Element
from archlint.model.readers import seconds
from archlint.model.values import Duration

def shown_seconds(value: Duration) -> str:
    """34560000.0 -> '34,560,000'; keeps fractions such as 900.5."""
    seconds = value.seconds
    return f"{seconds:,.0f}" if seconds == int(seconds) else f"{seconds:,.3f}".rstrip("0")


def duration(holder: Element | Edge, name: str) -> Duration | None:
    value = holder.get(name)
    return value if isinstance(value, Duration) else None
