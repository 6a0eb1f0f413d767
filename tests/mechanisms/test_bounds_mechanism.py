"""`max2` / `min2` return what the built-ins return for two numbers, ties and NaN included."""

from __future__ import annotations

import itertools
import math

from ecosystem.mechanisms.bounds import max2, min2

VALUES = (0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, math.inf, -math.inf, math.nan, 0, 1, -2, 3)


def _same(x: float, y: float) -> bool:
    """Identical numbers: equal with the same sign of zero, or both NaN."""
    if isinstance(x, float) and math.isnan(x):
        return isinstance(y, float) and math.isnan(y)
    return x == y and type(x) is type(y) and math.copysign(1.0, x) == math.copysign(1.0, y)


def test_max2_is_max_of_two():
    for a, b in itertools.product(VALUES, repeat=2):
        assert max2(a, b) is max(a, b), (a, b)


def test_min2_is_min_of_two():
    for a, b in itertools.product(VALUES, repeat=2):
        assert min2(a, b) is min(a, b), (a, b)


def test_ties_keep_the_first_argument():
    assert _same(max2(0.0, -0.0), 0.0) and _same(max2(-0.0, 0.0), -0.0)
    assert _same(min2(0.0, -0.0), 0.0) and _same(min2(-0.0, 0.0), -0.0)
    assert _same(max2(1, 1.0), 1) and _same(min2(1.0, 1), 1.0)


def test_nan_follows_the_builtins():
    assert _same(max2(0.0, math.nan), 0.0) and _same(max2(math.nan, 0.0), math.nan)
    assert _same(min2(0.0, math.nan), 0.0) and _same(min2(math.nan, 0.0), math.nan)
