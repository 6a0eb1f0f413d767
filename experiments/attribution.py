"""Attribution of the shortfall (question 2): the 2^4 factorial of DESIGN.md §9 and Shapley shares.

Four constraints can be relaxed, each by a switch: the expertise gap (the twin:
``frontier_expertise``), oxide (``oxide_unconstrained``), the market (``market_unconstrained``) and
capacity building (``capacity_built_at_once``). For each seed all 16 combinations run with the
tender held at the base run's outcome (same bidders, winners, rates and oxide allocation).

With ``f(S)`` the output in the target year when the constraints in ``S`` are relaxed, the
total explained is ``f(all) − f(none)``; constraint ``i``'s Shapley share is

    φ_i = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · [f(S ∪ {i}) − f(S)],

and the shares sum to the total exactly (efficiency). They are computed per seed and averaged
(Shapley values are linear in ``f``), with bootstrap intervals over seeds. What the four do not
explain — ``6,000 t − f(all)`` — is reported as the remainder (demand, scheme size, horizon).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import TARGET_T
from experiments.design import Design, make_design, resolve_scenarios, scenario_label
from experiments.stats import bootstrap_ci
from experiments.worker import SWITCHES

PLAYERS: tuple[str, ...] = tuple(short for short, _ in SWITCHES)
LABELS = {
    "gap": "Expertise gap",
    "oxide": "Oxide supply",
    "market": "Market (buyers)",
    "capacity": "Capacity build-out",
    "total": "Total explained (sum of shares)",
    "twin": "Twin alone (gap switch only)",
    "remainder": "Target − all four relaxed",
    "shortfall": "Target − base run (shortfall)",
}


def attribution_design(
    scenario: str | Path,
    reps: int,
    master_seed: int = 0,
    *,
    overrides: Mapping[str, Any] | None = None,
    frames: Sequence[str] = (),
) -> Design:
    """One factorial (16 runs, tender fixed) per paired seed of a scenario."""
    scen = resolve_scenarios([scenario], overrides)
    spec = {
        "generator": "attribution_factorial",
        "scenario": scenario_label(scenario),
        "switches": [name for _, name in SWITCHES],
        "overrides": dict(overrides or {}),
    }
    return make_design(
        "attribution", scen, [{}], reps, master_seed, spec=spec, frames=frames, mode="factorial"
    )


def shapley(values: Mapping[int, float], n: int = len(PLAYERS)) -> np.ndarray:
    """Shapley values of ``n`` players from ``values[combo]`` (bit ``i`` of combo: player i)."""
    phi = np.zeros(n)
    for i in range(n):
        for combo in range(2**n):
            if combo >> i & 1:
                continue
            k = bin(combo).count("1")
            weight = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            phi[i] += weight * (values[combo | 1 << i] - values[combo])
    return phi


def shapley_by_run(summary: pd.DataFrame, outcome: str = "production_target_t") -> pd.DataFrame:
    """Per seed: base output, all-relaxed output, total explained and each constraint's share."""
    rows = []
    for run_id, g in summary.groupby("run_id", sort=True):
        values = dict(zip(g["combo"].astype(int), g[outcome].astype(float), strict=True))
        if len(values) != 2 ** len(PLAYERS):
            continue
        phi = shapley(values)
        full = (1 << len(PLAYERS)) - 1
        row = {
            "run_id": int(run_id),
            "seed": int(g["seed"].iloc[0]),
            "base": values[0],
            "all_relaxed": values[full],
            "total": values[full] - values[0],
            "twin": values[1] - values[0],
        }
        row.update({p: float(v) for p, v in zip(PLAYERS, phi, strict=True)})
        rows.append(row)
    return pd.DataFrame(rows)


def attribution_table(
    summary: pd.DataFrame,
    outcome: str = "production_target_t",
    *,
    target: float = TARGET_T,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean Shapley share of each constraint (t and % of the total) with 95% bootstrap CIs.

    Rows: the four constraints, ``total`` (sum of the shares), ``twin`` (the gap switch alone,
    i.e. the twin's ``shortfall_due_to_gap_t``), ``remainder`` (target − all relaxed) and
    ``shortfall`` (target − base).
    """
    per = shapley_by_run(summary, outcome)
    if per.empty:
        return pd.DataFrame(columns=["component", "label", "mean_t", "lo_t", "hi_t", "share"])
    per["remainder"] = target - per["all_relaxed"]
    per["shortfall"] = target - per["base"]
    total_mean = per["total"].mean()
    rows = []
    for comp in [*PLAYERS, "total", "twin", "remainder", "shortfall"]:
        m, lo, hi = bootstrap_ci(per[comp].to_numpy(), np.mean, seed=seed)
        rows.append(
            {
                "component": comp,
                "label": LABELS.get(comp, comp),
                "mean_t": m,
                "lo_t": lo,
                "hi_t": hi,
                "share": m / total_mean if comp in PLAYERS and total_mean else float("nan"),
                "n_seeds": len(per),
            }
        )
    return pd.DataFrame(rows)


def attribution_lines(table: pd.DataFrame) -> list[str]:
    """The attribution table for the terminal."""
    if table.empty:
        return ["no complete factorial"]
    t = table.set_index("component")
    n = int(t["n_seeds"].iloc[0])
    lines = [f"Shapley shares of output gained by relaxing all four constraints ({n} seeds, t):"]
    for p in PLAYERS:
        r = t.loc[p]
        lines.append(
            f"  {r['label']:<20} {r['mean_t']:>8,.0f} t  ({r['share']:6.1%})  "
            f"95% CI {_interval(r, n)}"
        )
    for comp, text in (
        ("total", "total (sum of shares)"),
        ("twin", "twin alone (gap switch)"),
        ("remainder", "target − all relaxed"),
        ("shortfall", "target − base run"),
    ):
        r = t.loc[comp]
        lines.append(f"  {text:<20} {r['mean_t']:>8,.0f} t  95% CI {_interval(r, n)}")
    return lines


def _interval(row: pd.Series, n_seeds: int) -> str:
    """A row's 95% interval in t; with one seed there is none to show (not ``nan to nan``)."""
    if np.isfinite(row["lo_t"]) and np.isfinite(row["hi_t"]):
        return f"{row['lo_t']:,.0f} to {row['hi_t']:,.0f}"
    if n_seeds < 2:
        return f"n/a ({n_seeds} seed; use --reps >= 2 for an interval)"
    return "n/a"
