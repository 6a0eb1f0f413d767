"""Figures, tables and JSON of the answers to questions 1-4 (`experiments.answers`).

Every figure (PDF + PNG) and table (Markdown + LaTeX) carries a footer with the model commit and
the design that made it, and a JSON sidecar (``NAME.json``: commit, design, the numbers drawn).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments import answers
from experiments.figures import _figure, save
from experiments.palette import GREY, OKABE_ITO, RUN, TARGET, TWIN
from experiments.tables import Table, _n, write_table


def _clean(x: Any) -> Any:
    """JSON-safe: NaN → None, numpy scalars → Python, recursively."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def sidecar(out: Path, name: str, stamp: dict[str, str], data: Any) -> Path:
    """``NAME.json`` beside a figure or table: commit, design and the numbers drawn."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.json"
    path.write_text(json.dumps(_clean({**stamp, "data": data}), indent=1) + "\n", encoding="utf-8")
    return path


def _ci3(m: float, lo: float, hi: float, digits: int) -> str:
    if m != m:
        return "–"
    return f"{_n(m, digits)} [{_n(lo, digits)}, {_n(hi, digits)}]"


def footer(stamp: dict[str, str]) -> str:
    """The line every figure and table carries."""
    return f"model commit {stamp['git_commit'][:12]} · {stamp['design']}"


# ----------------------------------------------------------------------------- Q1
def q1_figure(
    summary: pd.DataFrame, q1: dict[str, Any], out: Path, stamp: dict[str, str]
) -> list[Path]:
    """Distribution of output in the target year with the thresholds and their probabilities."""
    prod = summary[answers.OUTCOME].to_numpy(dtype=float)
    fig = _figure(7.0, 4.2)
    ax = fig.add_subplot()
    ax.hist(prod, bins=40, color=RUN, alpha=0.8, label=f"runs ({len(prod):,})")
    for row in q1["thresholds"]:
        ax.axvline(row["t"], color=TARGET, lw=0.8, ls="--")
        ax.text(
            row["t"],
            ax.get_ylim()[1] * 0.95,
            f" P≥{row['t']:,}: {row['p']:.2f}",
            fontsize=7,
            va="top",
        )
    med = q1["production_target_t"]["median"]
    ax.axvline(med, color=TWIN, lw=1.5, label=f"median {med:,.0f} t")
    ax.set_xlabel("Output in the target year, production_target_t (t)")
    ax.set_ylabel("Runs (count)")
    ax.set_title("Q1: output in the seventh year over priors × seeds")
    ax.legend(loc="center right", fontsize=8)
    paths = save(fig, out, "q1_forecast", footer(stamp))
    return [*paths, sidecar(out, "q1_forecast", stamp, q1)]


def zero_figure(
    summary: pd.DataFrame, drivers: pd.DataFrame, out: Path, stamp: dict[str, str]
) -> list[Path]:
    """Share of runs with no output by fifth of the draws of the most influential fields."""
    zero = summary[answers.OUTCOME].to_numpy(dtype=float) <= answers.ZERO_T
    fig = _figure(7.0, 3.6)
    ax = fig.add_subplot()
    colours = list(OKABE_ITO.values())[1:]
    data = {}
    centres = np.arange(5) * 0.2 + 0.1
    for i, field in enumerate(drivers["field"]):
        q = summary[field].astype(float).rank(pct=True).to_numpy()
        shares = [float(zero[(q > lo) & (q <= lo + 0.2)].mean()) for lo in np.arange(5) * 0.2]
        data[field] = shares
        ax.plot(centres, shares, marker="o", color=colours[i % len(colours)], label=field)
    ax.axhline(float(zero.mean()), color=GREY, ls=":", label=f"all runs ({zero.mean():.0%})")
    ax.set_xlabel("Fifth of the field's prior draws (rank quantile, low → high)")
    ax.set_ylabel("Share of runs with no output")
    ax.set_ylim(0, 1)
    ax.set_title("Which draws give no output in the target year")
    ax.legend(fontsize=7)
    paths = save(fig, out, "q1_zero_output", footer(stamp))
    return [*paths, sidecar(out, "q1_zero_output", stamp, {"quintile_shares": data})]


def q1_table(q1: dict[str, Any], stamp: dict[str, str]) -> Table:
    """Q1 in one table: median, 90% interval, threshold probabilities and months."""
    p = q1["production_target_t"]
    rows = [
        ["median output (t)", f"{p['median']:,.0f} [{p['median_lo']:,.0f}, {p['median_hi']:,.0f}]"],
        ["90% interval (t)", f"{p['q05']:,.0f} – {p['q95']:,.0f}"],
    ]
    for r in q1["thresholds"]:
        when = "never" if r["month_median"] is None else f"month {r['month_median']}"
        rows.append(
            [
                f"P(output ≥ {r['t']:,} t)",
                f"{r['p']:.2f} [{r['lo']:.2f}, {r['hi']:.2f}]; median {when}",
            ]
        )
    rows.append(["runs with no output", f"{q1['share_zero_output']:.2f}"])
    return Table(
        "Q1: output in the target year over priors × seeds (95% intervals clustered by draw)",
        ["quantity", "value"],
        rows,
        footer(stamp),
    )


# ----------------------------------------------------------------------------- Q2
def q2_outputs(
    summary: pd.DataFrame, out_fig: Path, out_tab: Path, stamp: dict[str, str]
) -> list[Path]:
    """Q2's figure (gap against oxide shortfall), table and sidecars."""
    column = answers.oxide_column(summary)
    table = answers.q2_gap(summary, oxide_column=column)
    g = summary.dropna(subset=["shortfall_due_to_gap_t"])
    fig = _figure(7.0, 4.0)
    ax = fig.add_subplot()
    ax.scatter(
        g[column].fillna(0.0),
        g["shortfall_due_to_gap_t"],
        s=6,
        alpha=0.4,
        color=RUN,
        label="runs",
    )
    ax.axhline(0, color=GREY, lw=0.8)
    ax.set_xlabel(f"NdPr oxide not obtained in the target year, {column} (t)")
    ax.set_ylabel("Shortfall due to the expertise gap (t)")
    ax.set_title("Q2: twin minus run over prior draws")
    ax.legend(fontsize=8)
    paths = save(fig, out_fig, "q2_gap_vs_oxide", footer(stamp))
    rows = [
        [
            r["group"],
            f"{int(r['n']):,}",
            f"{_n(r.get('median_t'))} [{_n(r.get('median_lo_t'))}, {_n(r.get('median_hi_t'))}]",
            f"{_n(r.get('q05_t'))} – {_n(r.get('q95_t'))}",
            _n(r.get("share_negative"), 2),
        ]
        for r in table.to_dict("records")
    ]
    tab = Table(
        "Q2: shortfall due to the expertise gap (t), by the oxide the run could not get",
        ["runs", "n", "median [95% CI]", "90% range", "share < 0"],
        rows,
        footer(stamp),
    )
    return [
        *paths,
        sidecar(out_fig, "q2_gap_vs_oxide", stamp, table.to_dict("records")),
        *write_table(tab, out_tab, "q2_gap"),
        sidecar(out_tab, "q2_gap", stamp, table.to_dict("records")),
    ]


# ----------------------------------------------------------------------------- Q3
def q3_outputs(
    summary: pd.DataFrame, fields: list[str], out_fig: Path, out_tab: Path, stamp: dict[str, str]
) -> tuple[list[Path], dict[str, Any]]:
    """Q3's figure, lever table, pairwise table and sidecars; returns the numbers too."""
    table = answers.q3_levers(summary)
    win = answers.beats(summary)
    top = list(table["lever"][:2])
    flips = answers.ranking_flips(summary, top[0], top[1], fields) if len(top) == 2 else {}
    fig = _figure(7.0, 0.9 + 0.35 * len(table))
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    ax.errorbar(
        table["delta_mean_t"],
        y,
        xerr=[
            table["delta_mean_t"] - table["delta_mean_lo_t"],
            table["delta_mean_hi_t"] - table["delta_mean_t"],
        ],
        fmt="o",
        color=RUN,
        label="mean [95% CI]",
    )
    ax.plot(table["delta_median_t"], y, "s", color=TWIN, ms=4, label="median")
    ax.axvline(0, color=GREY, lw=0.8)
    ax.set_yticks(y, table["lever"])
    ax.set_xlabel("Change in target-year output against baseline, same draws and seeds (t)")
    ax.set_title("Q3: levers over paired prior draws")
    ax.legend(fontsize=7)
    paths = save(fig, out_fig, "q3_levers", footer(stamp))
    rows = [
        [
            r["lever"],
            _ci3(r["delta_median_t"], r["delta_median_lo_t"], r["delta_median_hi_t"], 0),
            f"{r['delta_mean_t']:,.0f} [{r['delta_mean_lo_t']:,.0f}, {r['delta_mean_hi_t']:,.0f}]",
            f"{r['p_better']:.2f}",
            _ci3(r["cost_per_t_cr"], r["cost_per_t_lo_cr"], r["cost_per_t_hi_cr"], 2),
        ]
        for r in table.to_dict("records")
    ]
    tab = Table(
        "Q3: levers against baseline over paired draws and seeds",
        [
            "lever",
            "Δ median (t)",
            "Δ mean (t)",
            "P(better)",
            "net fiscal cost per extra t (₹ cr/t)",
        ],
        rows,
        footer(stamp),
    )
    wrows = [
        [a, *[("–" if a == b else f"{win.loc[a, b]:.2f}") for b in win.columns]] for a in win.index
    ]
    wtab = Table(
        "Q3: share of draws in which the row's scenario out-produces the column's",
        ["", *win.columns],
        wrows,
        footer(stamp),
    )
    data = {"levers": table.to_dict("records"), "beats": win.to_dict(), "flips": flips}
    paths += [
        sidecar(out_fig, "q3_levers", stamp, data),
        *write_table(tab, out_tab, "q3_levers"),
        *write_table(wtab, out_tab, "q3_beats"),
        sidecar(out_tab, "q3_levers", stamp, data),
    ]
    return paths, data


# ----------------------------------------------------------------------------- Q4
def q4_outputs(
    summary: pd.DataFrame, out_fig: Path, out_tab: Path, stamp: dict[str, str]
) -> list[Path]:
    """Q4's figure (with and without the scheme), table and sidecars."""
    table = answers.q4_shock(summary)
    keys = [
        k
        for k in ("shock_unmet_during_t", "shock_unmet_after_t", "shock_domestic_rescue_t")
        if k in summary
    ]
    fig = _figure(7.5, 3.6)
    names = list(dict.fromkeys(summary["scenario"]))
    for i, k in enumerate(keys):
        ax = fig.add_subplot(1, len(keys), i + 1)
        data = [
            summary.loc[summary["scenario"] == s, k].dropna().to_numpy(dtype=float) for s in names
        ]
        ax.boxplot(data, whis=(5, 95), showfliers=False)
        ax.set_xticks(
            range(1, len(names) + 1),
            ["scheme" if "no_scheme" not in s else "no scheme" for s in names],
            fontsize=8,
        )
        ax.set_ylabel(f"{k} (t)", fontsize=8)
    fig.suptitle(
        "Q4: export-control shock over prior draws (box: quartiles, whiskers: 5-95%)", fontsize=9
    )
    paths = save(fig, out_fig, "q4_shock", footer(stamp))
    rows = [
        [
            r["scenario"],
            r["output"],
            f"{r['median']:,.1f} [{_n(r['median_lo'], 1)}, {_n(r['median_hi'], 1)}]",
            f"{r['q05']:,.1f} – {r['q95']:,.1f}",
        ]
        for r in table.to_dict("records")
    ]
    tab = Table(
        "Q4: shock outputs with and without the scheme (median [95% CI], 90% range)",
        ["scenario", "output", "median", "90% range"],
        rows,
        footer(stamp),
    )
    return [
        *paths,
        sidecar(out_fig, "q4_shock", stamp, table.to_dict("records")),
        *write_table(tab, out_tab, "q4_shock"),
        sidecar(out_tab, "q4_shock", stamp, table.to_dict("records")),
    ]
