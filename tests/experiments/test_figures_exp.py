"""Figures and tables from small stored experiments (no model runs here)."""

from __future__ import annotations

import pytest

from experiments import figures, load_experiment, tables
from experiments import levers as levers_analysis


def _ok(paths):
    assert {p.suffix for p in paths} == {".pdf", ".png"}
    assert all(p.stat().st_size > 5_000 for p in paths)


def test_forecast_figures_and_table(forecast_exp, tmp_path):
    exp = load_experiment(forecast_exp)
    _ok(figures.fan_chart(exp, tmp_path))
    _ok(figures.threshold_chart(exp, tmp_path))
    md, tex = tables.write_table(tables.forecast_tab(exp), tmp_path, "forecast")
    text = md.read_text()
    assert "P(≥ 6,000 t)" in text and "[" in text and "12 runs" in text
    assert r"\begin{tabular}" in tex.read_text() and r"$\geq$" in tex.read_text()


def test_attribution_figure_with_twin(attribution_exp, twin_ensemble, tmp_path):
    _ok(
        figures.attribution_chart(
            load_experiment(attribution_exp), tmp_path, twin=load_experiment(twin_ensemble)
        )
    )
    md, _ = tables.write_table(
        tables.attribution_tab(load_experiment(attribution_exp)), tmp_path, "attr"
    )
    assert "Expertise gap" in md.read_text()


def test_lever_shock_and_replication_figures(lever_exp, shock_exp, tmp_path):
    levers = load_experiment(lever_exp)
    _ok(figures.lever_chart(levers, tmp_path))
    _ok(figures.replication_chart(levers, tmp_path))
    _ok(figures.shock_chart(load_experiment(shock_exp), tmp_path))
    auto = {p.stem for p in figures.figures_for(shock_exp, tmp_path / "auto")}
    assert "shock_resilience" in auto
    md, tex = tables.write_table(tables.lever_tab(levers), tmp_path, "levers")
    # every lever's row in the written table carries the numbers of the lever analysis
    lines = md.read_text().splitlines()
    expected = levers_analysis.lever_table(levers.summary, "baseline").to_dict("records")
    assert expected
    for r in expected:
        row = next(line for line in lines if line.startswith(f"| {r['scenario']} |"))
        if r["delta_output_t"] == r["delta_output_t"]:  # not NaN
            assert f"{r['delta_output_t']:,.0f}" in row
        assert f"{r['delta_cost_cr']:,.0f}" in row
    assert r"\begin{tabular}" in tex.read_text()
    shock = load_experiment(shock_exp)
    md, _ = tables.write_table(tables.shock_tab(shock), tmp_path, "shock")
    lines = md.read_text().splitlines()
    cases = levers_analysis.shock_table(
        shock.timeseries.merge(
            shock.summary.drop(columns=["scenario", "point", "rep", "seed"], errors="ignore"),
            on="run_id",
            how="left",
        ),
        shock.manifest["design"]["scenarios"],
    ).to_dict("records")
    assert len(cases) == sum(line.startswith("| with") for line in lines) > 0
    for r in cases:
        scheme = "with" if r["scheme_enabled"] else "without"
        row = next(line for line in lines if line.startswith(f"| {scheme} scheme"))
        assert f"{r['unmet_t']:,.0f}" in row and f"{r['imports_t']:,.0f}" in row


@pytest.mark.parametrize("name", ["morris_exp", "sobol_exp"])
def test_sensitivity_figures(name, request, tmp_path):
    exp = load_experiment(request.getfixturevalue(name))
    paths = figures.figures_for(exp.path, tmp_path)
    _ok(paths)
    assert paths[0].stem == exp.kind
    md, _ = tables.write_table(tables.sensitivity_tab(exp), tmp_path, exp.kind)
    assert "Factor" in md.read_text()


def test_figures_for_an_ensemble(twin_ensemble, tmp_path):
    paths = figures.figures_for(twin_ensemble, tmp_path)
    stems = {p.stem for p in paths}
    assert {"ensemble_fan", "replications", "twin_shortfall", "levers"} <= stems
