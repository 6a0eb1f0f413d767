"""Prices over time: the NdPr oxide price path, ex-China supply, China's response (DESIGN.md §4).

Pure functions. The path's random numbers come from the caller's exogenous stream
(`exogenous_rng`), spawned from the run's seed, so a run, its twin, every attribution switch and
every lever compared on that seed see the same path.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ecosystem.mechanisms.bounds import max2, min2

#: Spawn keys of the exogenous streams (one per kind of event, so adding one shifts no other).
PRICE_STREAM = 0
CHINA_RESPONSE_STREAM = 1


def exogenous_rng(seed: int, stream: int) -> np.random.Generator:
    """A random stream for events outside the firms, drawn from the run's seed only.

    ``SeedSequence(seed, spawn_key=(1, stream))``: independent of the model's own stream (spawn key
    ``()``) and of every other exogenous stream, whatever the model draws during the run.
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1, stream)))


def reversion_factor(half_life_months: float) -> float:
    """Share of a log deviation from the long-run level left after one month: ``0.5 ** (1/h)``."""
    return 0.5 ** (1.0 / half_life_months)


def log_ou_path(
    shocks: np.ndarray,
    start: float,
    long_run: float,
    half_life_months: float,
    volatility_per_yr: float,
) -> np.ndarray:
    """A mean-reverting price path in logs (Ornstein-Uhlenbeck, exact monthly discretisation).

    ``x_{t+1} = mu + phi * (x_t - mu) + s * e_{t+1}`` with ``x = ln price``, ``mu = ln long_run``,
    ``phi = 0.5 ** (1 / half_life)`` and ``s = sigma * sqrt((1 - phi^2) / (2 kappa))``,
    ``kappa = -ln phi`` per month, ``sigma = volatility_per_yr / sqrt(12)`` (so the stationary
    log standard deviation is ``sigma / sqrt(2 kappa)``). ``shocks`` are standard normal draws,
    one per month after month 0; the path has ``len(shocks) + 1`` prices (US$/kg), the first
    ``start``. The median path is ``long_run * (start / long_run) ** (phi ** t)``.
    """
    phi = reversion_factor(half_life_months)
    kappa = -math.log(phi)
    sigma = volatility_per_yr / math.sqrt(12.0)
    step_sd = sigma * math.sqrt((1.0 - phi * phi) / (2.0 * kappa))
    mu = math.log(long_run)
    x = np.empty(len(shocks) + 1)
    x[0] = math.log(start)
    dev = x[0] - mu
    for t, e in enumerate(shocks, start=1):
        dev = phi * dev + step_sd * float(e)
        x[t] = mu + dev
    path = np.exp(x)
    path[0] = start
    return path


def expected_mean_price(
    current: float, long_run: float, half_life_months: float, months: float
) -> float:
    """Median price expected on average over the next ``months`` (US$/kg), given mean reversion.

    ``mean_k long_run * (current / long_run) ** (phi ** k)`` for ``k = 0 .. months - 1``: what a
    firm that knows prices revert expects over a plant's life (not today's price).
    """
    weights = _reversion_powers(half_life_months, max2(1, int(months)))
    return long_run * float(np.exp(math.log(current / long_run) * weights).mean())


@functools.lru_cache(maxsize=16)
def _reversion_powers(half_life_months: float, n: int) -> np.ndarray:
    """``phi ** k`` for ``k = 0 .. n - 1`` (cached: the same for every month of a run)."""
    return reversion_factor(half_life_months) ** np.arange(n, dtype=float)


def exchina_oxide_price(china_usd_per_kg: float, floor_usd_per_kg: float) -> float:
    """Ex-China NdPr oxide price (US$/kg): the floor deals' price, or China's when it is higher.

    ``max(floor, china)`` (facts §2: US$110/kg floor of the DoD-MP and JARE-Lynas deals).
    """
    return max2(floor_usd_per_kg, china_usd_per_kg)


def exchina_supply_t_per_yr(
    month: int, supply0: float, capacity: float, ramp_months: float
) -> float:
    """Non-Chinese NdPr oxide output (t/yr): from today's output toward announced capacity.

    Linear ramp ``supply0 + (capacity - supply0) * min(1, month / ramp)`` (facts §2: Lynas
    ~8 kt/yr, capacity 10.5 → 12 kt/yr; MP ~1.3 kt), never below today's output.
    """
    ramp = min2(1.0, month / ramp_months) if ramp_months > 0 else 1.0
    return max2(supply0, supply0 + (capacity - supply0) * ramp)


def china_response_active(
    occurs: bool, trigger_month: int | None, month: int, duration_months: float
) -> bool:
    """Whether China's strategic price response runs this month.

    It runs when the seed's draw says it ``occurs``, from the month Indian firms' share of India's
    market first reached the trigger (``trigger_month``) for ``duration_months`` (the post-2011
    episode: prices held down for about four years, until Western producers failed).
    """
    if not occurs or trigger_month is None:
        return False
    return 0 <= month - trigger_month < duration_months
