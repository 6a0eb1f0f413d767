"""The ramp as plants really ramp (issue: start-up, build times, qualification), over seeds.

Stylised facts of facts §4 checked as medians over seeds: experienced makers' start-up, the size
gradient of construction, novices slower through their state, and no national output cliff.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ecosystem import load_scenario, simulate
from tests.helpers import spawn_seeds

SEEDS = tuple(spawn_seeds(777, 8))


def months_to_80_percent(agents: pd.DataFrame) -> list[float]:
    """Per firm with output: months from first output to output ≥ 80% of installed capacity."""
    firms = agents[agents["agent_type"] == "manufacturer"]
    out = []
    for _, g in firms.groupby("agent_id"):
        made = g["production_t"].to_numpy()
        installed = g["capacity_installed_t"].to_numpy()
        first = np.flatnonzero(made > 0)
        if not len(first):
            continue
        reached = np.flatnonzero((made >= 0.8 * installed) & (installed > 0))
        reached = reached[reached >= first[0]]
        out.append(float(reached[0] - first[0]) if len(reached) else float("inf"))
    return out


def build_months(milestones: pd.DataFrame) -> pd.Series:
    ms = milestones.dropna(subset=["construction_start_month", "first_output_month"])
    return (ms["first_output_month"] - ms["construction_start_month"]).astype(float)


@cache
def baseline_pairs() -> tuple:
    return tuple(simulate("baseline", seed=s, twin=True) for s in SEEDS)


def frontier(**overrides):
    p = load_scenario("baseline").replace(
        frontier_expertise=True, market_unconstrained=True, oxide_unconstrained=True, **overrides
    )
    return [simulate(p, seed=s) for s in SEEDS]


def test_frontier_makers_take_one_to_four_years_from_first_output_to_80_percent():
    months = [m for r in frontier() for m in months_to_80_percent(r.agents)]
    assert months
    assert 12 <= np.median(months) <= 48


def test_novices_in_the_baseline_take_at_least_two_years_to_80_percent_or_never():
    months = [m for r in baseline_pairs() for m in months_to_80_percent(r.agents)]
    assert months
    assert np.median(months) >= 24


def test_frontier_makers_take_longer_to_first_output_at_1200_than_at_600_t():
    def median_build(capacity: float) -> float:
        runs = frontier(bid_capacity_min_t=capacity, bid_capacity_max_t=capacity)
        return float(np.median(pd.concat([build_months(r.milestones) for r in runs])))

    assert median_build(1_200.0) > median_build(600.0)


def test_novices_build_at_least_a_quarter_slower_than_the_same_plants_at_the_frontier():
    novices = pd.concat([build_months(r.milestones) for r in baseline_pairs()])
    experienced = pd.concat([build_months(r.twin.milestones) for r in baseline_pairs()])
    assert novices.median() >= 1.25 * experienced.median()


def test_no_national_output_cliff_once_3000_t_is_committed():
    jumps = []
    for r in baseline_pairs():
        out = r.timeseries["production_t"].to_numpy()
        committed = r.timeseries["capacity_committed_t"].to_numpy()
        months = [m for m in range(3, len(out)) if committed[m] >= 3_000.0]
        jumps.append(max(((out[m] - out[m - 3]) / committed[m] for m in months), default=0.0))
    assert np.median(jumps) <= 0.25
