"""Paper figures from stored experiments only (never by running the model).

Every function takes loaded experiments (`experiments.storage.Experiment`) and a folder, writes
one figure as PDF and PNG, and returns the paths. Every axis says its unit; every figure carries
the design size (runs, points, replications, master seed) in its lower left corner; colours are
the front end's Okabe-Ito palette. Figures are built on `matplotlib.figure.Figure` (no pyplot
state, no GUI backend), so they work in scripts, workers and notebooks alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from ecosystem import TARGET_T
from experiments import attribution, forecast, levers, sensitivity
from experiments.palette import GREY, OKABE_ITO, RUN, TARGET, TWIN, scenario_colours

START_YEAR = 2025 + 11 / 12  # month 0 = December 2025


def _years(months: np.ndarray) -> np.ndarray:
    return START_YEAR + np.asarray(months, dtype=float) / 12.0


def _figure(width: float = 7.0, height: float = 4.2) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)  # layout="constrained" above
    engine.set(rect=(0.0, 0.22 / height, 1.0, 1.0 - 0.22 / height))
    return fig


def save(fig: Figure, out: str | Path, name: str, stamp: str = "") -> list[Path]:
    """Write ``name.pdf`` and ``name.png`` (200 dpi) with the design size stamped."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if stamp:
        fig.text(0.005, 0.003, stamp, fontsize=6.5, color=GREY, ha="left", va="bottom")
    paths = [out / f"{name}.pdf", out / f"{name}.png"]
    fig.savefig(paths[0])
    fig.savefig(paths[1], dpi=200)
    return paths


def _target_month(exp: Any) -> int:
    scen = exp.manifest["design"]["scenarios"]
    return int(next(iter(scen.values()))["target_month"])


# ---- forecast --------------------------------------------------------------------------------
def fan_chart(exp: Any, out: str | Path, *, name: str = "forecast_fan") -> list[Path]:
    """Trailing 12-month output per scenario: median, 50% and 90% bands, and the target."""
    bands = forecast.fan_data(exp.table("timeseries", ["month", "production_t"]))
    names = list(dict.fromkeys(bands["scenario"]))
    colours = scenario_colours(names)
    cols = min(len(names), 3)
    rows = int(np.ceil(len(names) / cols))
    fig = _figure(3.2 * cols + 0.6, 2.6 * rows + 0.6)
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)).ravel()
    tm = _target_month(exp)
    for ax, scen in zip(axes, names, strict=False):
        b = bands[bands["scenario"] == scen]
        x = _years(b["month"])
        c = colours[scen]
        ax.fill_between(x, b["q05"], b["q95"], color=c, alpha=0.18, lw=0, label="90% band")
        ax.fill_between(x, b["q25"], b["q75"], color=c, alpha=0.38, lw=0, label="50% band")
        ax.plot(x, b["q50"], color=c, lw=1.8, label="median")
        ax.axhline(TARGET_T, color=TARGET, ls="--", lw=0.9, label="target 6,000 t")
        ax.axvline(_years(np.array([tm]))[0], color=TARGET, ls=":", lw=0.9)
        ax.set_title(scen, fontsize=9)
        ax.grid(alpha=0.3, lw=0.5)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    for ax in axes[::cols]:
        ax.set_ylabel("Output, trailing 12 months (t)")
    for ax in axes[-cols:]:
        ax.set_xlabel("Year")
    axes[0].legend(fontsize=7, loc="upper left")
    return save(fig, out, name, exp.sizes_text())


def threshold_chart(
    exp: Any, out: str | Path, *, name: str = "threshold_probabilities"
) -> list[Path]:
    """P(output in the target year ≥ threshold) per scenario, 95% intervals clustered by point."""
    table = forecast.forecast_table(exp.summary)
    names = list(table["scenario"])
    colours = scenario_colours(names)
    fig = _figure(6.5, 3.8)
    ax = fig.subplots()
    width = 0.8 / max(1, len(names))
    x = np.arange(len(forecast.THRESHOLDS))
    for i, row in enumerate(table.to_dict("records")):
        p = np.array([row[f"p_ge_{int(t)}"] for t in forecast.THRESHOLDS])
        lo = np.array([row[f"p_ge_{int(t)}_lo"] for t in forecast.THRESHOLDS])
        hi = np.array([row[f"p_ge_{int(t)}_hi"] for t in forecast.THRESHOLDS])
        ax.bar(
            x + (i - (len(names) - 1) / 2) * width,
            p,
            width,
            color=colours[row["scenario"]],
            yerr=[p - lo, hi - p],
            capsize=2,
            error_kw={"lw": 0.8},
            label=row["scenario"],
        )
    ax.set_xticks(x, [f"≥ {t:,.0f} t" for t in forecast.THRESHOLDS])
    ax.set_xlabel("Output in the target year (t), threshold")
    ax.set_ylabel("Probability (share of runs)")
    ax.set_ylim(0, 1)
    ax.grid(axis="y", alpha=0.3, lw=0.5)
    ax.legend(fontsize=7)
    return save(fig, out, name, exp.sizes_text())


# ---- attribution -----------------------------------------------------------------------------
def attribution_chart(
    attr: Any, out: str | Path, *, twin: Any | None = None, name: str = "attribution"
) -> list[Path]:
    """(a) Shapley shares of the output gained by relaxing the four constraints; (b) the twin."""
    table = attribution.attribution_table(attr.summary).set_index("component")
    fig = _figure(8.0, 3.6)
    ax, bx = fig.subplots(1, 2, width_ratios=[1.4, 1])
    comps = [*attribution.PLAYERS, "total"]
    y = np.arange(len(comps))[::-1]
    colours = [
        TWIN,
        OKABE_ITO["reddish_purple"],
        OKABE_ITO["yellow"],
        OKABE_ITO["bluish_green"],
        GREY,
    ]
    m = table.loc[comps, "mean_t"].to_numpy()
    err = [m - table.loc[comps, "lo_t"].to_numpy(), table.loc[comps, "hi_t"].to_numpy() - m]
    ax.barh(y, m, color=colours, xerr=err, capsize=3, error_kw={"lw": 0.8})
    ax.set_yticks(y, [attribution.LABELS[c] if c != "total" else "Total (sum)" for c in comps])
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel("Shapley share of output gained in the target year (t)")
    ax.set_title("(a) Factorial attribution, tender fixed", fontsize=9)
    ax.grid(axis="x", alpha=0.3, lw=0.5)
    if twin is not None and "shortfall_due_to_gap_t" in twin.summary:
        values = twin.summary["shortfall_due_to_gap_t"].dropna().to_numpy(dtype=float)
        source = "twin ensemble"
    else:
        values = attribution.shapley_by_run(attr.summary)["twin"].to_numpy(dtype=float)
        source = "gap switch alone"
    bx.hist(values, bins=min(30, max(5, len(values) // 3)), color=TWIN, alpha=0.8)
    if len(values):
        bx.axvline(
            float(np.median(values)),
            color="black",
            ls="--",
            lw=0.9,
            label=f"median {np.median(values):,.0f} t",
        )
        bx.legend(fontsize=7)
    bx.set_xlabel("Twin − run output, target year (t)")
    bx.set_ylabel("Runs (count)")
    bx.set_title(f"(b) Expertise-gap twin ({source})", fontsize=9)
    stamp = attr.sizes_text() + (f" | twin: {twin.sizes_text()}" if twin is not None else "")
    return save(fig, out, name, stamp)


# ---- levers and shocks -----------------------------------------------------------------------
def lever_chart(
    exp: Any, out: str | Path, *, reference: str = "baseline", name: str = "levers"
) -> list[Path]:
    """Paired comparison against the reference: tonnes closed, fiscal cost, cost per tonne."""
    table = levers.lever_table(exp.summary, reference)
    colours = scenario_colours(list(table["scenario"]))
    fig = _figure(9.0, 3.4)
    axes = fig.subplots(1, 3, sharey=True)
    y = np.arange(len(table))[::-1]
    specs = (
        ("delta_output", "_t", "Output closed vs reference (t)"),
        ("delta_cost", "_cr", "Fiscal cost vs reference, NPV (₹ crore)"),
        ("cost_per_t", "_cr", "Fiscal cost per tonne closed (₹ crore/t)"),
    )
    for ax, (key, unit, label) in zip(axes, specs, strict=True):
        m = table[f"{key}{unit}"].to_numpy(dtype=float)
        lo, hi = (
            table[f"{key}_lo{unit}"].to_numpy(dtype=float),
            table[f"{key}_hi{unit}"].to_numpy(dtype=float),
        )
        ok = np.isfinite(m)
        ax.barh(
            y[ok],
            m[ok],
            color=[colours[s] for s in table["scenario"][ok]],
            xerr=[m[ok] - lo[ok], hi[ok] - m[ok]],
            capsize=3,
            error_kw={"lw": 0.8},
        )
        for yy in y[~ok]:
            ax.text(0, yy, "  no gain", va="center", fontsize=7, color=GREY)
        ax.axvline(0, color="black", lw=0.6)
        ax.set_xlabel(label, fontsize=8)
        ax.grid(axis="x", alpha=0.3, lw=0.5)
    axes[0].set_yticks(y, table["scenario"])
    fig.suptitle(f"Levers on paired seeds against {reference}", fontsize=9)
    return save(fig, out, name, exp.sizes_text())


def shock_chart(exp: Any, out: str | Path, *, name: str = "shock_resilience") -> list[Path]:
    """Unmet demand under the export-control shock with and without the scheme."""
    ts = exp.timeseries.merge(
        exp.summary.drop(columns=["scenario", "point", "rep", "seed"], errors="ignore"),
        on="run_id",
        how="left",
    )
    scen = exp.manifest["design"]["scenarios"]
    table = levers.shock_table(ts, scen)
    fig = _figure(8.5, 3.5)
    ax, bx = fig.subplots(1, 2, width_ratios=[1.5, 1])
    labels = []
    for i, row in enumerate(table.to_dict("records")):
        g = ts[(ts["scenario"] == row["scenario"]) & (ts["point"] == row["point"])]
        wide = g.pivot(index="run_id", columns="month", values="unmet_demand_t")
        q = np.nanquantile(wide.to_numpy(dtype=float), [0.25, 0.5, 0.75], axis=0)
        colour = RUN if row["scheme_enabled"] else GREY
        label = (
            f"{'with' if row['scheme_enabled'] else 'without'} scheme, shock from month "
            f"{row['shock_start_month']}"
        )
        x = _years(wide.columns.to_numpy())
        ax.fill_between(x, q[0], q[2], color=colour, alpha=0.25, lw=0)
        ax.plot(x, q[1], color=colour, lw=1.5, ls="-" if i < 2 else "--", label=label)
        ax.axvspan(
            *_years(np.array([row["shock_start_month"], row["shock_end_month"]])),
            color=OKABE_ITO["yellow"],
            alpha=0.12,
            lw=0,
        )
        labels.append(label.replace(", shock from month", ",\nshock from"))
        bx.barh(
            i,
            row["unmet_t"],
            color=colour,
            xerr=[[row["unmet_t"] - row["unmet_lo_t"]], [row["unmet_hi_t"] - row["unmet_t"]]],
            capsize=3,
        )
    ax.set_xlabel("Year (shaded: export controls)")
    ax.set_ylabel("Unmet addressable demand (t/yr)")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3, lw=0.5)
    bx.set_yticks(range(len(labels)), labels, fontsize=7)
    bx.set_xlabel("Unmet demand in the shock (t), 95% CI")
    bx.grid(axis="x", alpha=0.3, lw=0.5)
    return save(fig, out, name, exp.sizes_text())


# ---- sensitivity -----------------------------------------------------------------------------
def morris_chart(
    exp: Any,
    out: str | Path,
    *,
    outcome: str = "production_target_t",
    top: int = 20,
    name: str = "morris",
) -> list[Path]:
    """Morris μ* against σ (all factors) and the top factors' μ* with bootstrap intervals."""
    t = sensitivity.analyze(exp, outcome)
    fig = _figure(9.0, 4.6)
    ax, bx = fig.subplots(1, 2)
    ax.scatter(t["mu_star"], t["sigma"], s=12, color=RUN)
    for r in t.head(8).to_dict("records"):
        ax.annotate(
            r["factor"],
            (r["mu_star"], r["sigma"]),
            fontsize=6,
            xytext=(3, 2),
            textcoords="offset points",
        )
    ax.set_xlabel(f"μ* of {outcome} (t per unit quantile)")
    ax.set_ylabel("σ of elementary effects (t per unit quantile)")
    ax.grid(alpha=0.3, lw=0.5)
    h = t.head(top)
    y = np.arange(len(h))[::-1]
    bx.barh(y, h["mu_star"], xerr=h["mu_star_conf"], color=RUN, capsize=2, error_kw={"lw": 0.7})
    bx.set_yticks(y, h["factor"], fontsize=6.5)
    bx.set_xlabel("μ*, 95% CI (t per unit quantile)")
    bx.grid(axis="x", alpha=0.3, lw=0.5)
    return save(fig, out, name, exp.sizes_text())


def sobol_chart(
    exp: Any, out: str | Path, *, outcome: str = "production_target_t", name: str = "sobol"
) -> list[Path]:
    """First-order and total Sobol indices with bootstrap intervals."""
    t = sensitivity.analyze(exp, outcome)
    fig = _figure(6.5, 0.9 + 0.28 * len(t))
    ax = fig.subplots()
    y = np.arange(len(t))[::-1]
    ax.barh(
        y + 0.2,
        t["ST"],
        0.4,
        xerr=t["ST_conf"],
        color=TWIN,
        label="total order ST",
        capsize=2,
        error_kw={"lw": 0.7},
    )
    ax.barh(
        y - 0.2,
        t["S1"],
        0.4,
        xerr=t["S1_conf"],
        color=RUN,
        label="first order S1",
        capsize=2,
        error_kw={"lw": 0.7},
    )
    ax.set_yticks(y, t["factor"], fontsize=7)
    ax.set_xlabel(f"Share of the variance of {outcome} (fraction)")
    ax.axvline(0, color="black", lw=0.6)
    ax.legend(fontsize=7)
    ax.grid(axis="x", alpha=0.3, lw=0.5)
    return save(fig, out, name, exp.sizes_text())


def replication_chart(
    exp: Any, out: str | Path, *, outcome: str = "production_target_t", name: str = "replications"
) -> list[Path]:
    """Coefficient of variation and relative CI half-width as replications accumulate."""
    cv = levers.replication_cv(exp.summary, outcome)
    colours = scenario_colours(list(dict.fromkeys(cv["scenario"])))
    fig = _figure(8.0, 3.3)
    ax, bx = fig.subplots(1, 2, sharex=True)
    for scen, g in cv.groupby("scenario", sort=False):
        ax.plot(g["reps"], g["cv"], color=colours[scen], lw=1.3, label=scen)
        bx.plot(g["reps"], g["rel_half_width"], color=colours[scen], lw=1.3)
    ax.set_ylabel("CV = sd / mean (fraction)")
    bx.set_ylabel("95% CI half-width / mean (fraction)")
    bx.set_ylim(0, min(1.0, float(cv["rel_half_width"].max()) * 1.05 or 1.0))
    ax.set_title(f"Variability of {outcome}", fontsize=9)
    bx.set_title("Precision of its mean (dotted: 5%)", fontsize=9)
    bx.axhline(0.05, color=TARGET, ls=":", lw=0.8)
    for a in (ax, bx):
        a.set_xlabel("Replications (runs)")
        a.grid(alpha=0.3, lw=0.5)
    ax.legend(fontsize=7)
    return save(fig, out, name, exp.sizes_text())


def figures_for(path: str | Path, out: str | Path) -> list[Path]:
    """The figures that fit one stored experiment, by its kind."""
    from experiments.storage import load_experiment

    exp = load_experiment(path)
    paths: list[Path] = []
    has_ts = "timeseries" in exp.table_names()
    if exp.kind == "forecast":
        if has_ts:
            paths += fan_chart(exp, out)
        paths += threshold_chart(exp, out)
    elif exp.kind in ("morris", "sobol"):
        paths += (morris_chart if exp.kind == "morris" else sobol_chart)(exp, out)
    elif exp.kind == "attribution":
        paths += attribution_chart(exp, out)
    elif exp.kind in ("ensemble", "sweep"):
        if has_ts and exp.kind == "ensemble":
            paths += fan_chart(exp, out, name="ensemble_fan")
        if exp.summary["rep"].max() >= 2:
            paths += replication_chart(exp, out)
        if exp.manifest["design"].get("twin"):
            paths += _twin_only(exp, out)
        if "baseline" in set(exp.summary["scenario"]) and exp.summary["scenario"].nunique() > 1:
            paths += lever_chart(exp, out)
        scen = exp.manifest["design"]["scenarios"]
        shocked = any(v.get("china_shock") for v in scen.values())
        if has_ts and shocked and "scheme_enabled" in exp.manifest["design"]["factors"]:
            paths += shock_chart(exp, out)
    return paths


def _twin_only(exp: Any, out: str | Path) -> list[Path]:
    fig = _figure(5.0, 3.3)
    ax = fig.subplots()
    for scen, g in exp.summary.groupby("scenario", sort=False):
        ax.hist(
            g["shortfall_due_to_gap_t"].dropna(),
            bins=20,
            alpha=0.6,
            color=scenario_colours([scen])[scen],
            label=scen,
        )
    ax.set_xlabel("shortfall_due_to_gap_t: twin − run output in the target year (t)")
    ax.set_ylabel("Runs (count)")
    ax.legend(fontsize=7)
    return save(fig, out, "twin_shortfall", exp.sizes_text())


__all__ = [
    "attribution_chart",
    "fan_chart",
    "figures_for",
    "lever_chart",
    "morris_chart",
    "replication_chart",
    "save",
    "shock_chart",
    "sobol_chart",
    "threshold_chart",
]
