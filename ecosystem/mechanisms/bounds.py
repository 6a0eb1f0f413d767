"""``max2`` and ``min2``: the larger and the smaller of two numbers, as ``max`` and ``min`` give.

Python 3.12's built-in ``max(a, b)`` and ``min(a, b)`` pack their arguments into a tuple, parse
keywords and iterate: about 1,000 machine instructions a call, five times a plain function. The
model's equations bound a value some 40,000 times a run (``max(0.0, x)``, ``min(1.0, x)``), which
made the built-ins a tenth of a forecast run's cost. These return exactly what the built-ins
return for two arguments, ties, signed zeros and NaN included: the first argument unless the
second is strictly larger (``max2``) or smaller (``min2``). Calls with an iterable, more than two
values or a ``key`` keep the built-ins.
"""

from __future__ import annotations


def max2[N: (int, float)](a: N, b: N) -> N:
    """``max(a, b)``: ``b`` if ``b > a``, else ``a``."""
    return b if b > a else a


def min2[N: (int, float)](a: N, b: N) -> N:
    """``min(a, b)``: ``b`` if ``b < a``, else ``a``."""
    return b if b < a else a
