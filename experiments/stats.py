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


# ----------------------------------------------------------------------------- clustered designs
# A forecast runs several seeds at each parameter point: runs of one point are not independent
# draws (they share every parameter), so intervals that treat all runs as independent are too
# narrow whenever the parameters matter more than the seed. These intervals resample or weight
# whole points ("clusters").


def cluster_bootstrap_ci(
    values: np.ndarray,
    clusters: np.ndarray,
    stat: Callable[[np.ndarray], float],
    *,
    n_boot: int = 2000,
    conf: float = CONF,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Statistic with a percentile cluster-bootstrap interval: whole clusters are resampled.

    ``values`` holds one number per run and ``clusters`` the run's parameter point; each
    replicate draws as many points as there are, with replacement, and keeps all runs of each
    drawn point (Davison & Hinkley 1997, §3.8). With one run per point it is the ordinary
    bootstrap. Returns ``(estimate, low, high)``; the interval is NaN below two clusters.
    """
    values = np.asarray(values, dtype=float)
    clusters = np.asarray(clusters)
    if len(values) == 0:
        return (float("nan"),) * 3
    est = float(stat(values))
    labels, inverse = np.unique(clusters, return_inverse=True)
    m = len(labels)
    if m < 2:
        return est, float("nan"), float("nan")
    order = np.argsort(inverse, kind="stable")
    starts = np.searchsorted(inverse[order], np.arange(m))
    ends = np.append(starts[1:], len(values))
    groups = [values[order[s:e]] for s, e in zip(starts, ends, strict=True)]
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, m, size=(n_boot, m))
    with np.errstate(divide="ignore", invalid="ignore"):
        boots = np.array([stat(np.concatenate([groups[i] for i in d])) for d in draws])
    boots = boots[np.isfinite(boots)]
    if len(boots) == 0:
        return est, float("nan"), float("nan")
    lo, hi = np.quantile(boots, [(1 - conf) / 2, 1 - (1 - conf) / 2])
    return est, float(lo), float(hi)


def design_effect(hits: np.ndarray, clusters: np.ndarray) -> float:
    """Kish's design effect of a proportion estimated from clustered runs (at least 1).

    deff = v_cluster / v_srs with the cluster-robust (ratio-estimator) variance
    ``v_cluster = m/(m-1) · Σ_i (k_i − p·n_i)² / N²`` over the ``m`` clusters (``k_i`` hits of
    ``n_i`` runs) and ``v_srs = p(1−p)/N``. When every run or none is a hit the correlation
    cannot be estimated and the worst case is taken: deff = N/m (each point counts once).
    """
    hits = np.asarray(hits, dtype=float)
    labels, inverse = np.unique(np.asarray(clusters), return_inverse=True)
    m, n_total = len(labels), len(hits)
    if n_total == 0 or m == 0:
        return 1.0
    k = np.bincount(inverse, weights=hits, minlength=m)
    n = np.bincount(inverse, minlength=m).astype(float)
    p = k.sum() / n_total
    if p <= 0.0 or p >= 1.0 or m < 2:
        return max(1.0, n_total / m)
    v_cluster = m / (m - 1) * float(np.sum((k - p * n) ** 2)) / n_total**2
    return max(1.0, v_cluster / (p * (1.0 - p) / n_total))


def cluster_wilson(
    hits: np.ndarray, clusters: np.ndarray, conf: float = CONF
) -> tuple[float, float, float]:
    """Proportion of runs that are hits, with a Wilson interval at the effective sample size.

    The effective size is ``N / deff`` (:func:`design_effect`): seeds nested in parameter
    points count for less than independent draws. Equals :func:`wilson` with one run per point.
    Returns ``(p, low, high)``.
    """
    hits = np.asarray(hits, dtype=bool)
    n_total = len(hits)
    if n_total == 0:
        return (float("nan"),) * 3
    p = float(hits.mean())
    n_eff = n_total / design_effect(hits, clusters)
    _, low, high = _wilson_real(p, n_eff, conf)
    return p, low, high


def _wilson_real(p: float, n: float, conf: float) -> tuple[float, float, float]:
    """Wilson score interval for a proportion ``p`` at a (possibly fractional) size ``n``."""
    z = float(_st.norm.ppf(0.5 + conf / 2.0))
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if p <= 0.0 else max(0.0, centre - half)
    high = 1.0 if p >= 1.0 else min(1.0, centre + half)
    return p, low, high
