"""Intervals that respect the design: seeds nested in parameter points (synthetic data)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from experiments.forecast import forecast_table
from experiments.stats import (
    bootstrap_ci,
    cluster_bootstrap_ci,
    cluster_wilson,
    design_effect,
    wilson,
)

#: P(hit) of the synthetic forecast: 30% of points are "good" (a seed hits with 0.9), the rest
#: hit with 0.02: the parameters matter far more than the seed, as in the model's forecast.
GOOD, P_GOOD, P_BAD = 0.3, 0.9, 0.02
TRUTH = GOOD * P_GOOD + (1 - GOOD) * P_BAD


def _clustered_hits(rng: np.random.Generator, m: int = 50, r: int = 4):
    p = np.where(rng.random(m) < GOOD, P_GOOD, P_BAD)
    hits = rng.random((m, r)) < p[:, None]
    return hits.ravel(), np.repeat(np.arange(m), r)


def test_naive_interval_is_too_narrow_and_the_clustered_one_covers():
    rng = np.random.default_rng(7)
    naive = clustered = 0
    trials = 600
    for _ in range(trials):
        hits, points = _clustered_hits(rng)
        _, lo, hi = wilson(int(hits.sum()), len(hits))
        naive += lo <= TRUTH <= hi
        _, lo, hi = cluster_wilson(hits, points)
        clustered += lo <= TRUTH <= hi
    # nominal 95%: treating 200 runs as independent covers about 70% of the time
    assert naive / trials < 0.80
    assert clustered / trials > 0.92


def test_cluster_bootstrap_of_the_median_covers_where_the_run_bootstrap_does_not():
    rng = np.random.default_rng(3)
    naive = clustered = 0
    trials = 80
    for _ in range(trials):
        point_mean = rng.normal(size=40)  # population median 0
        values = (point_mean[:, None] + 0.2 * rng.normal(size=(40, 5))).ravel()
        points = np.repeat(np.arange(40), 5)
        _, lo, hi = bootstrap_ci(values, np.median, n_boot=300)
        naive += lo <= 0.0 <= hi
        _, lo, hi = cluster_bootstrap_ci(values, points, np.median, n_boot=300)
        clustered += lo <= 0.0 <= hi
    assert naive / trials < 0.80
    assert clustered / trials > 0.85


def test_one_run_per_point_is_the_ordinary_wilson_interval():
    rng = np.random.default_rng(1)
    hits = rng.random(300) < 0.2
    p, lo, hi = cluster_wilson(hits, np.arange(300))
    p0, lo0, hi0 = wilson(int(hits.sum()), 300)
    assert p == p0
    # deff is floored at 1; the m/(m-1) correction can only widen the interval slightly
    assert lo <= lo0 + 1e-12 and hi >= hi0 - 1e-12
    assert abs(lo - lo0) < 0.005 and abs(hi - hi0) < 0.005


def test_identical_seeds_within_a_point_count_once():
    point_hits = np.array([True] * 10 + [False] * 40)
    hits, points = np.repeat(point_hits, 4), np.repeat(np.arange(50), 4)
    assert abs(design_effect(hits, points) - 4.0) < 0.1
    _, lo, hi = cluster_wilson(hits, points)
    _, lo50, hi50 = wilson(10, 50)
    assert abs(lo - lo50) < 0.01 and abs(hi - hi50) < 0.01
    # no hit at all: the correlation is unknown, so each point counts once (worst case)
    none = np.zeros(200, dtype=bool)
    assert design_effect(none, points) == 4.0
    assert cluster_wilson(none, points)[2] == wilson(0, 50)[2]


def test_forecast_table_clusters_by_point():
    point_out = np.array([7000.0] * 10 + [500.0] * 40)
    summary = pd.DataFrame(
        {
            "scenario": "s",
            "point": np.repeat(np.arange(50), 4),
            "production_target_t": np.repeat(point_out, 4),
            "capacity_target_t": 6000.0,
            "month_target_reached": np.where(np.repeat(point_out, 4) > 6000, 80.0, np.nan),
        }
    )
    row = forecast_table(summary).iloc[0]
    assert row["n"] == 200 and row["n_points"] == 50
    _, lo200, hi200 = wilson(40, 200)
    _, lo50, hi50 = wilson(10, 50)
    assert row["p_ge_6000"] == 0.2
    assert row["p_ge_6000_hi"] - row["p_ge_6000_lo"] > 1.5 * (hi200 - lo200)
    assert abs(row["p_ge_6000_lo"] - lo50) < 0.01
    assert row["production_q50_lo_t"] <= row["production_q50_t"] <= row["production_q50_hi_t"]


def test_seed_agreement_flags_an_estimate_outside_another_seeds_interval():
    from experiments.seed_agreement import disagreements

    def row(seed, p, lo, hi):
        r = {"master_seed": seed, "n": 800}
        for t in (1500, 3000, 4500, 6000):
            r[f"p_ge_{t}"], r[f"p_ge_{t}_lo"], r[f"p_ge_{t}_hi"] = p, lo, hi
        return r

    agree = pd.DataFrame([row(7, 0.10, 0.08, 0.13), row(42, 0.11, 0.09, 0.14)])
    assert disagreements(agree) == []
    apart = pd.DataFrame([row(7, 0.10, 0.08, 0.13), row(42, 0.14, 0.12, 0.17)])
    inside = disagreements(apart, thresholds=(6000,))
    assert len(inside) == 2 and "seed 42 = 0.14" in inside[1]
    assert disagreements(apart, thresholds=(6000,), rule="overlap") == []
    far = pd.DataFrame([row(7, 0.10, 0.08, 0.11), row(42, 0.14, 0.12, 0.17)])
    assert len(disagreements(far, thresholds=(6000,), rule="overlap")) == 1


def test_seed_agreement_compares_the_numbers_as_quoted():
    """0.003 against [0.004, 0.019] agrees as quoted (0.00 in [0.00, 0.02]), not at 3 decimals;
    a median 240 t away from another seed's interval disagrees at the hundred tonnes."""
    from experiments.seed_agreement import disagreements

    def row(seed, p, lo, hi, med, med_lo, med_hi):
        r = {"master_seed": seed, "n": 1000, "production_q50_t": med}
        r["production_q50_lo_t"], r["production_q50_hi_t"] = med_lo, med_hi
        r["p_ge_4500"], r["p_ge_4500_lo"], r["p_ge_4500_hi"] = p, lo, hi
        return r

    close = pd.DataFrame(
        [
            row(7, 0.003, 0.001, 0.012, 1181, 1079, 1293),
            row(42, 0.009, 0.004, 0.019, 1160, 1020, 1274),
        ]
    )
    assert disagreements(close, thresholds=(4500,)) == []
    strict = disagreements(close, thresholds=(4500,), decimals=3, median_step_t=1.0)
    assert strict == [
        "P(>= 4,500 t) of seed 7 = 0.003 is outside seed 42's interval [0.004, 0.019]"
    ]
    far = pd.DataFrame(
        [
            row(7, 0.009, 0.004, 0.019, 1533, 1420, 1650),
            row(42, 0.009, 0.004, 0.019, 1160, 1020, 1274),
        ]
    )
    msgs = disagreements(far, thresholds=(4500,))
    assert len(msgs) == 2 and all(m.startswith("median output") for m in msgs)
    assert "seed 7 = 1,500 is outside seed 42's interval [1,000, 1,300]" in msgs[0]
    assert len(disagreements(far, thresholds=(4500,), rule="overlap")) == 1


def test_seed_agreement_command_writes_each_seeds_row(tmp_path, capsys):
    from experiments.seed_agreement import main

    csv = tmp_path / "seeds.csv"
    argv = ["baseline", "--samples", "3", "--reps", "1", "--seeds", "5", "9", "--jobs", "1"]
    status = main([*argv, "--csv", str(csv), "--rule", "overlap"])
    table = pd.read_csv(csv)
    assert sorted(table["master_seed"]) == [5, 9] and (table["n"] == 3).all()
    out = capsys.readouterr().out
    assert "as quoted" in out and "unrounded" in out
    assert status == (1 if "DISAGREE" in out else 0)


def test_seed_agreement_rejects_a_bad_precision_before_running(capsys):
    from experiments.seed_agreement import main

    assert main(["--decimals", "-1", "--samples", "100000"]) == 2
    assert "--decimals" in capsys.readouterr().err


def test_seed_agreement_refuses_an_unknown_scenario_in_one_line(capsys):
    from experiments.seed_agreement import main

    assert main(["nosuch", "--samples", "2", "--seeds", "1", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown scenario 'nosuch'") and err.count("\n") == 1
