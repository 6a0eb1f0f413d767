"""Invariants over random valid parameters and the full horizon (DESIGN.md §2, §4, §5).

Each property runs the model one month at a time over 100 parameter sets drawn from the
`uncertainty` and `lever` fields' ranges (`tests.helpers.valid_params`) and checks, every month:
tonnes of oxide and magnets conserved, a balanced double-entry ledger, no pool or cap exceeded,
output within installed capacity, shares within [0, 1], no negative stock or flow, and a loss
chain that adds up.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings

from ecosystem import MagnetModel, Params
from ecosystem.mechanisms.incentives import capex_subsidy_cap_cr, pool_scale, pool_split
from tests.helpers import seeds, stepped_run, valid_params

EXAMPLES = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
#: Tonne and rupee tolerances: relative to the magnitudes involved, far above rounding.
TOL_T = 1e-6
TOL_CR = 1e-6

FLOW_T = (
    "demand_t",
    "demand_total_t",
    "production_t",
    "production_scheme_t",
    "sales_domestic_t",
    "imports_t",
    "exports_t",
    "unmet_demand_t",
    "oxide_domestic_t",
    "oxide_imported_t",
    "oxide_shortfall_t",
    "irel_oxide_output_t",
    "offtake_t",
    "stockpile_release_t",
    "buyer_cover_drawn_t",
    "buyer_restock_t",
    "domestic_rescue_t",
)
STOCKS = (
    "capacity_installed_t",
    "capacity_committed_t",
    "inventory_stock_t",
    "workforce_total",
    "n_firms_active",
    "n_partnerships",
    "sli_paid_cr",
    "capex_subsidy_paid_cr",
    "stockpile_stock_t",
    "workforce_novices",
    "workforce_trained",
    "workforce_experts",
    "supply_cover_months",
    "budget_unspent_cr",
    "admin_paid_cr",
    "rnd_skilling_paid_cr",
    "price_support_paid_cr",
    "oxide_subsidy_paid_cr",
    "customs_duty_cr",
    "anti_dumping_duty_cr",
    "clawback_cr",
    "stockpile_sales_cr",
    "import_bill_usd_m",
    "import_bill_saved_usd_m",
    "import_bill_saved_cr",
    "oxide_import_bill_usd_m",
    "buyers_spend_cr",
    "buyer_stock_t",
    "buyer_cover_months",
    "oxide_price_usd_per_kg",
)
SHARES = (
    "import_share",
    "expertise_gap",
    "knowhow_mean",
    "workforce_skill",
    "process_yield_mean",
    "china_supply_share",
    "china_response_active",
)
LOSSES = (
    "lost_to_capacity_t",
    "lost_to_startup_t",
    "lost_to_workforce_t",
    "lost_to_yield_t",
    "lost_to_materials_t",
    "lost_to_market_t",
)
#: Columns that may be empty (DESIGN.md §5 data dictionary); every other column never is.
MAY_BE_EMPTY = {
    "expertise_gap",
    "knowhow_mean",
    "workforce_skill",
    "process_yield_mean",
    "unit_cost_inr_per_kg",
}


def _close(a, b, tol, scale=None):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ref = np.maximum(1.0, np.abs(b) if scale is None else np.asarray(scale, dtype=float))
    return np.abs(a - b) <= tol * ref


def run_frames(params: Params, seed: int) -> pd.DataFrame:
    """The time series of a full run (no agent rows: faster)."""
    model = MagnetModel(params, rng=seed, record_agents=False)
    model.run()
    return model.result().timeseries


def _months(mask: np.ndarray, ts: pd.DataFrame) -> list[int]:
    return ts["month"].to_numpy()[~mask].tolist()[:10]


# ---- conservation --------------------------------------------------------------------------
@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_oxide_tonnes_are_conserved_every_month(params: Params, seed: int):
    _, trace = stepped_run(params, seed)
    assert len(trace.oxide_balance) == params.horizon_months + 1
    scale = max(1.0, params.irel_stock_t, params.china_oxide_to_india_t_per_yr)
    for month, balance in enumerate(trace.oxide_balance):
        assert set(balance) >= {"irel", "firms"}
        for account, value in balance.items():
            assert abs(value) <= 1e-9 * scale * (month + 1), (month, account, value)


@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_addressable_demand_is_sold_imported_or_unmet(params: Params, seed: int):
    ts = run_frames(params, seed)
    served = (
        ts["sales_domestic_t"]
        + ts["imports_t"]
        + ts["unmet_demand_t"]
        + ts["stockpile_release_t"]
        + ts["buyer_cover_drawn_t"]
    )
    ok = _close(served, ts["demand_t"], TOL_T)
    assert ok.all(), f"demand not conserved in months {_months(ok, ts)}"


@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_output_not_sold_goes_to_inventory(params: Params, seed: int):
    ts = run_frames(params, seed)
    sold = ts["sales_domestic_t"] + ts["exports_t"] + ts["offtake_t"]
    net = (ts["production_t"] - sold).to_numpy()[1:] / 12.0
    change = np.diff(ts["inventory_stock_t"].to_numpy())
    ok = _close(net, change, TOL_T, scale=ts["production_t"].to_numpy()[1:] / 12.0)
    assert ok.all(), (
        f"inventory not conserved in months {(np.nonzero(~ok)[0] + 1).tolist()[:10]}: "
        f"(production − sales − exports)/12 = {net[~ok][:3]} vs Δ inventory {change[~ok][:3]}"
    )


@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_ledger_sums_to_zero_every_month(params: Params, seed: int):
    _, trace = stepped_run(params, seed)
    assert len(trace.ledger_imbalance) == params.horizon_months + 1
    worst = max(abs(x) for x in trace.ledger_imbalance)
    assert worst <= TOL_CR * 1e3, f"ledger imbalance {worst} cr"


# ---- pools and caps ------------------------------------------------------------------------
@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_no_pool_or_cap_is_exceeded(params: Params, seed: int):
    result, trace = stepped_run(params, seed)
    ts = result.timeseries
    for month, pools in enumerate(trace.pool_balances):
        for account, balance in pools.items():
            assert balance >= -1e-9, (month, account, balance)
    enabled = params.scheme_enabled
    sli_budget, capex_budget = pool_split(
        params.sli_pool_cr, params.capex_subsidy_pool_cr, params.sli_to_capex_shift_share
    )
    assert math.isclose(
        sli_budget + capex_budget, params.sli_pool_cr + params.capex_subsidy_pool_cr
    )
    sli_pool = sli_budget if enabled else 0.0
    capex_pool = capex_budget if enabled else 0.0
    # Clawed-back money may return to the SLI pool; otherwise nothing ever refills a pool.
    returned = ts["clawback_cr"] if params.clawback_to_sli_pool and enabled else 0.0 * ts["month"]
    assert (ts["sli_paid_cr"] <= sli_pool + returned + 1e-9).all()
    assert (ts["capex_subsidy_paid_cr"] <= capex_pool + 1e-9).all()
    # Budget: what is left of the two pools, never rising unless clawbacks return.
    left = sli_pool + capex_pool + returned - ts["sli_paid_cr"] - ts["capex_subsidy_paid_cr"]
    np.testing.assert_allclose(ts["budget_remaining_cr"], left, atol=1e-6)
    if not (params.clawback_to_sli_pool and params.late_clawback_share_per_month > 0):
        assert (np.diff(ts["budget_remaining_cr"].to_numpy()) <= 1e-9).all()
    # The levers' own pools.
    assert (ts["price_support_paid_cr"] <= params.price_support_pool_cr + 1e-9).all()
    assert (ts["oxide_subsidy_paid_cr"] <= params.oxide_subsidy_pool_cr + 1e-9).all()
    assert (ts["rnd_skilling_paid_cr"] <= params.rnd_skilling_pool_cr + 1e-9).all()
    assert (np.diff(ts["sli_paid_cr"].to_numpy()) >= -1e-12).all()
    assert (np.diff(ts["capex_subsidy_paid_cr"].to_numpy()) >= -1e-12).all()
    # SLI flows only within the window: award + gestation … + window.
    start = params.award_month + params.gestation_months
    paid = np.diff(ts["sli_paid_cr"].to_numpy()) > 0.0
    months = ts["month"].to_numpy()[1:]
    assert not (paid & ((months < start) | (months >= start + params.sli_window_months))).any()
    # Per firm, every month: SLI within its maximum, capital subsidy within its cap, and only to
    # beneficiaries; per-firm payments add up to the scheme's totals.
    scale = sli_budget / 6450.0
    capex_scale = pool_scale(capex_budget, params.capex_subsidy_pool_cr)
    for month, firms in enumerate(trace.firm_payments):
        for f in firms:
            assert f["sli_paid_cr"] <= f["sli_max_cr"] + 1e-9, (month, f)
            ceiling = (
                f["allocated_t"]
                * params.sli_ceiling_inr_per_kg
                * 1e-4
                * params.sli_window_months
                / 12.0
                * scale
            )
            assert f["sli_max_cr"] <= ceiling + 1e-9, (month, f)
            cap = capex_subsidy_cap_cr(
                f["allocated_t"],
                params.capex_subsidy_cap_min_cr,
                params.capex_subsidy_cap_max_cr,
                params.bid_capacity_min_t,
                params.bid_capacity_max_t,
            )
            top = max(params.capex_subsidy_cap_min_cr, params.capex_subsidy_cap_max_cr)
            assert f["subsidy_paid_cr"] <= min(cap, top) * capex_scale + 1e-9
            assert f["clawback_cr"] <= f["subsidy_paid_cr"] + 1e-9
            if not f["beneficiary"]:
                assert f["sli_paid_cr"] == 0.0 and f["subsidy_paid_cr"] == 0.0, (month, f)
                assert f["clawback_cr"] == 0.0, (month, f)
        row = ts.iloc[month]
        assert math.isclose(sum(f["sli_paid_cr"] for f in firms), row["sli_paid_cr"], abs_tol=1e-6)
        assert math.isclose(
            sum(f["subsidy_paid_cr"] for f in firms), row["capex_subsidy_paid_cr"], abs_tol=1e-6
        )


# ---- bounds and the loss chain -------------------------------------------------------------
@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_bounds_and_loss_chain_hold_every_month(params: Params, seed: int):
    ts = run_frames(params, seed)
    numeric = ts.drop(columns=["date"])
    never_empty = [c for c in numeric.columns if c not in MAY_BE_EMPTY]
    assert not numeric[never_empty].isna().any().any(), numeric[never_empty].isna().any()
    assert np.isfinite(numeric[never_empty].to_numpy(dtype=float)).all()
    for col in FLOW_T + STOCKS + ("budget_remaining_cr",):
        assert (ts[col] >= -1e-9).all(), f"{col} negative: {ts[col].min()}"
    ok = ts["production_t"] <= ts["capacity_installed_t"] * (1 + 1e-9) + 1e-9
    assert ok.all(), f"output above installed capacity in months {_months(ok.to_numpy(), ts)}"
    assert (ts["capacity_installed_t"] <= ts["capacity_committed_t"] + 1e-9).all()
    assert (ts["production_scheme_t"] <= ts["production_t"] + 1e-9).all()
    assert (ts["demand_t"] <= ts["demand_total_t"] + 1e-9).all()
    for col in SHARES:
        values = ts[col].dropna()
        assert ((values >= -1e-12) & (values <= 1 + 1e-12)).all(), f"{col} outside [0, 1]"
    cost = ts["unit_cost_inr_per_kg"].dropna()
    assert (cost > 0).all()
    assert (ts["import_price_inr_per_kg"] > 0).all()
    # Loss chain: each stage ≥ 0; together committed − produced.
    losses = ts[list(LOSSES)]
    assert (losses >= -1e-9).all().all(), losses.min()
    total = losses.sum(axis=1)
    gap = ts["capacity_committed_t"] - ts["production_t"]
    ok = _close(total, gap, 1e-6, scale=ts["capacity_committed_t"])
    assert ok.all(), f"loss chain does not add up in months {_months(ok, ts)}"
    # Output happens only with installed capacity; expertise is defined once building starts.
    assert (ts.loc[ts["capacity_installed_t"] <= 0, "production_t"] == 0).all()
    building = ts["capacity_committed_t"] > 0
    assert ts.loc[building, "expertise_gap"].notna().all()
