"""Intervals, verdicts and the analyses of the runs (learning, shock, lead times).

Every verdict word of the table and the report comes from a function here, from the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import (
    TARGET_T,
    archetype_for,
)
from experiments.validation.observations import (
    AFTER_SHOCK_MONTHS,
    Range,
)
from experiments.validation.runs import BaselineRuns


# ----------------------------------------------------------------------------- statistics
def interval(values: Sequence[float] | np.ndarray) -> tuple[float, float, float]:
    """Median and 90% interval (5th, 95th percentiles); ``inf`` = not reached in the horizon."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    if np.isfinite(x).all():
        q = np.quantile(x, [0.5, 0.05, 0.95], method="linear")
    else:  # no interpolation towards inf
        q = np.quantile(x, [0.5, 0.05, 0.95], method="inverted_cdf")
    return float(q[0]), float(q[1]), float(q[2])


def interval_verdict(
    observed: float, q05: float, q95: float, *, duration: bool
) -> tuple[bool, str]:
    """Whether the observed figure lies in the model's 90% interval, and the verdict in words.

    Below the interval a duration means the model is slower; above it, faster.
    """
    if math.isnan(observed) or math.isnan(q05):
        return False, "no numeric observation"
    if q05 <= observed <= q95:
        return True, "inside"
    if observed < q05:
        return False, "observed below (model slower)" if duration else "observed below"
    return False, "observed above (model faster)" if duration else "observed above"


def table_row(
    section: str,
    check: str,
    unit: str,
    observed: Range | None,
    sims: Sequence[float] | np.ndarray,
    *,
    default: float = math.nan,
    in_sample: Sequence[str] = (),
    duration: bool = True,
    verdict: str | None = None,
) -> dict[str, Any]:
    """One row of the comparison table (`TABLE_COLUMNS`); ``verdict`` replaces the interval's."""
    med, q05, q95 = interval(sims)
    obs = observed.central if observed is not None else math.nan
    inside, text = interval_verdict(obs, q05, q95, duration=duration)
    if observed is not None and not inside and observed.low <= med <= observed.high:
        text += "; the model's median lies within the observed bounds"
    return {
        "section": section,
        "check": check,
        "unit": unit,
        "observed": obs,
        "observed_low": observed.low if observed is not None else math.nan,
        "observed_high": observed.high if observed is not None else math.nan,
        "sim_default": default,
        "sim_median": med,
        "sim_q05": q05,
        "sim_q95": q95,
        "inside": inside if observed is not None else None,
        "overlap": (
            bool(observed.low <= q95 and q05 <= observed.high) if observed is not None else None
        ),
        "runs": len(sims),
        "in_sample": ", ".join(in_sample),
        "verdict": verdict if verdict is not None else text,
    }


def agreement(n_inside: int, n_checks: int) -> str:
    """``agrees`` when every check's observation lies inside, ``disagrees`` when none does.

    In between: ``partly agrees``. No check at all: ``is not tested``.
    """
    if n_checks <= 0:
        return "is not tested"
    if n_inside >= n_checks:
        return "agrees"
    return "disagrees" if n_inside <= 0 else "partly agrees"


def position_in_range(value: float, low: float, high: float) -> str:
    """Where ``value`` lies in ``[low, high]``: ``inside ... but near its low end`` and so on.

    The range is cut in thirds: ``inside {low}-{high} but near its low end`` (lowest third),
    ``well inside`` (middle), ``inside ... but near its high end`` (top third); else ``below`` or
    ``above`` it. The bounds are given as shares and printed as percentages.
    """
    span = f"{low:.0%}-{high:.0%}"
    if math.isnan(value) or value < low:
        return f"below {span}"
    if value > high:
        return f"above {span}"
    third = (high - low) / 3.0
    if value < low + third:
        return f"inside {span} but near its low end"
    if value > high - third:
        return f"inside {span} but near its high end"
    return f"well inside {span}"


def slower(a: float, b: float) -> bool:
    """Whether a duration ``a`` (months; ``inf`` = never) is longer than ``b``."""
    return bool(a > b)


# ----------------------------------------------------------------------------- analyses
def learning_panel(agents: pd.DataFrame) -> pd.DataFrame:
    """Beneficiaries' months with output and a defined unit cost (tests/test_learning_rate.py)."""
    a = agents[agents["beneficiary"].astype(bool)]
    return a[
        (a["production_t"] > 0.0)
        & np.isfinite(a["unit_cost_inr_per_kg"].astype(float))
        & (a["cum_output_t"] > 0.0)
    ]


def implied_learning_rates(panel: pd.DataFrame) -> tuple[float, np.ndarray]:
    """Pooled within-firm rate ``1 - 2**b`` and the rate of each firm (and seed).

    ``b`` is the OLS slope of ln unit cost on ln cumulative output with a fixed effect per firm
    and seed (the estimator of tests/test_learning_rate.py); each firm's own slope uses its
    months alone (firms with fewer than 12 months of output are left out of the per-firm list).
    """
    x = np.log(panel["cum_output_t"].to_numpy(dtype=float))
    y = np.log(panel["unit_cost_inr_per_kg"].to_numpy(dtype=float))
    groups = (panel["seed"].astype(str) + "/" + panel["agent_id"].astype(str)).to_numpy()
    xd = x - pd.Series(x).groupby(groups).transform("mean").to_numpy()
    yd = y - pd.Series(y).groupby(groups).transform("mean").to_numpy()
    pooled = 1.0 - 2.0 ** float((xd * yd).sum() / (xd * xd).sum())
    rates = []
    for g in pd.unique(groups):
        mask = groups == g
        if mask.sum() >= 12 and (xd[mask] ** 2).sum() > 0.0:
            slope = float((xd[mask] * yd[mask]).sum() / (xd[mask] ** 2).sum())
            rates.append(1.0 - 2.0**slope)
    return pooled, np.asarray(rates)


def _window(frame: pd.DataFrame, start: int, stop: int) -> pd.DataFrame:
    return frame[(frame["month"] >= start) & (frame["month"] < stop)]


def shock_effects(runs: BaselineRuns) -> pd.DataFrame:
    """Per seed: what the shock does during its months and in the 24 months after.

    During the shock (t/yr, means over its months): the import cut, and how it is absorbed —
    demand that falls away (substitution and thrift), extra domestic sales, unmet demand. After
    it: unmet demand and the domestic output gained relative to the baseline.
    """
    sp = runs.shock_params
    start, stop = sp.shock_start_month, sp.shock_start_month + sp.shock_months
    after = stop + AFTER_SHOCK_MONTHS
    rows = []
    for seed, b in runs.baseline.groupby("seed"):
        s = runs.shock[runs.shock["seed"] == seed]
        bw, sw = _window(b, start, stop), _window(s, start, stop)
        ba, sa = _window(b, stop, after), _window(s, stop, after)
        cut = bw["imports_t"].mean() - sw["imports_t"].mean()
        rows.append(
            {
                "seed": seed,
                "import_cut_t": cut,
                "demand_fall_t": bw["demand_t"].mean() - sw["demand_t"].mean(),
                "domestic_rise_t": sw["sales_domestic_t"].mean() - bw["sales_domestic_t"].mean(),
                "unmet_rise_t": sw["unmet_demand_t"].mean() - bw["unmet_demand_t"].mean(),
                "unmet_share_shock": sw["unmet_demand_t"].sum() / sw["demand_t"].sum(),
                "unmet_share_after": sa["unmet_demand_t"].sum() / sa["demand_t"].sum(),
                "price_ratio": sw["import_price_inr_per_kg"].mean()
                / bw["import_price_inr_per_kg"].mean(),
                "output_gain_after_t": sa["production_t"].mean() - ba["production_t"].mean(),
                "output_gain_after_share": sa["production_t"].mean() / ba["production_t"].mean()
                - 1.0,
            }
        )
    return pd.DataFrame(rows)


def supply_lead_years(runs: BaselineRuns) -> pd.DataFrame:
    """Per seed: years from the award until scheme plants make half the 6,000 t/yr target."""
    p = runs.params
    half = 0.5 * TARGET_T  # the 6,000 t/yr target, not the scheme_capacity_t lever
    rows = []
    for seed, b in runs.baseline.groupby("seed"):
        large = b[(b["month"] >= p.award_month) & (b["production_scheme_t"] >= half)]["month"]
        years = (float(large.iloc[0]) - p.award_month) / 12.0 if len(large) else math.inf
        rows.append({"seed": seed, "half_target_years": years})
    return pd.DataFrame(rows)


def _beneficiary_milestones(runs: BaselineRuns) -> pd.DataFrame:
    ms = runs.milestones
    early = archetype_for(6)[1]
    ms = ms[(ms["name"] != early) & ms["construction_start_month"].notna()]
    start = runs.params.award_month + round(runs.params.construction_lag_months)
    return ms[ms["construction_start_month"] == start]


def beneficiary_nameplate_months(runs: BaselineRuns) -> np.ndarray:
    """First output → nameplate of the baseline's beneficiaries (inf: not within the run)."""
    ms = _beneficiary_milestones(runs)
    ms = ms[ms["first_output_month"].notna()]
    months = (ms["nameplate_month"] - ms["first_output_month"]).astype(float)
    return months.fillna(math.inf).to_numpy()


def beneficiary_build_months(runs: BaselineRuns) -> np.ndarray:
    """Construction start → first output of the baseline's beneficiaries (novices), all seeds.

    Beneficiaries are the firms whose construction starts after the award and the lag to
    construction start (the early mover, whose
    plant exists at month 0, is left out).
    """
    ms = _beneficiary_milestones(runs)
    months = (ms["first_output_month"] - ms["construction_start_month"]).astype(float)
    return months.fillna(math.inf).to_numpy()
