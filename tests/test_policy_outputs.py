"""Fiscal accounting and policy outputs (DESIGN.md §5; the policy-levers issue, items 3, 4, 7).

Properties over random parameters with every lever drawn (`tests.helpers.valid_params`): the net
fiscal cost is its parts with the right signs, the real and NPV figures follow from it, the
stockpile is conserved, unspent budgets add up; fiscal-year sums equal monthly sums; and a run with
every lever switched on at once keeps the ledgers at zero and the tonnes conserved.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from ecosystem import MagnetModel, Params, simulate
from ecosystem.agents.government import POOLS, REVENUE_KINDS, SPENDING_KINDS
from ecosystem.fiscal_years import fiscal_year_of, fy_label, fy_months, month_of, parse_fy
from ecosystem.mechanisms.public_finance import npv_cr
from ecosystem.outputs import (
    FISCAL_YEAR_CUMULATIVE,
    FISCAL_YEAR_FLOWS,
    FISCAL_YEAR_STOCKS,
    FISCAL_YEARS,
)
from tests.helpers import POOL_ACCOUNTS, seeds, stepped_run, valid_params

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
SPENDING = (
    "sli_paid_cr",
    "capex_subsidy_paid_cr",
    "admin_paid_cr",
    "rnd_skilling_paid_cr",
    "price_support_paid_cr",
    "oxide_subsidy_paid_cr",
)
REVENUE = ("customs_duty_cr", "anti_dumping_duty_cr", "clawback_cr", "stockpile_sales_cr")

#: Every lever on at once (and China's response and a shock), for the ledger and tonne checks.
EVERY_LEVER = {
    "sli_shape": "front_loaded",
    "sli_to_capex_shift_share": 0.3,
    "sli_min_domestic_oxide_share": 0.1,
    "price_floor_inr_per_kg": 6500.0,
    "offtake_share": 0.5,
    "price_support_pool_cr": 1500.0,
    "late_grace_months": 0,
    "gestation_months": 12,
    "late_clawback_share_per_month": 0.05,
    "clawback_to_sli_pool": True,
    "anti_dumping_duty_share": 0.3,
    "import_duty_share": 0.1,
    "china_price_cutting": True,
    "oxide_contract_t_per_yr": 1500.0,
    "oxide_contract_payer": "government",
    "oxide_subsidy_pool_cr": 800.0,
    "rnd_skilling_pool_cr": 500.0,
    "g2g_deals": True,
    "export_ban_raw": True,
    "irel_expansion_t_per_yr": 300.0,
    "china_shock": True,
    "plant_scale_exponent": 0.8,
}


def run_ts(params: Params, seed: int):
    model = MagnetModel(params, rng=seed, record_agents=False)
    model.run()
    return model.result()


# ---- fiscal accounting over random parameters -------------------------------------------------
@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_net_fiscal_cost_is_spending_less_revenue_and_follows_into_real_and_npv(params, seed):
    result = run_ts(params, seed)
    ts = result.timeseries
    parts = ts[list(SPENDING)].sum(axis=1) - ts[list(REVENUE)].sum(axis=1)
    np.testing.assert_allclose(ts["net_fiscal_cost_cr"], parts, atol=1e-6, rtol=1e-9)
    for col in SPENDING + REVENUE:
        assert (np.diff(ts[col].to_numpy()) >= -1e-9).all(), col  # cumulative, never falling
    # Real rupees: each month's change deflated to December 2025.
    flows = np.diff(ts["net_fiscal_cost_cr"].to_numpy(), prepend=0.0)
    deflator = (1.0 + params.inflation_per_yr) ** (-ts["month"].to_numpy() / 12.0)
    np.testing.assert_allclose(
        ts["net_fiscal_cost_real_cr"], np.cumsum(flows * deflator), atol=1e-6, rtol=1e-9
    )
    s = result.summary
    npv = npv_cr(ts["net_fiscal_cost_cr"].to_numpy(), ts["month"].to_numpy(), 0.0)
    assert s["net_fiscal_cost_cr"] == pytest.approx(npv, abs=1e-6)
    assert s["net_fiscal_cost_npv_cr"] == pytest.approx(
        npv_cr(ts["net_fiscal_cost_cr"].to_numpy(), ts["month"], params.discount_rate_per_yr),
        abs=1e-9,
    )
    # Anti-dumping revenue only with a duty; stockpile conserved; unspent budget ≥ 0.
    if params.anti_dumping_duty_share == 0.0:
        assert (ts["anti_dumping_duty_cr"] == 0.0).all()
    stock = ts["stockpile_stock_t"].to_numpy()
    net_in = (ts["offtake_t"] - ts["stockpile_release_t"]).to_numpy()[1:] / 12.0
    np.testing.assert_allclose(np.diff(stock), net_in, atol=1e-6)
    assert (ts["budget_unspent_cr"] >= -1e-9).all()
    assert (ts["budget_unspent_cr"] >= ts["budget_remaining_cr"] - 1e-9).all()
    skills = ts[["workforce_novices", "workforce_trained", "workforce_experts"]].sum(axis=1)
    np.testing.assert_allclose(skills, ts["workforce_total"], atol=1e-6)


@EXAMPLES
@given(params=valid_params(), seed=seeds)
def test_fiscal_year_sums_equal_monthly_sums(params, seed):
    result = run_ts(params, seed)
    ts, fy = result.timeseries, result.fiscal_years
    assert list(fy.columns) == [c.name for c in FISCAL_YEARS]
    assert fy["months"].sum() == len(ts) - 1  # every simulated month once; row 0 has no flow
    for col in FISCAL_YEAR_FLOWS:
        assert fy[col].sum() == pytest.approx(ts[col].iloc[1:].sum() / 12.0, rel=1e-9, abs=1e-6)
    for col in FISCAL_YEAR_CUMULATIVE:
        assert fy[col].sum() == pytest.approx(ts[col].iloc[-1], rel=1e-9, abs=1e-6), col
    for col in FISCAL_YEAR_STOCKS:
        assert fy[col].iloc[-1] == pytest.approx(ts[col].iloc[-1])


# ---- every lever at once ------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 11])
def test_every_lever_on_keeps_ledgers_at_zero_pools_whole_and_tonnes_conserved(seed):
    params = Params(**EVERY_LEVER)
    result, trace = stepped_run(params, seed)
    assert max(abs(x) for x in trace.ledger_imbalance) <= 1e-6
    for pools in trace.pool_balances:
        assert all(balance >= -1e-9 for balance in pools.values()), pools
    for balance in trace.oxide_balance:
        assert all(abs(v) <= 1e-6 for v in balance.values()), balance
    ts = result.timeseries
    served = ts["sales_domestic_t"] + ts["imports_t"] + ts["unmet_demand_t"]
    served += ts["buyer_cover_drawn_t"]
    np.testing.assert_allclose(served + ts["stockpile_release_t"], ts["demand_t"], rtol=1e-9)
    for col in (
        "price_support_paid_cr",
        "oxide_subsidy_paid_cr",
        "anti_dumping_duty_cr",
        "clawback_cr",
        "rnd_skilling_paid_cr",
    ):
        assert ts[col].iloc[-1] > 0.0, col  # every lever actually moved money
    assert (ts["production_t"] <= ts["capacity_installed_t"] + 1e-9).all()
    assert set(POOL_ACCOUNTS) == set(POOLS)


def test_the_government_sums_every_kind_and_pool_it_names():
    model = MagnetModel(Params(**EVERY_LEVER), rng=4, record_agents=False)
    model.run()
    totals, gov = model.ledger.totals, model.government
    spent = sum(totals[k] for k in SPENDING_KINDS)
    assert gov.net_fiscal_cost_cr == pytest.approx(spent - sum(totals[k] for k in REVENUE_KINDS))
    assert gov.budget_unspent_cr == pytest.approx(sum(model.ledger.balance(a) for a in POOLS))


def test_default_run_has_no_lever_money_but_duties():
    ts = simulate(seed=3, record_agents=False).timeseries
    for col in ("price_support_paid_cr", "oxide_subsidy_paid_cr", "anti_dumping_duty_cr"):
        assert (ts[col] == 0).all(), col
    assert (
        (ts[["clawback_cr", "stockpile_sales_cr", "offtake_t", "stockpile_stock_t"]] == 0)
        .all()
        .all()
    )
    assert ts["customs_duty_cr"].iloc[-1] > 0
    assert ts["budget_unspent_cr"].iloc[0] == pytest.approx(6450 + 750 + 80)


# ---- the fiscal-year frame ---------------------------------------------------------------------
def test_fiscal_year_calendar():
    assert month_of("2025-12") == 0 and month_of("2026-04") == 4 and month_of("2032-12-01") == 84
    assert fiscal_year_of(0) == 2025 and fiscal_year_of(3) == 2025 and fiscal_year_of(4) == 2026
    assert fy_label(2026) == "2026-27" and fy_label(2099) == "2099-00"
    assert parse_fy("2026-27") == 2026 and parse_fy("FY2030-31") == 2030
    assert list(fy_months(2026)) == list(range(4, 16))
    for bad in ("2026", "2026-28", "26-27"):
        with pytest.raises(ValueError):
            parse_fy(bad)
    with pytest.raises(ValueError):
        month_of("2026-13")


def test_fiscal_years_flag_the_partial_first_and_last_years():
    fy = simulate(seed=2, record_agents=False).fiscal_years
    assert fy["fiscal_year"].iloc[0] == "2025-26" and fy["months"].iloc[0] == 3
    assert fy["fiscal_year"].iloc[-1] == "2035-36" and fy["months"].iloc[-1] == 9
    assert fy["partial"].tolist() == [True] + [False] * (len(fy) - 2) + [True]
    assert (fy.loc[~fy["partial"], "months"] == 12).all()
    assert fy["first_month"].iloc[1] == 4 and fy["last_month"].iloc[-1] == 120
    ratio = fy["imports_t"] / fy["demand_t"]
    np.testing.assert_allclose(fy["import_share"], ratio)
