"""The validation figure (``docs/img/validation.png``): four panels."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from experiments.validation.observations import (
    FIGURE,
    LOCAL_CORE_EXPERT_SHARE,
    short_name,
)
from experiments.validation.statistics import (
    beneficiary_build_months,
    interval,
)
from experiments.validation.table import Validation


# ----------------------------------------------------------------------------- figure
def figure(v: Validation, path: Path = FIGURE) -> Path:
    """Four panels: first output, nameplate, cost learning, the shock (PNG, 200 dpi)."""
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from experiments.palette import GREY, LIGHT_GREY, OKABE_ITO, RUN, TARGET

    fig = Figure(figsize=(11.0, 8.6), layout="constrained")
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    engine.set(rect=(0.0, 0.025, 1.0, 0.975))
    (ax_a, ax_b), (ax_c, ax_d) = fig.subplots(2, 2)
    exp, obs = v.experienced, v.obs
    names = [f"{short_name(b)}, {b.capacity_t:,.0f} t" for b in obs.experienced]
    # (a) construction start -> first output
    labels: list[str] = []
    for y, b in enumerate(obs.experienced):
        e = exp[exp["key"] == b.key]
        r = b.first_output_months
        assert r is not None
        ax_a.plot([r.low, r.high], [y, y], color=TARGET, lw=2.2, solid_capstyle="butt")
        ax_a.plot(r.central, y, "o", color=TARGET, ms=5, label="observed" if y == 0 else None)
        for variant, dy, colour, text in (
            ("prior", 0.22, RUN, "model, priors"),
            ("held_out", -0.22, OKABE_ITO["orange"], "model, base time held out"),
        ):
            med, q05, q95 = interval(e[e["variant"] == variant]["first_output_months"])
            ax_a.plot([q05, q95], [y + dy, y + dy], color=colour, lw=4, alpha=0.55)
            ax_a.plot(med, y + dy, "|", color=colour, ms=10, mew=2, label=text if y == 0 else None)
        labels.append(names[y])
    y = len(obs.experienced)
    smco = obs.get("india_smco_3t").first_output_months
    assert smco is not None
    ax_a.plot([smco.low, smco.high], [y, y], color=TARGET, lw=2.2)
    ax_a.plot(smco.central, y, "o", color=TARGET, ms=5)
    med, q05, q95 = interval(v.novice[v.novice["variant"] == "prior"]["first_output_months"])
    ax_a.plot([q05, q95], [y + 0.22, y + 0.22], color=RUN, lw=4, alpha=0.55)
    ax_a.plot(med, y + 0.22, "|", color=RUN, ms=10, mew=2)
    labels.append("novice: public-lab SmCo, 3 t")
    bene = beneficiary_build_months(v.baseline)
    med, q05, q95 = interval(bene)
    ax_a.plot([q05, q95], [y + 1, y + 1], color=OKABE_ITO["bluish_green"], lw=4, alpha=0.55)
    ax_a.plot(
        med,
        y + 1,
        "|",
        color=OKABE_ITO["bluish_green"],
        ms=10,
        mew=2,
        label="model, scheme novices",
    )
    labels.append("novices: scheme beneficiaries")
    ax_a.set_yticks(range(len(labels)), labels, fontsize=7.5)
    ax_a.invert_yaxis()
    ax_a.set_xlabel("Construction start → first output (months)")
    ax_a.set_title("(a) Time to first output", fontsize=10, loc="left")
    ax_a.grid(axis="x", alpha=0.3, lw=0.5)
    ax_a.legend(fontsize=6.5, loc="upper right", title="median, 90% interval", title_fontsize=6.5)
    # (b) first output -> nameplate
    finite = exp["nameplate_months"].replace(math.inf, np.nan).dropna()
    xmax = max(60.0, float(finite.max()) + 6.0 if len(finite) else 60.0)
    rule = obs.nameplate_rule
    ax_b.axvspan(rule.low, rule.high, color=LIGHT_GREY, label="observed rule: 2-4 years")
    for y, b in enumerate(obs.experienced):
        e = exp[exp["key"] == b.key]
        if b.nameplate_months is not None:
            r = b.nameplate_months
            ax_b.plot([r.low, r.high], [y, y], color=TARGET, lw=2.2)
            ax_b.plot(r.central, y, "o", color=TARGET, ms=5, label="observed (500 t in 2014)")
        for variant, dy, colour, text in (
            ("prior", -0.25, RUN, "model: world market, expert crew"),
            (
                "local_hires",
                0.0,
                OKABE_ITO["bluish_green"],
                f"model: {LOCAL_CORE_EXPERT_SHARE:.0%} expert core",
            ),
            ("india", 0.25, OKABE_ITO["reddish_purple"], "model: India's market and oxide"),
        ):
            med, q05, q95 = interval(e[e["variant"] == variant]["nameplate_months"])
            hi = min(q95, xmax)
            ax_b.plot([q05, hi], [y + dy, y + dy], color=colour, lw=4, alpha=0.55)
            ax_b.plot(
                min(med, xmax),
                y + dy,
                "|",
                color=colour,
                ms=10,
                mew=2,
                label=text if y == 0 else None,
            )
            if math.isinf(q95):
                ax_b.plot(xmax, y + dy, ">", color=colour, ms=6)
    ax_b.set_yticks(range(len(names)), names, fontsize=7.5)
    ax_b.invert_yaxis()
    ax_b.set_xlim(-1.0, xmax + 1.0)
    ax_b.set_xlabel("First output → nameplate (months; ▸ not reached)")
    ax_b.set_title("(b) Time to nameplate (90% of capacity)", fontsize=10, loc="left")
    ax_b.grid(axis="x", alpha=0.3, lw=0.5)
    ax_b.legend(fontsize=6.5, loc="lower right")
    # (c) cost learning
    rates = 100.0 * v.learning_rates
    lr = obs.learning
    ax_c.axvspan(100 * lr.low, 100 * lr.high, color=LIGHT_GREY, label="evidence: 10-30%")
    ax_c.axvline(100 * lr.central, color=TARGET, ls="--", lw=1.0, label="typical: 20%")
    ax_c.hist(rates, bins=20, color=RUN, alpha=0.75, label="model: each firm and seed")
    ax_c.axvline(
        100 * v.learning_pooled,
        color=OKABE_ITO["vermilion"],
        lw=1.8,
        label=f"model: pooled {v.learning_pooled:.1%}",
    )
    ax_c.set_xlabel("Cost learning rate per doubling of cumulative output (%)")
    ax_c.set_ylabel("Firms × seeds (count)")
    ax_c.set_title("(c) Cost learning, baseline beneficiaries", fontsize=10, loc="left")
    ax_c.grid(alpha=0.3, lw=0.5)
    ax_c.legend(fontsize=6.5)
    # (d) the shock: china_shock minus baseline, per channel
    sp = v.baseline.shock_params
    start = 2025 + 11 / 12
    ax_d.axvspan(
        start + sp.shock_start_month / 12,
        start + (sp.shock_start_month + sp.shock_months) / 12,
        color=LIGHT_GREY,
        label="export controls",
    )
    keys = ["seed", "month"]
    diff = v.baseline.shock.set_index(keys).sub(v.baseline.baseline.set_index(keys))
    diff = diff.reset_index()
    for column, colour, what in (
        ("imports_t", TARGET, "imports"),
        ("demand_t", OKABE_ITO["reddish_purple"], "demand (substitution, thrift)"),
        ("sales_domestic_t", RUN, "domestic sales"),
        ("unmet_demand_t", OKABE_ITO["vermilion"], "unmet demand"),
    ):
        q = diff.groupby("month")[column].quantile([0.05, 0.5, 0.95]).unstack()
        x = start + q.index.to_numpy(dtype=float) / 12
        ax_d.fill_between(x, q[0.05], q[0.95], color=colour, alpha=0.12, lw=0)
        ax_d.plot(x, q[0.5], color=colour, lw=1.5, label=what)
    ax_d.axhline(0.0, color=GREY, lw=0.8)
    ax_d.set_xlabel("Year")
    ax_d.set_ylabel("china_shock − baseline (t/yr; median, 90% band)")
    ax_d.set_title("(d) Export controls: where the import cut goes", fontsize=10, loc="left")
    ax_d.grid(alpha=0.3, lw=0.5)
    ax_d.legend(fontsize=6.5, loc="lower left")
    fig.text(
        0.005,
        0.003,
        f"{v.n} seeds and {v.n} prior draws per set-up; master seed {v.master_seed}",
        fontsize=6.5,
        color=GREY,
        ha="left",
        va="bottom",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=200)
    return path
