"""The answers to Q1-Q4 (experiments.answers, paper_docs) and `make paper --small` end to end."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from experiments import answers, paper, paper_docs


def forecast_summary(values, reps=2):
    n = len(values)
    return pd.DataFrame(
        {
            "run_id": np.arange(n),
            "scenario": "baseline",
            "point": np.arange(n) // reps,
            "rep": np.arange(n) % reps,
            "production_target_t": values,
            "target_met": np.asarray(values) >= 6000,
            "learning_rate": np.linspace(0, 0.5, n),
        }
    )


def test_q1_gives_quantiles_threshold_shares_and_zero_share():
    values = np.array([0.0] * 20 + [1000.0] * 30 + [2000.0] * 30 + [5000.0] * 10 + [7000.0] * 10)
    q1 = answers.q1_forecast(forecast_summary(values))
    assert q1["n_runs"] == 100 and q1["n_points"] == 50 and q1["n_seeds_per_point"] == 2
    p = {r["t"]: r for r in q1["thresholds"]}
    assert p[1500]["p"] == pytest.approx(0.5) and p[6000]["p"] == pytest.approx(0.1)
    assert p[4500]["p"] == pytest.approx(0.2)
    for r in q1["thresholds"]:
        assert r["lo"] <= r["p"] <= r["hi"]
    assert q1["share_zero_output"] == pytest.approx(0.2)
    assert q1["share_target_met"] == pytest.approx(0.1)
    t = q1["production_target_t"]
    assert t["q05"] == 0.0 and t["median"] == pytest.approx(1500.0)
    assert t["median_lo"] <= t["median"] <= t["median_hi"]


def test_threshold_months_find_the_first_month_the_trailing_year_reaches_it():
    months = np.arange(0, 37)
    rows = []
    for run, rate in ((0, 1800.0), (1, 0.0)):  # annualised flow from month 1
        for m in months:
            rows.append({"run_id": run, "month": m, "production_t": rate if m > 0 else 0.0})
    out = answers.threshold_months(pd.DataFrame(rows), thresholds=(1500.0, 3000.0))
    first = out.set_index("run_id")
    # trailing 12-month total of 150 t a month reaches 1,500 t in month 10
    assert first.loc[0, "month_1500"] == 10
    assert np.isnan(first.loc[0, "month_3000"]) and np.isnan(first.loc[1, "month_1500"])


def lever_summary(n_points=40, reps=2):
    rng = np.random.default_rng(3)
    rows = []
    for pt in range(n_points):
        x = pt / n_points
        for r in range(reps):
            base = 1000.0 + 100 * r
            out = {
                "baseline": base,
                "more": base + 200.0,
                "flip": base + (300 if x > 0.5 else -300),
            }
            for s, q in out.items():
                rows.append(
                    {
                        "scenario": s,
                        "point": pt,
                        "rep": r,
                        "production_target_t": q,
                        "net_fiscal_cost_npv_cr": 100.0 + (50.0 if s == "more" else 0.0),
                        "learning_rate": x,
                        "noise_field": rng.random(),
                    }
                )
    return pd.DataFrame(rows)


def test_levers_are_compared_over_paired_draws_with_cost_per_tonne():
    table = answers.q3_levers(lever_summary()).set_index("lever")
    more = table.loc["more"]
    assert more["delta_mean_t"] == pytest.approx(200.0) and more["p_better"] == 1.0
    assert more["cost_per_t_cr"] == pytest.approx(50.0 / 200.0)
    assert table.loc["flip", "p_better"] == pytest.approx(0.5, abs=0.05)
    assert np.isnan(table.loc["flip", "cost_per_t_cr"])  # no clear gain: no cost per tonne
    win = answers.beats(lever_summary())
    assert win.loc["more", "baseline"] == 1.0 and win.loc["baseline", "more"] == 0.0


def test_the_tree_finds_the_field_that_flips_a_ranking():
    flips = answers.ranking_flips(lever_summary(), "flip", "more", ["noise_field", "learning_rate"])
    assert flips["splits"][0]["field"] == "learning_rate"
    assert flips["splits"][0]["threshold"] == pytest.approx(0.5, abs=0.05)
    assert flips["accuracy"] > flips["majority"]


def test_q2_splits_the_gap_by_oxide_shortfall_and_counts_negative_gaps():
    s = pd.DataFrame(
        {
            "point": np.arange(6),
            "shortfall_due_to_gap_t": [100.0, 200.0, -50.0, 400.0, 500.0, 600.0],
            "oxide_shortfall_target_t": [0.0, 0.0, 0.0, 50.0, 150.0, 500.0],
        }
    )
    t = answers.q2_gap(s).set_index("group")
    assert t.loc["all", "n"] == 6 and t.loc["all", "share_negative"] == pytest.approx(1 / 6)
    assert t.loc["no oxide shortfall", "n"] == 3
    assert t.loc["oxide shortfall 0-100 t", "median_t"] == 400.0
    assert t.loc["oxide shortfall > 300 t", "median_t"] == 600.0


def test_readme_block_is_replaced_between_markers_and_added_once():
    text = "# Title\n\nintro\n"
    once = paper_docs.splice_readme(text, "first")
    assert paper_docs.BEGIN in once and "first" in once
    twice = paper_docs.splice_readme(once + "\ntail\n", "second")
    assert "first" not in twice and "second" in twice and twice.count(paper_docs.BEGIN) == 1
    assert twice.endswith("tail\n")


def test_paper_small_writes_every_answer_with_commit_and_design(tmp_path, capsys):
    out = tmp_path / "paper"
    assert paper.main(["--small", "--out", str(out), "--jobs", "1", "--no-progress"]) == 0
    fj = json.loads((out / "forecast.json").read_text())
    assert tuple(fj) == paper_docs.FORECAST_KEYS
    assert len(fj["git_commit"]) == 40 and "priors" in fj["design"]
    assert [r["t"] for r in fj["thresholds"]] == [1500, 3000, 4500, 6000]
    assert fj["n_runs"] == paper.SMALL.forecast_points * paper.SMALL.forecast_reps
    for name in ("q1_forecast", "q1_zero_output", "q2_gap_vs_oxide", "q3_levers", "q4_shock"):
        assert (out / "figures" / f"{name}.pdf").exists()
        side = json.loads((out / "figures" / f"{name}.json").read_text())
        assert side["git_commit"] == fj["git_commit"] and side["design"]
    for name in ("q1_forecast", "q2_gap", "q3_levers", "q3_beats", "q4_shock"):
        assert "model commit" in (out / "tables" / f"{name}.md").read_text()
    assert "small (CI) size" in (out / "answers.md").read_text()
    assert "Q1:" in capsys.readouterr().out


def test_the_twins_oxide_shortfall_is_summed_over_the_target_year():
    s = pd.DataFrame({"run_id": [0, 1], "point": [0, 1], "shortfall_due_to_gap_t": [10.0, 20.0]})
    rows = [
        {"run_id": r, "month": m, "oxide_shortfall_t": (120.0 if r == 0 and m > 72 else 0.0)}
        for r in (0, 1)
        for m in range(0, 121)
    ]
    out = answers.with_twin_oxide(s, pd.DataFrame(rows))
    # 12 months (73..84) of 120 t/yr annualised = 120 t in the target year; none for run 1
    assert out[answers.TWIN_OXIDE].tolist() == [120.0, 0.0]
    assert answers.oxide_column(out) == answers.TWIN_OXIDE


def test_a_study_run_by_another_model_is_set_aside_and_run_afresh(tmp_path, monkeypatch, capsys):
    """`make paper` never reuses (or resumes) a study computed by another version of the model."""
    from experiments.forecast import forecast_design

    plan = [("forecast", lambda: forecast_design(["baseline"], 2, 1, 0, frames=()))]
    paper.run_studies(tmp_path, plan, jobs=1, scheduler=None, progress=False)
    assert paper.run_studies(tmp_path, plan, jobs=1, scheduler=None, progress=False)
    assert "forecast: complete" in capsys.readouterr().out  # same model: reused
    current = paper.code_identity()
    changed = current | {"digest": "0" * 32}
    changed["files"] = current["files"] | {"ecosystem/model.py": "0" * 32}
    monkeypatch.setattr(paper, "code_identity", lambda: changed)
    paper.run_studies(tmp_path, plan, jobs=1, scheduler=None, progress=False)
    printed = capsys.readouterr().out
    assert "run by another version of the model" in printed and "forecast: complete" not in printed
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("forecast.stale-")]
    assert len(aside) == 1 and (aside[0] / "manifest.json").exists()  # nothing computed is lost
    assert (tmp_path / "forecast" / "manifest.json").exists()


def test_paper_refuses_an_unwritable_out_before_running(tmp_path, capsys):
    from experiments.paper import main

    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    assert main(["--small", "--out", str(tmp_path / "a_file" / "paper")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out ") and "is a file" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]
