"""Forecast, attribution (Shapley), sensitivity, lever and replication analyses, small designs."""

from __future__ import annotations

import numpy as np
import pytest

from ecosystem import ParameterError
from experiments import load_experiment
from experiments.attribution import (
    PLAYERS,
    attribution_table,
    shapley,
    shapley_by_run,
)
from experiments.forecast import THRESHOLDS, fan_data, forecast_lines, forecast_table
from experiments.levers import lever_table, replication_cv, shock_table
from experiments.sensitivity import analyze, sobol_design, top_factors
from experiments.stats import bootstrap_ci, mean_ci, wilson


def test_wilson_interval_known_values():
    p, lo, hi = wilson(3, 10)
    assert (
        p == 0.3 and lo == pytest.approx(0.1078, abs=1e-4) and hi == pytest.approx(0.6032, abs=1e-4)
    )
    assert wilson(0, 20)[1] == 0.0 and wilson(20, 20)[2] == 1.0


def test_mean_and_bootstrap_intervals_cover_the_mean():
    x = np.random.default_rng(0).normal(10, 1, 200)
    m, lo, hi = mean_ci(x)
    assert lo < m < hi and hi - lo < 0.4
    b, blo, bhi = bootstrap_ci(x, np.mean)
    assert b == m and blo < m < bhi


def test_forecast_reports_distribution_and_thresholds(forecast_exp):
    exp = load_experiment(forecast_exp)
    t = forecast_table(exp.summary)
    row = t.iloc[0]
    assert row["n"] == 12
    assert row["production_q05_t"] <= row["production_q50_t"] <= row["production_q95_t"]
    ps = [row[f"p_ge_{int(x)}"] for x in THRESHOLDS]
    assert ps == sorted(ps, reverse=True)  # higher thresholds are less likely
    for x in THRESHOLDS:
        k = f"p_ge_{int(x)}"
        assert 0 <= row[f"{k}_lo"] <= row[k] <= row[f"{k}_hi"] <= 1
        assert row[k] == pytest.approx((exp.summary["production_target_t"] >= x).mean())
    assert any("P(output >= 6,000 t)" in line for line in forecast_lines(t))
    bands = fan_data(exp.timeseries)
    at = bands[bands["month"] == 84].iloc[0]
    assert at["q50"] == pytest.approx(row["production_q50_t"])  # trailing year = summary


def test_shapley_values_of_known_games():
    additive = {
        c: sum(w for i, w in enumerate([1.0, 2.0, 3.0, 4.0]) if c >> i & 1) for c in range(16)
    }
    assert np.allclose(shapley(additive), [1, 2, 3, 4])
    # "all four needed": output only when everything is relaxed -> equal shares
    unanimity = {c: 100.0 if c == 15 else 0.0 for c in range(16)}
    assert np.allclose(shapley(unanimity), 25.0)
    rng = np.random.default_rng(1)
    game = {c: float(rng.normal()) for c in range(16)}
    assert sum(shapley(game)) == pytest.approx(game[15] - game[0])


def test_attribution_shares_sum_to_the_total(attribution_exp):
    exp = load_experiment(attribution_exp)
    s = exp.summary
    assert len(s) == 2 * 16 and set(s["combo"]) == set(range(16))
    flags = s[[f"relax_{p}" for p in PLAYERS]].to_numpy()
    assert all(
        (flags[s["combo"] == c] == [bool(c >> i & 1) for i in range(4)]).all() for c in range(16)
    )
    per = shapley_by_run(s)
    assert np.allclose(per[list(PLAYERS)].sum(axis=1), per["total"])
    base = s[s["combo"] == 0].set_index("run_id")["production_target_t"]
    full = s[s["combo"] == 15].set_index("run_id")["production_target_t"]
    assert np.allclose(per.set_index("run_id")["total"], full - base)
    t = attribution_table(s).set_index("component")
    assert t.loc[list(PLAYERS), "mean_t"].sum() == pytest.approx(t.loc["total", "mean_t"])
    assert t.loc[list(PLAYERS), "share"].sum() == pytest.approx(1.0)


def test_attribution_twin_component_matches_the_twin(attribution_exp):
    from ecosystem import simulate

    exp = load_experiment(attribution_exp)
    row = exp.summary[exp.summary["run_id"] == 0]
    seed = int(row["seed"].iloc[0])
    twin = simulate("baseline", seed=seed, twin=True, record_agents=False)
    per = shapley_by_run(exp.summary).set_index("run_id")
    assert per.loc[0, "twin"] == pytest.approx(twin.summary["shortfall_due_to_gap_t"])


def test_morris_indices(morris_exp):
    exp = load_experiment(morris_exp)
    assert len(exp.design) == 2 * 6
    t = analyze(exp)
    assert set(t["factor"]) == set(exp.spec["fields"])
    assert (t["mu_star"] >= 0).all() and t["mu_star"].is_monotonic_decreasing
    assert t.attrs["method"] == "morris" and "runs" in t.attrs["sizes"]
    assert top_factors(exp, 2) == t["factor"].head(2).tolist()


def test_sobol_indices(sobol_exp):
    exp = load_experiment(sobol_exp)
    assert len(exp.design) == 4 * (3 + 2)
    t = analyze(exp)
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(t.columns) and len(t) == 3
    with pytest.raises(ParameterError, match="power of 2"):
        sobol_design("baseline", ["learning_rate"], base_samples=6)
    with pytest.raises(ParameterError, match="too many"):
        from experiments.design import uncertainty_fields

        sobol_design("baseline", uncertainty_fields()[:25])


def test_levers_are_compared_on_paired_seeds(lever_exp):
    exp = load_experiment(lever_exp)
    t = lever_table(exp.summary, "baseline").set_index("scenario")
    assert set(t.index) == {"rnd_skilling_push", "no_scheme"} and (t["n_pairs"] == 4).all()
    s = exp.summary.set_index(["scenario", "rep"])["production_target_t"]
    diff = (s["rnd_skilling_push"] - s["baseline"]).mean()
    assert t.loc["rnd_skilling_push", "delta_output_t"] == pytest.approx(diff)
    # the skilling pool is spent and shows in the fiscal cost
    spent = exp.summary.groupby("scenario")["rnd_pool_spent_cr"].max()
    assert spent["rnd_skilling_push"] > 0 and spent["baseline"] == 0
    assert t.loc["no_scheme", "delta_cost_cr"] < 0
    cv = replication_cv(exp.summary)
    assert list(cv[cv["scenario"] == "baseline"]["reps"]) == [2, 3, 4]


def test_shock_window_totals(shock_exp):
    exp = load_experiment(shock_exp)
    ts = exp.timeseries.merge(exp.summary[["run_id", "scheme_enabled"]], on="run_id")
    t = shock_table(ts, exp.manifest["design"]["scenarios"])
    assert len(t) == 2 and set(t["scheme_enabled"]) == {True, False}
    assert (t["shock_start_month"] == 48).all() and (t["shock_end_month"] == 66).all()
    assert (t["unmet_t"] >= 0).all()
    assert (t["unmet_after_t"] > 0).all(), "supply returns gradually after the controls"
    assert (t["unmet_after_t"] < t["unmet_t"]).all()
    assert (t["rescue_t"] >= 0).all() and (t["buyer_cover_months"] > 0).all()


def test_fiscal_cost_adds_its_parts(twin_ensemble):
    s = load_experiment(twin_ensemble).summary
    parts = s["sli_paid_total_cr"] + s["capex_subsidy_paid_total_cr"] + s["rnd_pool_spent_cr"]
    assert np.allclose(s["fiscal_cost_cr"], parts)
    assert (s["fiscal_cost_npv_cr"] <= s["fiscal_cost_cr"] + 1e-9).all()
