"""Interval estimates used by the analyses: Wilson score, bootstrap, Student t."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import stats as _st

CONF = 0.95


def wilson(k: int, n: int, conf: float = CONF) -> tuple[float, float, float]:
    """Proportion ``k/n`` with its Wilson score interval (Wilson 1927; good at p near 0 or 1).

    Returns ``(p, low, high)``; all NaN when ``n`` is 0.
    """
    if n <= 0:
        return (float("nan"),) * 3
    z = float(_st.norm.ppf(0.5 + conf / 2.0))
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k <= 0 else max(0.0, centre - half)  # exact at the ends despite rounding
    high = 1.0 if k >= n else min(1.0, centre + half)
    return p, low, high


def mean_ci(x: np.ndarray, conf: float = CONF) -> tuple[float, float, float]:
    """Mean with a Student-t interval; ``(mean, low, high)`` (interval NaN below 2 values)."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return (float("nan"),) * 3
    m = float(x.mean())
    if len(x) < 2:
        return m, float("nan"), float("nan")
    half = float(_st.t.ppf(0.5 + conf / 2.0, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)))
    return m, m - half, m + half


def bootstrap_ci(
    data: np.ndarray | tuple[np.ndarray, ...],
    stat: Callable[..., float],
    *,
    n_boot: int = 2000,
    conf: float = CONF,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Statistic with a percentile bootstrap interval, resampling rows (pairs stay together).

    ``data`` is one array or a tuple of equally long arrays passed to ``stat`` together (e.g.
    paired differences of cost and output for a ratio).
    """
    arrays = data if isinstance(data, tuple) else (data,)
    arrays = tuple(np.asarray(a, dtype=float) for a in arrays)
    n = len(arrays[0])
    if n == 0:
        return (float("nan"),) * 3
    est = float(stat(*arrays))
    if n < 2:
        return est, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        boots = np.array([stat(*(a[i] for a in arrays)) for i in idx], dtype=float)
    boots = boots[np.isfinite(boots)]
    if len(boots) == 0:
        return est, float("nan"), float("nan")
    lo, hi = np.quantile(boots, [(1 - conf) / 2, 1 - (1 - conf) / 2])
    return est, float(lo), float(hi)
