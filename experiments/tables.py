"""Paper tables with confidence intervals, as Markdown and LaTeX, from stored experiments.

Each builder returns a `Table` (title, column headers with units, rows of formatted cells and a
note with the design size); `write_table` writes ``name.md`` and ``name.tex`` (a ``booktabs``
tabular). Intervals are written ``estimate [low, high]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments import attribution, forecast, levers, sensitivity


@dataclass
class Table:
    """A formatted table: headers, rows of cells, caption and a note (design size)."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""

    def markdown(self) -> str:
        """GitHub-flavoured Markdown."""
        lines = [
            f"**{self.caption}**",
            "",
            "| " + " | ".join(self.headers) + " |",
            "|" + "|".join(["---"] + ["---:"] * (len(self.headers) - 1)) + "|",
        ]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        if self.note:
            lines += ["", f"_{self.note}_"]
        return "\n".join(lines) + "\n"

    def latex(self) -> str:
        """A ``table`` environment with a ``booktabs`` tabular."""

        def esc(text: str) -> str:
            for a, b in (
                ("\\", r"\textbackslash{}"),
                ("&", r"\&"),
                ("%", r"\%"),
                ("_", r"\_"),
                ("#", r"\#"),
                ("≥", r"$\geq$"),
                ("₹ ", "Rs "),
                ("₹", "Rs "),
                ("μ*", r"$\mu^*$"),
                ("×", r"$\times$"),
                ("−", "-"),
            ):
                text = text.replace(a, b)
            return text

        spec = "l" + "r" * (len(self.headers) - 1)
        out = [
            r"\begin{table}[htbp]",
            r"\centering",
            rf"\caption{{{esc(self.caption)}}}",
            rf"\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(esc(h) for h in self.headers) + r" \\",
            r"\midrule",
        ]
        out += [" & ".join(esc(c) for c in r) + r" \\" for r in self.rows]
        out += [r"\bottomrule", r"\end{tabular}"]
        if self.note:
            out.append(rf"\par\smallskip{{\footnotesize {esc(self.note)}}}")
        out.append(r"\end{table}")
        return "\n".join(out) + "\n"


def write_table(table: Table, out: str | Path, name: str) -> list[Path]:
    """Write ``name.md`` and ``name.tex``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.md", out / f"{name}.tex"]
    paths[0].write_text(table.markdown(), encoding="utf-8")
    paths[1].write_text(table.latex(), encoding="utf-8")
    return paths


def _n(x: Any, digits: int = 0) -> str:
    if x is None or x != x:
        return "–"
    return f"{x:,.{digits}f}"


def _ci(m: Any, lo: Any, hi: Any, digits: int = 0) -> str:
    if m is None or m != m:
        return "–"
    if lo is None or lo != lo:
        return _n(m, digits)
    return f"{_n(m, digits)} [{_n(lo, digits)}, {_n(hi, digits)}]"


def forecast_tab(exp: Any) -> Table:
    """Output in the target year and threshold probabilities per scenario."""
    t = forecast.forecast_table(exp.summary)
    headers = [
        "Scenario",
        "Runs",
        "Median (t)",
        "50% range (t)",
        "90% range (t)",
        "Capacity, median (t/yr)",
    ]
    headers += [f"P(≥ {x:,.0f} t)" for x in forecast.THRESHOLDS]
    rows = []
    for r in t.to_dict("records"):
        row = [
            str(r["scenario"]),
            _n(r["n"]),
            _n(r["production_q50_t"]),
            f"{_n(r['production_q25_t'])}–{_n(r['production_q75_t'])}",
            f"{_n(r['production_q05_t'])}–{_n(r['production_q95_t'])}",
            _n(r["capacity_q50_t"]),
        ]
        row += [
            _ci(r[f"p_ge_{int(x)}"], r[f"p_ge_{int(x)}_lo"], r[f"p_ge_{int(x)}_hi"], 2)
            for x in forecast.THRESHOLDS
        ]
        rows.append(row)
    return Table(
        "Output of sintered NdFeB magnets in the target year over the priors and seeds",
        headers,
        rows,
        "Probabilities with 95% Wilson intervals at the effective size (seeds clustered in "
        f"parameter points). {exp.sizes_text()}.",
    )


def attribution_tab(exp: Any) -> Table:
    """Shapley shares of the output gained by relaxing each constraint."""
    t = attribution.attribution_table(exp.summary)
    rows = []
    for r in t.to_dict("records"):
        share = f"{r['share']:.0%}" if r["share"] == r["share"] else ""
        rows.append([r["label"], _ci(r["mean_t"], r["lo_t"], r["hi_t"]), share])
    return Table(
        "Attribution of the shortfall in the target year (2^4 factorial, tender fixed)",
        ["Component", "Output (t), 95% CI", "Share of total"],
        rows,
        f"Shapley shares per seed, averaged; bootstrap intervals. {exp.sizes_text()}.",
    )


def lever_tab(exp: Any, reference: str = "baseline") -> Table:
    """Levers on paired seeds against the reference scenario."""
    t = levers.lever_table(exp.summary, reference)
    rows = [
        [
            r["scenario"],
            _ci(r["delta_output_t"], r["delta_output_lo_t"], r["delta_output_hi_t"]),
            _ci(r["delta_cost_cr"], r["delta_cost_lo_cr"], r["delta_cost_hi_cr"]),
            _ci(r["cost_per_t_cr"], r["cost_per_t_lo_cr"], r["cost_per_t_hi_cr"], 3),
        ]
        for r in t.to_dict("records")
    ]
    return Table(
        f"Levers against {reference} on paired seeds",
        [
            "Scenario",
            "Output closed (t)",
            "Fiscal cost, NPV (₹ crore)",
            "Cost per tonne closed (₹ crore/t)",
        ],
        rows,
        _lever_cost_note(exp) + "; bootstrap 95% CIs; "
        f"– where the output gain's interval is not above zero. {exp.sizes_text()}.",
    )


def _lever_cost_note(exp: Any) -> str:
    """What the fiscal cost of the lever table counts (net of revenue when the model gives it)."""
    if levers.NET_COST in exp.summary.columns:
        return (
            "Fiscal cost = net fiscal cost (SLI, capital subsidy, administration, R&D/skilling, "
            "price support, oxide subsidy, less customs and anti-dumping duty, clawbacks and "
            "stockpile sales), discounted at each run's discount_rate_per_yr"
        )
    rate = exp.manifest["design"].get("discount_rate", 0.08)
    return f"Fiscal cost = SLI + capital subsidy + R&D/skilling pool, discounted at {rate:.0%}/yr"


def sensitivity_tab(exp: Any, top: int = 15) -> Table:
    """Morris μ* and σ, or Sobol S1 and ST, of the top factors."""
    t = sensitivity.analyze(exp).head(top)
    if t.attrs["method"] == "morris":
        rows = [
            [
                r["factor"],
                _ci(
                    r["mu_star"], r["mu_star"] - r["mu_star_conf"], r["mu_star"] + r["mu_star_conf"]
                ),
                _n(r["sigma"]),
            ]
            for r in t.to_dict("records")
        ]
        headers = ["Factor", "μ* (t), 95% CI", "σ (t)"]
    else:
        rows = [
            [
                r["factor"],
                _ci(r["S1"], r["S1"] - r["S1_conf"], r["S1"] + r["S1_conf"], 3),
                _ci(r["ST"], r["ST"] - r["ST_conf"], r["ST"] + r["ST_conf"], 3),
            ]
            for r in t.to_dict("records")
        ]
        headers = ["Factor", "S1, 95% CI", "ST, 95% CI"]
    return Table(
        f"{t.attrs['method'].capitalize()} sensitivity of production_target_t",
        headers,
        rows,
        f"SALib, bootstrap intervals. {exp.sizes_text()}.",
    )


def shock_tab(exp: Any) -> Table:
    """Unmet demand and domestic output during the export-control shock."""
    ts = exp.timeseries.merge(
        exp.summary.drop(columns=["scenario", "point", "rep", "seed"], errors="ignore"),
        on="run_id",
        how="left",
    )
    t = levers.shock_table(ts, exp.manifest["design"]["scenarios"])
    rows = [
        [
            f"{'with' if r['scheme_enabled'] else 'without'} scheme, months "
            f"{r['shock_start_month']}-{r['shock_end_month']}",
            _ci(r["unmet_t"], r["unmet_lo_t"], r["unmet_hi_t"]),
            _ci(r["domestic_t"], r["domestic_lo_t"], r["domestic_hi_t"]),
            _ci(r["imports_t"], r["imports_lo_t"], r["imports_hi_t"]),
        ]
        for r in t.to_dict("records")
    ]
    return Table(
        "Addressable demand during a Chinese export-control shock",
        ["Case", "Unmet (t)", "Domestic output (t)", "Imports (t)"],
        rows,
        f"Totals over the shock window; means with 95% t intervals. {exp.sizes_text()}.",
    )
