"""Lever comparison (question 3), shock resilience (question 4) and replication counts.

**Levers.** Scenarios run on paired seeds (common random numbers) against a reference scenario;
for each seed the difference in output in the target year is the tonnage *closed* by the lever
and the difference in fiscal cost is its price: by default the model's net fiscal cost in NPV
(``net_fiscal_cost_npv_cr``: every lever's spending — SLI, capital subsidy, administration,
R&D/skilling, price support, oxide subsidy — less duties, clawbacks and stockpile sales,
discounted at the run's ``discount_rate_per_yr``); summaries stored before it existed fall back
to ``fiscal_cost_npv_cr`` (SLI + capital subsidy + R&D/skilling pool). Fiscal cost per tonne
closed = mean Δcost / mean Δoutput, with a paired bootstrap interval; it is left empty when the
output gain's interval includes zero.

**Shock resilience.** Unmet addressable demand (t) over the shock window and in the 12 months
after the controls end, with and without the scheme; the domestic industry's own output in the
window; the domestic magnets sold to buyers whose imports failed (how much domestic output
protected buyers) and the buyers' own cover (months) when the controls start.

**Replications.** The coefficient of variation of an output and the relative half-width of the
95% interval of its mean as replications accumulate (Lee et al. 2015, JASSS 18(4) 4): the count
is enough when both have levelled off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from experiments.stats import bootstrap_ci, mean_ci

LEVER_SCENARIOS: tuple[str, ...] = (
    "baseline",
    "partnership_push",
    "rnd_skilling_push",
    "oxide_secure",
    "go_it_alone",
    "no_scheme",
    "sli_front_loaded",
    "capital_subsidy_mix",
    "more_smaller_plants",
    "price_floor",
    "anti_dumping_duty",
    "value_addition_rule",
)
#: The cost column of the lever comparison, and the one of summaries stored before it existed.
NET_COST, GROSS_COST = "net_fiscal_cost_npv_cr", "fiscal_cost_npv_cr"


def _ratio(dc: np.ndarray, dq: np.ndarray) -> float:
    q = float(np.mean(dq))
    return float(np.mean(dc)) / q if q != 0.0 else float("nan")


def lever_table(
    summary: pd.DataFrame,
    reference: str = "baseline",
    *,
    outcome: str = "production_target_t",
    cost: str | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Per scenario vs the reference on the same seeds: Δoutput, Δcost, cost per tonne closed.

    ``cost`` defaults to the net fiscal cost in NPV (`NET_COST`), or `GROSS_COST` when the
    summary predates it.
    """
    if cost is None:
        cost = NET_COST if NET_COST in summary.columns else GROSS_COST
    if reference not in set(summary["scenario"]):
        raise ValueError(f"reference scenario {reference!r} is not in the experiment")
    keys = ["rep", "point"]
    ref = summary.loc[summary["scenario"] == reference, [*keys, outcome, cost]]
    rows = []
    for scenario, g in summary.groupby("scenario", sort=False):
        if scenario == reference:
            continue
        both = g[[*keys, outcome, cost]].merge(ref, on=keys, suffixes=("", "_ref"))
        dq = (both[outcome] - both[f"{outcome}_ref"]).to_numpy(dtype=float)
        dc = (both[cost] - both[f"{cost}_ref"]).to_numpy(dtype=float)
        q, qlo, qhi = bootstrap_ci(dq, np.mean, seed=seed)
        c, clo, chi = bootstrap_ci(dc, np.mean, seed=seed)
        r, rlo, rhi = bootstrap_ci((dc, dq), _ratio, seed=seed)
        closes = qlo > 0
        rows.append(
            {
                "scenario": scenario,
                "reference": reference,
                "n_pairs": len(dq),
                "output_mean_t": float(g[outcome].mean()),
                "delta_output_t": q,
                "delta_output_lo_t": qlo,
                "delta_output_hi_t": qhi,
                "delta_cost_cr": c,
                "delta_cost_lo_cr": clo,
                "delta_cost_hi_cr": chi,
                "cost_per_t_cr": r if closes else float("nan"),
                "cost_per_t_lo_cr": rlo if closes else float("nan"),
                "cost_per_t_hi_cr": rhi if closes else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def shock_window(params: dict[str, Any]) -> tuple[int, int]:
    """Months ``[start, end)`` of a scenario's export-control shock."""
    start = int(params["shock_start_month"])
    return start, start + int(params["shock_months"])


def shock_table(
    timeseries: pd.DataFrame,
    scenarios: dict[str, dict[str, Any]],
    group: Sequence[str] = ("scenario", "point"),
    seed: int = 0,
) -> pd.DataFrame:
    """Per group: unmet demand and domestic output (t) in the shock window, means with CIs.

    The window comes from each row's ``shock_start_month``/``shock_months`` (a factor column if
    the design varied it, else the scenario's value).
    """
    ts = timeseries
    rows = []
    for key, g in ts.groupby(list(group), sort=True):
        key = key if isinstance(key, tuple) else (key,)
        first = g.iloc[0]
        params = dict(scenarios[str(first["scenario"])])
        for name in ("shock_start_month", "shock_months", "scheme_enabled"):
            if name in g.columns:
                params[name] = first[name]
        start, end = shock_window(params)
        window = g[(g["month"] >= start) & (g["month"] < end)]
        per_run = (
            window.groupby("run_id")[["unmet_demand_t", "production_t", "imports_t"]].sum() / 12.0
        )
        row = dict(zip(group, key, strict=True))
        row.update(
            shock_start_month=start,
            shock_end_month=end,
            scheme_enabled=bool(params.get("scheme_enabled", True)),
            n=len(per_run),
        )
        for col, name in (
            ("unmet_demand_t", "unmet"),
            ("production_t", "domestic"),
            ("imports_t", "imports"),
        ):
            m, lo, hi = mean_ci(per_run[col].to_numpy())
            row.update({f"{name}_t": m, f"{name}_lo_t": lo, f"{name}_hi_t": hi})
        row.update(_after_shock(g, start, end))
        rows.append(row)
    return pd.DataFrame(rows)


def _after_shock(g: pd.DataFrame, start: int, end: int) -> dict[str, float]:
    """Q4 outputs beyond the shock window (means with CIs).

    Unmet demand in the 12 months after the controls end, domestic magnets sold to buyers whose
    imports failed (controls + 12 months), and buyers' own cover the month before (left out for
    stored runs without those columns).
    """
    out: dict[str, float] = {}
    after = g[(g["month"] >= end) & (g["month"] < end + 12)]
    per_run = after.groupby("run_id")["unmet_demand_t"].sum() / 12.0
    if len(per_run):
        m, lo, hi = mean_ci(per_run.to_numpy())
        out.update(unmet_after_t=m, unmet_after_lo_t=lo, unmet_after_hi_t=hi)
    if "domestic_rescue_t" in g.columns:
        span = g[(g["month"] >= start) & (g["month"] < end + 12)]
        rescue = span.groupby("run_id")["domestic_rescue_t"].sum() / 12.0
        m, lo, hi = mean_ci(rescue.to_numpy())
        out.update(rescue_t=m, rescue_lo_t=lo, rescue_hi_t=hi)
    if "buyer_cover_months" in g.columns:
        cover = g[g["month"] == max(0, start - 1)]["buyer_cover_months"].to_numpy()
        if len(cover):
            out["buyer_cover_months"] = float(np.mean(cover))
    return out


def replication_cv(
    summary: pd.DataFrame, outcome: str = "production_target_t", by: str = "scenario"
) -> pd.DataFrame:
    """CV and relative CI half-width of the mean as replications 2..R accumulate (rep order)."""
    rows = []
    for key, g in summary.sort_values("rep").groupby(by, sort=False):
        x = g[outcome].to_numpy(dtype=float)
        for n in range(2, len(x) + 1):
            head = x[:n]
            m, lo, hi = mean_ci(head)
            sd = float(head.std(ddof=1))
            rows.append(
                {
                    by: key,
                    "reps": n,
                    "mean": m,
                    "cv": sd / m if m else float("nan"),
                    "rel_half_width": (hi - lo) / 2 / abs(m) if m else float("nan"),
                }
            )
    return pd.DataFrame(rows)
