"""Cost family: inputs that once took minutes or gigabytes stay near-linear.

Each case of bench/cost.py is checked at size n and k*n; the ratio of CPU time
(or peak memory) must stay far below what a quadratic or exponential analysis
gives (k*k, 2^n). The bounds are generous on purpose: this catches a blow-up,
not a 10% drift; `python bench/cost.py` prints the measured ratios. A large size
that costs under MIN_SECONDS has nothing left to blow up and passes as is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import cost  # noqa: E402

MIN_SECONDS = 0.05


def bound(case: "cost.Case") -> float:
    """Linear gives k; allow 3k (never reaching k*k for k >= 8, nor 2^n for levels)."""
    if case.measure == "memory":
        return 2.0   # keeping each block's graph gave 3.6 for 4x the blocks
    return 3.0 * case.factor


@pytest.mark.parametrize("case", cost.CASES, ids=lambda c: c.name)
def test_cost_stays_near_linear(case: "cost.Case") -> None:
    small, large, a, b = cost.ratio(case)
    if case.measure == "time" and b < MIN_SECONDS:
        return
    assert b / a < bound(case), f"{case.name}: n={small} {a:.4g}, n={large} {b:.4g}"
