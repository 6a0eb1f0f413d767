"""The paper's answers to questions 1-4 as distributions over the priors (``make paper``).

Pure functions of stored summaries and time series (no model runs); the figures and tables that
show them are in `experiments.answer_figures`.

* **Q1** `q1_forecast`: output in the target year over priors × seeds — quantiles, the median with
  a cluster-bootstrap interval, P(output ≥ t) for each threshold with a cluster-Wilson interval
  (`experiments.stats`), the month each threshold is first reached (median over the runs that
  reach it), and the share of runs with no output. `zero_output_drivers` ranks the uncertain
  fields by how differently they are drawn in the zero-output runs.
* **Q2** `q2_gap`: the shortfall due to the expertise gap over the draws, split by how much oxide
  the run could not get in the target year.
* **Q3** `q3_levers`: levers against a reference scenario over paired draws and seeds: effect on
  output and net fiscal cost per tonne with cluster-bootstrap intervals, `beats` the share of
  draws in which each lever out-produces each other, `ranking_flips` a shallow tree on the
  uncertain fields that predicts which of two levers wins.
* **Q4** `q4_shock`: the export-control shock's outputs with and without the scheme.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from experiments.forecast import THRESHOLDS, trailing_matrix
from experiments.stats import cluster_bootstrap_ci, cluster_wilson

OUTCOME = "production_target_t"
#: Summary outputs of the export-control shock (ecosystem/outputs.py), question 4.
SHOCK_KEYS: tuple[str, ...] = (
    "shock_unmet_during_t",
    "shock_unmet_after_t",
    "shock_unmet_share",
    "shock_domestic_rescue_t",
    "supply_cover_at_shock_months",
    "shock_domestic_output_change",
)
ZERO_T = 1e-6  # output at or below this counts as none


def _points(frame: pd.DataFrame) -> np.ndarray:
    return frame["point"].to_numpy() if "point" in frame else np.arange(len(frame))


def threshold_months(
    timeseries: pd.DataFrame, thresholds: Sequence[float] = THRESHOLDS
) -> pd.DataFrame:
    """Per run: first month whose trailing 12-month output reaches each threshold (NaN: never)."""
    trailing, months = trailing_matrix(timeseries)
    runs = timeseries.pivot(index="run_id", columns="month", values="production_t").index
    out = {"run_id": runs.to_numpy()}
    for t in thresholds:
        hit = trailing >= t - 1e-9
        first = np.where(hit.any(axis=1), months[np.argmax(hit, axis=1)], np.nan)
        out[f"month_{int(t)}"] = first.astype(float)
    return pd.DataFrame(out)


def q1_forecast(
    summary: pd.DataFrame,
    months: pd.DataFrame | None = None,
    *,
    thresholds: Sequence[float] = THRESHOLDS,
    conf: float = 0.95,
) -> dict[str, Any]:
    """The forecast in the format of ``docs/forecast.json`` (without commit and design text)."""
    prod = summary[OUTCOME].to_numpy(dtype=float)
    points = _points(summary)
    q05, med, q95 = (float(v) for v in np.quantile(prod, [0.05, 0.5, 0.95]))
    _, lo, hi = cluster_bootstrap_ci(prod, points, np.median, n_boot=1000, conf=conf)
    rows = []
    for t in thresholds:
        p, plo, phi = cluster_wilson(prod >= t - 1e-9, points, conf)
        month = None
        if months is not None:
            m = months.set_index("run_id").reindex(summary["run_id"])[f"month_{int(t)}"]
            reached = m.dropna().to_numpy()
            month = int(round(float(np.median(reached)))) if len(reached) else None
        rows.append({"t": int(t), "p": p, "lo": plo, "hi": phi, "month_median": month})
    met = summary["target_met"].astype(bool).to_numpy() if "target_met" in summary else None
    return {
        "n_points": int(len(np.unique(points))),
        "n_seeds_per_point": int(round(len(prod) / max(1, len(np.unique(points))))),
        "n_runs": int(len(prod)),
        "production_target_t": {
            "q05": q05,
            "median": med,
            "q95": q95,
            "median_lo": lo,
            "median_hi": hi,
        },
        "thresholds": rows,
        "share_zero_output": float(np.mean(prod <= ZERO_T)),
        "share_target_met": float(np.mean(met)) if met is not None else float("nan"),
    }


def prior_quantiles(summary: pd.DataFrame, fields: Sequence[str]) -> pd.DataFrame:
    """Each field's value as its rank quantile among the draws (0-1), so fields compare."""
    cols = [f for f in fields if f in summary and summary[f].nunique() > 1]
    return summary[cols].astype(float).rank(pct=True)


def _share(flags: np.ndarray) -> float:
    return float(flags.mean()) if len(flags) else float("nan")


def zero_output_drivers(summary: pd.DataFrame, fields: Sequence[str], top: int = 4) -> pd.DataFrame:
    """Fields whose draws differ most between zero-output runs and the rest.

    ``shift`` is the mean rank quantile of the field in the zero-output runs minus that in the
    others (−1..1: negative = zero output goes with low values); ``share_low``/``share_high``
    are the zero-output shares in the lowest and highest fifth of the field's draws.
    """
    zero = summary[OUTCOME].to_numpy(dtype=float) <= ZERO_T
    q = prior_quantiles(summary, fields)
    if zero.all() or not zero.any() or q.empty:
        return pd.DataFrame(columns=["field", "shift", "share_low", "share_high"])
    rows = []
    for f in q.columns:
        x = q[f].to_numpy()
        rows.append(
            {
                "field": f,
                "shift": float(x[zero].mean() - x[~zero].mean()),
                "share_low": _share(zero[x <= 0.2]),
                "share_high": _share(zero[x > 0.8]),
            }
        )
    out = pd.DataFrame(rows)
    out = out.reindex(out["shift"].abs().sort_values(ascending=False).index)
    return out.head(top).reset_index(drop=True)


def zero_output_sentence(drivers: pd.DataFrame, share: float) -> str:
    """One sentence on which draws give no output in the target year."""
    if drivers.empty:
        return f"{share:.0%} of runs make no magnets in the target year."
    parts = [
        f"{'low' if r['shift'] < 0 else 'high'} `{r['field']}` "
        f"({r['share_low']:.0%} of the lowest fifth of its draws vs {r['share_high']:.0%} of "
        "the highest)"
        for _, r in drivers.iterrows()
    ]
    return (
        f"{share:.0%} of runs make no magnets in the target year: no firm bids in the tender "
        "or the plants built do not survive. They go with " + "; ".join(parts) + "."
    )


TWIN_OXIDE = "twin_oxide_shortfall_target_t"


def with_twin_oxide(summary: pd.DataFrame, twin_ts: pd.DataFrame) -> pd.DataFrame:
    """The summary with the oxide the *twin* could not get in the target year (t), per run.

    The twin wants more oxide than the run (it makes more), so its shortfall is the one that
    caps the gap; from the stored twin time series (``oxide_shortfall_t`` annualised, summed
    over the 12 months ending at ``target_month`` / 12).
    """
    out = summary.copy()
    if twin_ts.empty or "oxide_shortfall_t" not in twin_ts:
        out[TWIN_OXIDE] = np.nan
        return out
    target = summary.set_index("run_id")["target_month"] if "target_month" in summary else None
    ts = twin_ts[["run_id", "month", "oxide_shortfall_t"]].copy()
    end = ts["run_id"].map(target) if target is not None else 84
    window = ts[(ts["month"] > end - 12) & (ts["month"] <= end)]
    per_run = window.groupby("run_id")["oxide_shortfall_t"].sum() / 12.0
    out[TWIN_OXIDE] = out["run_id"].map(per_run).astype(float)
    return out


def oxide_column(summary: pd.DataFrame) -> str:
    """The twin's oxide shortfall when stored, else the run's."""
    if TWIN_OXIDE in summary and summary[TWIN_OXIDE].notna().any():
        return TWIN_OXIDE
    return "oxide_shortfall_target_t"


def q2_gap(
    summary: pd.DataFrame,
    bins: Sequence[float] = (0.0, 100.0, 300.0),
    oxide_column: str = "oxide_shortfall_target_t",
) -> pd.DataFrame:
    """``shortfall_due_to_gap_t`` over the draws, overall and by oxide that could not be had.

    Rows: ``all``, then ``oxide_column`` = 0, and the bins above each edge (the run's
    ``oxide_shortfall_target_t`` by default; `TWIN_OXIDE` for the twin's).
    """
    g = summary.dropna(subset=["shortfall_due_to_gap_t"])
    oxide = g[oxide_column].fillna(0.0).to_numpy(dtype=float)
    gap = g["shortfall_due_to_gap_t"].to_numpy(dtype=float)
    pts = _points(g)
    groups: list[tuple[str, np.ndarray]] = [("all", np.ones(len(g), bool))]
    groups.append(("no oxide shortfall", oxide <= ZERO_T))
    edges = [*bins[1:], np.inf]
    for lo_edge, hi_edge in zip(bins, edges, strict=True):
        label = (
            f"{lo_edge:,.0f}-{hi_edge:,.0f} t" if np.isfinite(hi_edge) else f"> {lo_edge:,.0f} t"
        )
        groups.append(
            (f"oxide shortfall {label}", (oxide > max(lo_edge, ZERO_T)) & (oxide <= hi_edge))
        )
    rows = []
    for label, mask in groups:
        if not mask.any():
            rows.append({"group": label, "n": 0})
            continue
        x = gap[mask]
        m, lo, hi = cluster_bootstrap_ci(x, pts[mask], np.median, n_boot=1000)
        rows.append(
            {
                "group": label,
                "n": int(mask.sum()),
                "median_t": m,
                "median_lo_t": lo,
                "median_hi_t": hi,
                "q05_t": float(np.quantile(x, 0.05)),
                "q95_t": float(np.quantile(x, 0.95)),
                "share_negative": float(np.mean(x < -ZERO_T)),
            }
        )
    return pd.DataFrame(rows)


def paired(summary: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Runs as one row per (point, rep) and one column per (scenario, column)."""
    wide = summary.pivot_table(index=["point", "rep"], columns="scenario", values=list(columns))
    return wide.dropna()


def _ratio_mean(dc: np.ndarray, dq: np.ndarray) -> float:
    q = float(np.mean(dq))
    return float(np.mean(dc)) / q if abs(q) > 1e-9 else float("nan")


class _RatioOfRows:
    """mean(cost) / mean(output) over the rows whose indices the bootstrap hands over."""

    def __init__(self, dc: np.ndarray, dq: np.ndarray) -> None:
        self.dc, self.dq = dc, dq

    def __call__(self, rows: np.ndarray) -> float:
        i = rows.astype(int)
        return _ratio_mean(self.dc[i], self.dq[i])


def q3_levers(
    summary: pd.DataFrame, reference: str = "baseline", cost: str = "net_fiscal_cost_npv_cr"
) -> pd.DataFrame:
    """Each lever against the reference on the same draws and seeds.

    Δoutput: median and mean with cluster-bootstrap intervals (clusters = prior draws); net fiscal
    cost per tonne of extra output = mean Δcost / mean Δoutput (₹ crore per t, cluster bootstrap),
    left empty where the mean gain's interval includes zero; ``p_better`` the share of draws and
    seeds where the lever out-produces the reference.
    """
    wide = paired(summary, [OUTCOME, cost])
    pts = wide.index.get_level_values("point").to_numpy()
    ref_q, ref_c = wide[(OUTCOME, reference)].to_numpy(), wide[(cost, reference)].to_numpy()
    rows = []
    for lever in wide[OUTCOME].columns:
        if lever == reference:
            continue
        dq = wide[(OUTCOME, lever)].to_numpy() - ref_q
        dc = wide[(cost, lever)].to_numpy() - ref_c
        med, mlo, mhi = cluster_bootstrap_ci(dq, pts, np.median, n_boot=1000)
        mean, lo, hi = cluster_bootstrap_ci(dq, pts, np.mean, n_boot=1000)
        ratio = (np.nan, np.nan, np.nan)
        if lo > 0:
            ratio = cluster_bootstrap_ci(np.arange(len(dq)), pts, _RatioOfRows(dc, dq), n_boot=1000)
        rows.append(
            {
                "lever": lever,
                "n_pairs": len(dq),
                "delta_median_t": med,
                "delta_median_lo_t": mlo,
                "delta_median_hi_t": mhi,
                "delta_mean_t": mean,
                "delta_mean_lo_t": lo,
                "delta_mean_hi_t": hi,
                "delta_cost_mean_cr": float(np.mean(dc)),
                "cost_per_t_cr": ratio[0],
                "cost_per_t_lo_cr": ratio[1],
                "cost_per_t_hi_cr": ratio[2],
                "p_better": float(np.mean(dq > ZERO_T)),
            }
        )
    out = pd.DataFrame(rows)
    return out.sort_values("delta_mean_t", ascending=False).reset_index(drop=True)


def beats(summary: pd.DataFrame) -> pd.DataFrame:
    """Share of (draw, seed) pairs in which the row's scenario out-produces the column's."""
    wide = paired(summary, [OUTCOME])[OUTCOME]
    names = list(wide.columns)
    m = pd.DataFrame(np.nan, index=names, columns=names)
    for a in names:
        for b in names:
            if a != b:
                m.loc[a, b] = float(np.mean(wide[a].to_numpy() > wide[b].to_numpy() + ZERO_T))
    return m


def ranking_flips(
    summary: pd.DataFrame, a: str, b: str, fields: Sequence[str], depth: int = 2
) -> dict[str, Any]:
    """Which uncertain fields decide whether lever ``a`` or ``b`` produces more (a shallow tree).

    A depth-``depth`` classification tree (scikit-learn) on the draws' values predicts "a beats
    b"; returns the share where a wins, the tree's splits (field, threshold) in order and its
    accuracy against always predicting the majority.
    """
    from sklearn.tree import DecisionTreeClassifier

    wide = paired(summary, [OUTCOME])[OUTCOME]
    wins = (wide[a] > wide[b] + ZERO_T).to_numpy()
    draws = summary[summary["scenario"] == a].set_index(["point", "rep"]).loc[wide.index]
    cols = [f for f in fields if f in draws and draws[f].nunique() > 1]
    x = draws[cols].astype(float).to_numpy()
    base = max(wins.mean(), 1 - wins.mean())
    if wins.all() or not wins.any() or not cols:
        return {
            "a": a,
            "b": b,
            "p_a_wins": float(wins.mean()),
            "splits": [],
            "accuracy": 1.0,
            "majority": base,
        }
    tree = DecisionTreeClassifier(
        max_depth=depth, min_samples_leaf=max(5, len(x) // 20), random_state=0
    )
    tree.fit(x, wins)
    t = tree.tree_
    splits = [
        {"field": cols[int(t.feature[i])], "threshold": float(t.threshold[i])}
        for i in range(t.node_count)
        if t.feature[i] >= 0
    ]
    return {
        "a": a,
        "b": b,
        "p_a_wins": float(wins.mean()),
        "splits": splits,
        "accuracy": float(tree.score(x, wins)),
        "majority": float(base),
    }


def q4_shock(summary: pd.DataFrame, keys: Sequence[str] = SHOCK_KEYS) -> pd.DataFrame:
    """Per scenario: median and 90% range of each shock output over draws and seeds."""
    rows = []
    for scenario, g in summary.groupby("scenario", sort=False):
        for k in keys:
            if k not in g:
                continue
            x = g[k].dropna().to_numpy(dtype=float)
            if not len(x):
                continue
            m, lo, hi = cluster_bootstrap_ci(
                x, _points(g.dropna(subset=[k])), np.median, n_boot=500
            )
            rows.append(
                {
                    "scenario": scenario,
                    "output": k,
                    "n": len(x),
                    "median": m,
                    "median_lo": lo,
                    "median_hi": hi,
                    "q05": float(np.quantile(x, 0.05)),
                    "q95": float(np.quantile(x, 0.95)),
                }
            )
    return pd.DataFrame(rows)
