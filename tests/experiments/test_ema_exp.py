"""The EMA Workbench connector."""

from __future__ import annotations

import numpy as np

from ecosystem import Params
from experiments.design import uncertainty_fields
from experiments.ema import OUTCOMES, discover, ema_model, parameter, run


def test_uncertainties_and_levers_come_from_the_fields():
    model = ema_model(levers=["scheme_enabled", "irel_allocation_rule", "sli_ceiling_inr_per_kg"])
    names = [u.name for u in model.uncertainties]
    assert names == uncertainty_fields()
    assert [lev.name for lev in model.levers] == [
        "scheme_enabled",
        "irel_allocation_rule",
        "sli_ceiling_inr_per_kg",
    ]
    assert [o.name for o in model.outcomes] == list(OUTCOMES)
    p = parameter("learning_rate")
    spec = Params.fields()["learning_rate"]
    assert p.lower_bound == spec.prior.low and p.upper_bound == spec.prior.high


def test_perform_experiments_on_ten_scenarios():
    model = ema_model(
        uncertainties=["learning_rate", "knowhow_novice", "award_month", "shock_cuts_equipment"],
        replications=1,
        master_seed=3,
    )
    experiments, outcomes = run(model, 10)
    assert len(experiments) == 10
    prod = np.asarray(outcomes["production_target_t"])
    assert prod.shape == (10,) and np.isfinite(prod).all() and (prod >= 0).all()
    assert experiments["award_month"].between(1, 36).all()


def test_prim_finds_a_box_for_low_output():
    d = discover(
        4000.0,
        n_scenarios=24,
        uncertainties=[
            "learning_rate",
            "knowhow_novice",
            "process_yield_novice",
            "capex_cr_per_kt",
        ],
    )
    assert len(d.y) == 24 and d.y.dtype == bool
    assert 0.0 <= d.coverage <= 1.0 and 0.0 <= d.density <= 1.0
    assert set(d.limits.index) <= {
        "learning_rate",
        "knowhow_novice",
        "process_yield_novice",
        "capex_cr_per_kt",
    }
