"""Design generators: seeds, factorial, Latin hypercube, priors, forecasts."""

from __future__ import annotations

import numpy as np
import pytest

from ecosystem import ParameterError, Params, ScenarioError
from experiments.design import (
    ID_COLUMNS,
    ensemble_design,
    factorial_design,
    field_spec,
    latin_hypercube,
    lhs_design,
    spawn_seeds,
    unit_to_values,
)
from experiments.forecast import forecast_design


def test_seeds_follow_the_seedsequence_convention():
    children = np.random.SeedSequence(42).spawn(5)
    assert spawn_seeds(42, 5) == [int(c.generate_state(1)[0]) for c in children]
    assert spawn_seeds(42, 3) == spawn_seeds(42, 5)[:3]  # prefixes are stable


def test_ensemble_rows_carry_ids_and_paired_seeds():
    d = ensemble_design(["baseline", "no_scheme"], 3, 7)
    t = d.table
    assert list(t.columns[: len(ID_COLUMNS)]) == list(ID_COLUMNS)
    assert len(t) == 6 and list(t["run_id"]) == list(range(6))
    seeds = spawn_seeds(7, 3)
    for _, g in t.groupby("scenario"):
        assert list(g["seed"]) == seeds  # same seeds in every scenario (paired)
    assert d.scenarios["no_scheme"]["scheme_enabled"] is False


def test_factorial_crosses_levels_and_validates_them():
    d = factorial_design(["baseline"], {"learning_rate": [0.1, 0.3], "award_month": [6, 9, 12]}, 2)
    assert len(d.table) == 2 * 3 * 2
    assert d.table["point"].nunique() == 6
    combos = set(zip(d.table["learning_rate"], d.table["award_month"], strict=True))
    assert combos == {(a, b) for a in (0.1, 0.3) for b in (6, 9, 12)}
    with pytest.raises(ParameterError, match="outside its range"):
        factorial_design(["baseline"], {"learning_rate": [0.1, 0.9]}, 1)
    with pytest.raises(ParameterError, match="unknown parameter"):
        factorial_design(["baseline"], {"learning_rat": [0.1]}, 1)
    with pytest.raises(ScenarioError):
        factorial_design(["nonesuch"], {"learning_rate": [0.1]}, 1)


def test_latin_hypercube_has_one_point_per_stratum():
    u = latin_hypercube(20, 4, np.random.default_rng(0))
    assert u.shape == (20, 4) and (u >= 0).all() and (u < 1).all()
    for j in range(4):
        assert sorted(np.floor(u[:, j] * 20).astype(int)) == list(range(20))


def test_lhs_design_stays_in_ranges_and_types():
    d = lhs_design(
        ["baseline"],
        {
            "learning_rate": (0.1, 0.3),
            "award_month": None,
            "irel_allocation_rule": None,
            "g2g_deals": None,
        },
        16,
        1,
        3,
    )
    t = d.table
    assert t["learning_rate"].between(0.1, 0.3).all()
    assert t["award_month"].between(1, 36).all()
    row = d.overrides(t.iloc[0])
    assert type(row["award_month"]) is int and type(row["learning_rate"]) is float
    assert set(t["irel_allocation_rule"]) <= {"equal", "capacity", "rank"}
    assert set(t["g2g_deals"]) <= {True, False}


@pytest.mark.parametrize(
    "name",
    [
        "learning_rate",
        "award_month",
        "capex_cr_per_kt",
        "shock_cuts_equipment",
        "irel_allocation_rule",
    ],
)
def test_unit_to_values_follows_priors(name):
    spec = field_spec(name)
    u = np.linspace(0, 1, 201)
    values = unit_to_values(spec, u)
    Params().replace(**{name: values[0]})  # valid values
    Params().replace(**{name: values[-1]})
    if spec.prior.kind == "triangular":
        mid = values[100]
        # the median of a triangular prior lies on the side of the mode with more mass
        assert spec.prior.low <= mid <= spec.prior.high
        assert values == sorted(values)


def test_triangular_inverse_cdf_matches_scipy():
    from scipy import stats

    spec = field_spec("learning_rate")
    p = spec.prior
    u = np.array([0.05, 0.3, 0.5, 0.9])
    dist = stats.triang((p.mode - p.low) / (p.high - p.low), loc=p.low, scale=p.high - p.low)
    assert np.allclose(unit_to_values(spec, u), dist.ppf(u))


def test_forecast_keeps_fields_the_scenario_sets(tmp_path):
    # a scenario that sets an uncertain field keeps its value; the shock's timing is a scenario
    # setting (structural), never sampled
    own = tmp_path / "fast_learning.toml"
    own.write_text('extends = "baseline"\nlearning_rate = 0.3\n', encoding="utf-8")
    d = forecast_design(["baseline", own], 8, 2, 1)
    t = d.table
    assert len(t) == 2 * 8 * 2
    assert "shock_start_month" not in d.factors
    shock = t[t["scenario"] == "fast_learning"]
    assert (shock["learning_rate"] == 0.3).all()
    assert t[t["scenario"] == "baseline"]["learning_rate"].nunique() > 1
    assert t["seed"].is_unique  # independent seeds in a forecast
    # the same parameter draws in both scenarios (paired comparison of scenarios)
    a = t[t["scenario"] == "baseline"].drop_duplicates("point")["knowhow_novice"].to_numpy()
    b = shock.drop_duplicates("point")["knowhow_novice"].to_numpy()
    assert np.array_equal(a, b)


def test_design_digest_is_stable_and_sensitive():
    a = ensemble_design(["baseline"], 3, 1).digest()
    assert a == ensemble_design(["baseline"], 3, 1).digest()
    assert a != ensemble_design(["baseline"], 3, 2).digest()
    assert a != ensemble_design(["baseline"], 4, 1).digest()
