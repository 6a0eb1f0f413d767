"""Stylised facts as paired-seed ensembles (STYLE.md 'Tests read as a specification').

Each fact compares two scenarios run on the same seeds (spawned from one master seed as in
DESIGN.md §2) on a continuous output, with the tolerance stated in the test. Seeds are paired, so
a difference is the effect of the change, not of a different draw.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from ecosystem import simulate
from tests.helpers import spawn_seeds, t_interval

N_SEEDS = 16
SEEDS = tuple(spawn_seeds(20251215, N_SEEDS))
#: The china_shock scenario's controls (18 months, DESIGN.md §7) start at month 48, while the
#: scheme's plants (awarded at month 14) are still being built: the scheme cushions that shock a
#: little (16 of 16 seeds; median −63 t of unmet demand over the window). Moved to month 72, once
#: the plants are built, it cushions it by a median 631 t. Both are tested.
SHOCK_STARTS = (48, 72)
#: Months of the controls plus one.
SHOCK_SPAN = 18


@cache
def ensemble(scenario: str, twin: bool = False, **overrides) -> tuple:
    """One run per seed (no agent rows), cached across the tests of this module."""
    return tuple(
        simulate(scenario, seed=s, twin=twin, record_agents=False, **overrides) for s in SEEDS
    )


def target_output(results) -> np.ndarray:
    return np.array([r.summary["production_target_t"] for r in results])


def unmet_in_window_t(ts: pd.DataFrame, lo: int) -> float:
    """Tonnes of demand left unmet from month ``lo`` to the end of a shock starting then."""
    hi = lo + SHOCK_SPAN
    window = ts[(ts["month"] >= lo) & (ts["month"] <= hi)]
    return float(window["unmet_demand_t"].sum() / 12.0)


def test_no_scheme_leaves_little_domestic_output():
    """Without the scheme the median seventh-year output is below 60% of the scheme's."""
    base, none = target_output(ensemble("baseline")), target_output(ensemble("no_scheme"))
    assert np.median(base) > 0.0
    assert np.median(none) < 0.6 * np.median(base), (np.median(none), np.median(base))
    assert np.mean(none <= base) >= 0.8  # paired: rarely more without the scheme


def test_twin_makes_at_least_what_its_run_makes():
    """Removing the gap (tender fixed) raises output: median shortfall > 0, ≥ 80% of seeds."""
    results = ensemble("baseline", twin=True)
    shortfall = np.array([r.summary["shortfall_due_to_gap_t"] for r in results])
    twin = np.array([r.twin.summary["production_target_t"] for r in results])
    run = target_output(results)
    np.testing.assert_allclose(shortfall, twin - run, atol=1e-9)
    assert np.median(shortfall) > 0.0, shortfall
    assert np.mean(twin >= run) >= 0.8, np.mean(twin >= run)


def test_partnership_push_is_ahead_of_going_it_alone():
    """Paired mean of partnership_push − go_it_alone at month 84 > 0 (95% t-interval)."""
    diff = target_output(ensemble("partnership_push")) - target_output(ensemble("go_it_alone"))
    low, high = t_interval(diff)
    assert low > 0.0, (diff.mean(), low, high)


@pytest.mark.parametrize(("low_rate", "high_rate"), [(0.1, 0.35)])
def test_faster_learning_gives_more_output(low_rate, high_rate):
    """learning_rate 0.35 vs 0.1: paired mean difference at month 84 > 0 (95% t-interval)."""
    slow = target_output(ensemble("baseline", learning_rate=low_rate))
    fast = target_output(ensemble("baseline", learning_rate=high_rate))
    diff = fast - slow
    low, high = t_interval(diff)
    assert low > 0.0, (diff.mean(), low, high)


def test_expertise_gap_closes_over_time():
    """The capacity-weighted gap at the horizon is below its value when building began (≥ 80%)."""
    closes = []
    for r in ensemble("baseline"):
        gap = r.timeseries["expertise_gap"].dropna()
        closes.append(gap.iloc[-1] < gap.iloc[0])
    assert np.mean(closes) >= 0.8


@pytest.mark.parametrize("start", SHOCK_STARTS)
def test_scheme_cushions_a_china_shock(start):
    """Cumulative unmet demand over the shock's window rises less with the scheme than without.

    Rise with the scheme: china_shock (from ``start``) − baseline; without: the same shock with
    scheme_enabled=false − no_scheme; each paired by seed. Compared by their medians and by the
    median of the paired difference of the two rises.
    """

    def unmet(results):
        return np.array([unmet_in_window_t(r.timeseries, start) for r in results])

    at = {"shock_start_month": start}
    rise_with = unmet(ensemble("china_shock", **at)) - unmet(ensemble("baseline"))
    rise_without = unmet(ensemble("china_shock", scheme_enabled=False, **at)) - unmet(
        ensemble("no_scheme")
    )
    assert np.median(rise_without) > 0.0  # the shock does leave buyers short
    assert np.median(rise_with) < np.median(rise_without), (
        np.median(rise_with),
        np.median(rise_without),
    )
    assert np.median(rise_with - rise_without) < 0.0
