"""The cost learning rate the model implies (DESIGN.md §4 'Know-how and the expertise gap').

`learning_rate` is a rate on the expertise gap; what the evidence (Nagy et al. 2013: 10-30% per
doubling) measures is unit cost against cumulative output. At the default parameters the model
must imply a cost learning rate in that range.

Estimator: for each beneficiary firm in each seed of an ensemble, take its months from its first
output on in which it produced (unit cost defined); regress ``ln(unit_cost_inr_per_kg)`` on
``ln(cum_output_t)`` by ordinary least squares with a fixed effect per firm and seed (both
variables demeaned within each firm-seed, one common slope ``b`` pooled over all of them). The
implied cost learning rate is ``1 - 2**b``: the fall in unit cost per doubling of cumulative
output.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ecosystem import simulate
from tests.helpers import spawn_seeds

SEEDS = tuple(spawn_seeds(84, 10))
EVIDENCE = (0.10, 0.30)


@cache
def firm_panel(**overrides) -> pd.DataFrame:
    """Beneficiary firms' months with output, from their first output on, over the ensemble."""
    frames = []
    for seed in SEEDS:
        agents = simulate("baseline", seed=seed, **overrides).agents
        firms = agents[
            (agents["agent_type"] == "manufacturer") & agents["beneficiary"].astype(bool)
        ]
        firms = firms.assign(seed=seed)
        frames.append(firms)
    panel = pd.concat(frames, ignore_index=True)
    panel = panel[
        (panel["production_t"] > 0.0)
        & np.isfinite(panel["unit_cost_inr_per_kg"])
        & (panel["cum_output_t"] > 0.0)
    ]
    return panel


def implied_learning_rate(panel: pd.DataFrame) -> tuple[float, int]:
    """``1 - 2**b`` from the within-firm OLS slope ``b`` of ln cost on ln cumulative output."""
    x = np.log(panel["cum_output_t"].to_numpy(dtype=float))
    y = np.log(panel["unit_cost_inr_per_kg"].to_numpy(dtype=float))
    groups = panel[["seed", "agent_id"]].astype(str).agg("/".join, axis=1)
    xd = x - pd.Series(x).groupby(groups.to_numpy()).transform("mean").to_numpy()
    yd = y - pd.Series(y).groupby(groups.to_numpy()).transform("mean").to_numpy()
    slope = float((xd * yd).sum() / (xd * xd).sum())
    return 1.0 - 2.0**slope, groups.nunique()


def test_agents_frame_carries_unit_cost_and_cumulative_output():
    panel = firm_panel()
    assert {"unit_cost_inr_per_kg", "cum_output_t"} <= set(panel.columns)
    for _, firm in panel.groupby(["seed", "agent_id"]):
        cum = firm.sort_values("month")["cum_output_t"].to_numpy()
        assert (np.diff(cum) >= 0).all()  # cumulative output never falls


def test_implied_cost_learning_rate_matches_the_evidence():
    rate, n_firms = implied_learning_rate(firm_panel())
    # About two producing beneficiaries per seed (bidders who value their ramp are fewer): the
    # slope pools at least 1.5 firm paths per seed.
    assert n_firms >= 1.5 * len(SEEDS)
    low, high = EVIDENCE
    assert low <= rate <= high, f"implied cost learning rate {rate:.3f} outside {low}-{high}"
