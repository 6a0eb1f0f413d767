"""The forecast (question 1): output in the target year over the priors of the uncertain fields.

`forecast_design` samples every ``uncertainty`` field from its prior (Latin hypercube on the unit
cube, mapped through each prior's inverse CDF) × independent seeds. Fields a scenario file sets
explicitly (e.g. ``china_shock``'s month) and fields given in ``fix`` keep their values. The same
unit sample is used for every scenario, so scenarios are compared at the same parameter draws.

`forecast_table` gives, per scenario, the distribution of ``production_target_t`` and
``capacity_target_t``, the probability of each threshold, and when the 6,000 t target is reached.
Intervals respect the design: the seeds of one parameter point are not independent draws, so
threshold probabilities get a Wilson interval at the effective size (design effect of the points,
`experiments.stats.cluster_wilson`) and the median a cluster bootstrap over points.
`fan_data` gives quantile bands of the trailing 12-month output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import TARGET_T
from experiments.design import (
    Design,
    check_values,
    field_spec,
    latin_hypercube,
    make_design,
    resolve_scenarios,
    sampling_rng,
    scenario_fixed_fields,
    scenario_label,
    uncertainty_fields,
    unit_to_values,
)
from experiments.stats import cluster_bootstrap_ci, cluster_wilson

THRESHOLDS: tuple[float, ...] = tuple(TARGET_T * k for k in (0.25, 0.5, 0.75, 1.0))
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


def forecast_design(
    scenarios: Sequence[str | Path],
    samples: int,
    reps: int = 1,
    master_seed: int = 0,
    *,
    fields: Sequence[str] | None = None,
    fix: Mapping[str, Any] | None = None,
    frames: Sequence[str] = ("timeseries",),
    seeds: str = "independent",
    twin: bool = False,
) -> Design:
    """Prior samples of the uncertain fields × ``reps`` seeds, for each scenario.

    ``seeds="independent"`` gives every run its own seed (the forecast); ``"crossed"`` gives each
    (point, replication) one seed shared by every scenario, so scenarios are compared over paired
    draws and paired seeds (levers). ``twin`` also runs each run's expertise-gap twin.
    """
    if samples < 1:
        from ecosystem import ParameterError

        raise ParameterError(f"samples={samples} must be at least 1")
    fixed = check_values(fix or {})
    names = [n for n in (fields or uncertainty_fields()) if n not in fixed]
    for n in names:
        field_spec(n)
    scen = resolve_scenarios(scenarios, fixed)
    u = latin_hypercube(samples, len(names), sampling_rng(master_seed))
    sampled = {n: unit_to_values(field_spec(n), u[:, j]) for j, n in enumerate(names)}
    points: dict[str, list[dict[str, Any]]] = {}
    kept: dict[str, list[str]] = {}
    for name in scenarios:
        label = scenario_label(name)
        own = scenario_fixed_fields(name)
        kept[label] = sorted(own & set(names))
        points[label] = [
            {n: (scen[label][n] if n in own else sampled[n][i]) for n in names}
            for i in range(samples)
        ]
    spec = {
        "generator": "prior_lhs",
        "scenarios": list(scen),
        "samples": samples,
        "fields": names,
        "fixed": fixed,
        "kept_from_scenario": kept,
        "thresholds": list(THRESHOLDS),
    }
    return make_design(
        "forecast",
        scen,
        points,
        reps,
        master_seed,
        seeds=seeds,
        spec=spec,
        frames=frames,
        twin=twin,
    )


def forecast_table(
    summary: pd.DataFrame, *, thresholds: Sequence[float] = THRESHOLDS, conf: float = 0.95
) -> pd.DataFrame:
    """Per scenario: distribution of output and capacity, threshold probabilities with CIs."""
    rows = []
    for scenario, g in summary.groupby("scenario", sort=False):
        prod = g["production_target_t"].to_numpy(dtype=float)
        cap = g["capacity_target_t"].to_numpy(dtype=float)
        n = len(prod)
        # runs of one parameter point share every parameter: the point is the sampling unit
        points = g["point"].to_numpy() if "point" in g else np.arange(n)
        row: dict[str, Any] = {"scenario": scenario, "n": n, "n_points": len(np.unique(points))}
        for q, v in zip(QUANTILES, np.quantile(prod, QUANTILES), strict=True):
            row[f"production_q{int(q * 100):02d}_t"] = float(v)
        _, row["production_q50_lo_t"], row["production_q50_hi_t"] = cluster_bootstrap_ci(
            prod, points, np.median, n_boot=1000, conf=conf
        )
        row["production_mean_t"] = float(prod.mean())
        for q, v in zip(QUANTILES, np.quantile(cap, QUANTILES), strict=True):
            row[f"capacity_q{int(q * 100):02d}_t"] = float(v)
        for t in thresholds:
            p, lo, hi = cluster_wilson(prod >= t - 1e-9, points, conf)
            row[f"p_ge_{int(t)}"], row[f"p_ge_{int(t)}_lo"], row[f"p_ge_{int(t)}_hi"] = p, lo, hi
        month = g["month_target_reached"].to_numpy(dtype=float)
        reached = month[~np.isnan(month)]
        p, lo, hi = cluster_wilson(~np.isnan(month), points, conf)
        row["p_target_within_horizon"], row["p_target_lo"], row["p_target_hi"] = p, lo, hi
        row["month_target_reached_median"] = float(np.median(reached)) if len(reached) else None
        rows.append(row)
    return pd.DataFrame(rows)


def trailing_matrix(
    timeseries: pd.DataFrame, column: str = "production_t"
) -> tuple[np.ndarray, np.ndarray]:
    """Runs × months of the trailing 12-month total of an annualised flow (t); and the months."""
    wide = timeseries.pivot(index="run_id", columns="month", values=column)
    monthly = wide.to_numpy(dtype=float) / 12.0
    monthly[:, 0] = 0.0  # row 0 is the initial state, not a month's flow
    csum = np.concatenate([np.zeros((len(monthly), 1)), np.cumsum(monthly, axis=1)], axis=1)
    idx = np.arange(monthly.shape[1])
    trailing = csum[:, idx + 1] - csum[:, np.maximum(idx + 1 - 12, 0)]
    return trailing, wide.columns.to_numpy()


def fan_data(
    timeseries: pd.DataFrame,
    column: str = "production_t",
    *,
    trailing: bool = True,
    quantiles: Sequence[float] = QUANTILES,
) -> pd.DataFrame:
    """Quantile bands per scenario and month (trailing 12-month totals by default)."""
    out = []
    for scenario, g in timeseries.groupby("scenario", sort=False):
        if trailing:
            values, months = trailing_matrix(g, column)
        else:
            wide = g.pivot(index="run_id", columns="month", values=column)
            values, months = wide.to_numpy(dtype=float), wide.columns.to_numpy()
        qs = np.nanquantile(values, quantiles, axis=0)
        frame = pd.DataFrame({"scenario": scenario, "month": months})
        for q, row in zip(quantiles, qs, strict=True):
            frame[f"q{int(round(q * 100)):02d}"] = row
        out.append(frame)
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


def forecast_lines(table: pd.DataFrame) -> list[str]:
    """The forecast table as lines for the terminal."""
    lines = []
    for r in table.to_dict("records"):
        lines.append(f"{r['scenario']} ({r['n']:,} runs)")
        lines.append(
            f"  production_target_t: median {r['production_q50_t']:,.0f} t "
            f"(95% CI {r['production_q50_lo_t']:,.0f}-{r['production_q50_hi_t']:,.0f}; "
            f"50%: {r['production_q25_t']:,.0f}-{r['production_q75_t']:,.0f}; "
            f"90%: {r['production_q05_t']:,.0f}-{r['production_q95_t']:,.0f}); "
            f"mean {r['production_mean_t']:,.0f} t"
        )
        lines.append(
            f"  capacity_target_t:   median {r['capacity_q50_t']:,.0f} t/yr "
            f"(90%: {r['capacity_q05_t']:,.0f}-{r['capacity_q95_t']:,.0f})"
        )
        for t in THRESHOLDS:
            k = f"p_ge_{int(t)}"
            if k in r:
                lines.append(
                    f"  P(output >= {t:,.0f} t) = {r[k]:.3f} "
                    f"(95% CI {r[k + '_lo']:.3f}-{r[k + '_hi']:.3f}, clustered by point)"
                )
        when = r["month_target_reached_median"]
        lines.append(
            f"  P(6,000 t reached within the horizon) = {r['p_target_within_horizon']:.3f}"
            + (f"; median month {when:.0f}" if when is not None and when == when else "")
        )
    return lines
