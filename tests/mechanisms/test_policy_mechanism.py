"""Policy-lever equations (DESIGN.md §3, §4; the policy-levers issue): SLI shape, pool mix,
value-addition rule, clawback, price floor, offtake, duties, China's price response, fiscal
discounting and plant scale."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.finance import expected_floor_margin_inr, plant_capex_cr
from ecosystem.mechanisms.incentives import (
    SLI_SHAPES,
    clawback_due_cr,
    domestic_oxide_share,
    months_late,
    pool_scale,
    pool_split,
    shape_pv_multiplier,
    sli_eligible,
    sli_shape_factor,
    sli_shape_factors,
)
from ecosystem.mechanisms.public_finance import (
    discount_factors,
    floor_topup_inr_per_kg,
    npv_cr,
    offtake_t,
)
from ecosystem.mechanisms.trade import (
    china_margin_after_cut,
    duty_per_kg_inr,
    effective_anti_dumping_share,
    smoothed,
)

strength = st.floats(0.0, 0.9)


# ---- SLI shape ------------------------------------------------------------------------------
def test_flat_shape_is_one_every_year_as_approved():
    assert sli_shape_factors("flat", 5, 0.4) == (1.0,) * 5


@settings(deadline=None, max_examples=200)
@given(shape=st.sampled_from(SLI_SHAPES), n=st.integers(1, 10), s=strength)
def test_every_shape_averages_one_so_the_firm_maximum_binds_the_same_way(shape, n, s):
    factors = sli_shape_factors(shape, n, s)
    assert len(factors) == n
    assert math.isclose(sum(factors) / n, 1.0, rel_tol=1e-12)
    assert all(f >= 0.0 for f in factors)


def test_tapering_is_linear_from_one_plus_s_to_one_minus_s():
    assert sli_shape_factors("tapering", 5, 0.4) == pytest.approx((1.4, 1.2, 1.0, 0.8, 0.6))


def test_front_loaded_falls_geometrically_and_faster_than_tapering():
    front = sli_shape_factors("front_loaded", 5, 0.4)
    taper = sli_shape_factors("tapering", 5, 0.4)
    ratios = [b / a for a, b in zip(front, front[1:], strict=False)]
    assert ratios == pytest.approx([0.6] * 4)
    assert front[0] > taper[0] and front[-1] < taper[-1]


def test_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="unknown SLI shape"):
        sli_shape_factors("bell", 5, 0.4)


def test_shape_factor_follows_the_incentive_year_from_the_window_start():
    factors = (1.4, 1.2, 1.0, 0.8, 0.6)
    assert sli_shape_factor(factors, 33, 33) == 1.4
    assert sli_shape_factor(factors, 44, 33) == 1.4
    assert sli_shape_factor(factors, 45, 33) == 1.2
    assert sli_shape_factor(factors, 33 + 59, 33) == 0.6
    assert sli_shape_factor(factors, 10, 33) == 1.4  # before the window: first year (unused)


def test_front_loading_raises_the_present_value_of_the_sli_stream():
    flat = sli_shape_factors("flat", 5, 0.4)
    front = sli_shape_factors("front_loaded", 5, 0.4)
    assert shape_pv_multiplier(flat, 0.12) == pytest.approx(1.0)
    assert shape_pv_multiplier(front, 0.12) > 1.0
    assert shape_pv_multiplier(front, 0.0) == pytest.approx(1.0)  # no discounting: no gain


# ---- pool mix -------------------------------------------------------------------------------
@given(sli=st.floats(0, 50_000), capex=st.floats(0, 10_000), shift=st.floats(-1, 1))
def test_pool_mix_keeps_the_total_outlay(sli, capex, shift):
    new_sli, new_capex = pool_split(sli, capex, shift)
    assert new_sli >= 0.0 and new_capex >= 0.0
    assert math.isclose(new_sli + new_capex, sli + capex, rel_tol=1e-12, abs_tol=1e-9)


def test_pool_mix_moves_money_in_the_stated_direction():
    assert pool_split(6450.0, 750.0, 0.0) == (6450.0, 750.0)
    assert pool_split(6450.0, 750.0, 0.2) == pytest.approx((5160.0, 2040.0))
    assert pool_split(6450.0, 750.0, -1.0) == pytest.approx((7200.0, 0.0))
    assert pool_scale(2040.0, 750.0) == pytest.approx(2.72)
    assert pool_scale(750.0, 750.0) == 1.0 and pool_scale(10.0, 0.0) == 1.0


# ---- value-addition rule and clawback ---------------------------------------------------------
def test_value_addition_rule_needs_the_domestic_share():
    assert domestic_oxide_share(30.0, 100.0) == pytest.approx(0.3)
    assert domestic_oxide_share(0.0, 0.0) == 0.0
    assert sli_eligible(0.0, 0.0)  # no rule: every sale qualifies
    assert sli_eligible(0.3, 0.25) and not sli_eligible(0.2, 0.25)


def test_months_late_count_from_the_deadline_until_commissioning():
    assert months_late(30, False, 39) == 0
    assert months_late(39, False, 39) == 1
    assert months_late(45, False, 39) == 7
    assert months_late(45, True, 39) == 0


@given(
    received=st.floats(0, 200),
    clawed=st.floats(0, 200),
    share=st.floats(0, 1),
    late=st.integers(0, 60),
)
def test_clawback_never_takes_back_more_than_was_received(received, clawed, share, late):
    clawed = min(clawed, received)
    due = clawback_due_cr(received, clawed, share, late)
    assert 0.0 <= due <= received - clawed + 1e-12
    assert due <= share * received + 1e-12
    if late == 0 or share == 0.0:
        assert due == 0.0


# ---- price support ----------------------------------------------------------------------------
def test_floor_pays_the_gap_to_the_market_price_only():
    assert floor_topup_inr_per_kg(5200.0, 6500.0) == pytest.approx(1300.0)
    assert floor_topup_inr_per_kg(7000.0, 6500.0) == 0.0
    assert floor_topup_inr_per_kg(5200.0, 0.0) == 0.0


def test_expected_floor_margin_keeps_the_unpassed_share_for_the_supported_years():
    assert expected_floor_margin_inr(5200.0, 6500.0, 0.2, 15.0, 15.0) == pytest.approx(1040.0)
    assert expected_floor_margin_inr(5200.0, 6500.0, 0.2, 7.5, 15.0) == pytest.approx(520.0)
    assert expected_floor_margin_inr(7000.0, 6500.0, 0.2, 10.0, 15.0) == 0.0


def test_offtake_buys_unsold_stock_above_target_within_guarantee_and_budget():
    assert offtake_t(50.0, 10.0, 30.0, 1e9) == 30.0
    assert offtake_t(50.0, 10.0, 100.0, 1e9) == 40.0
    assert offtake_t(50.0, 10.0, 100.0, 5.0) == 5.0
    assert offtake_t(5.0, 10.0, 100.0, 1e9) == 0.0


# ---- trade ------------------------------------------------------------------------------------
def test_duties_are_shares_of_cif_and_anti_dumping_falls_on_chinese_imports():
    assert duty_per_kg_inr(50.0, 0.075, 89.0) == pytest.approx(333.75)
    assert effective_anti_dumping_share(0.25, 0.84) == pytest.approx(0.21)
    assert effective_anti_dumping_share(0.0, 0.84) == 0.0


@given(margin=st.floats(0, 50), s=st.floats(0, 1), share=st.floats(0, 1))
def test_china_cuts_deeper_as_indian_share_grows_never_below_zero(margin, s, share):
    cut = china_margin_after_cut(margin, s, share)
    assert 0.0 <= cut <= margin + 1e-12
    assert china_margin_after_cut(margin, s, min(1.0, share + 0.1)) <= cut + 1e-12
    assert china_margin_after_cut(margin, 0.0, share) == margin


def test_smoothing_moves_a_share_of_the_gap_each_month():
    assert smoothed(0.0, 1.0, 4.0) == pytest.approx(0.25)
    assert smoothed(0.5, 0.5, 12.0) == 0.5
    assert smoothed(0.0, 1.0, 0.5) == 1.0


# ---- fiscal accounting ------------------------------------------------------------------------
def test_discounting_and_npv():
    months = np.array([0, 12, 24])
    np.testing.assert_allclose(discount_factors(months, 0.1), [1.0, 1 / 1.1, 1 / 1.21])
    cumulative = np.array([100.0, 210.0, 331.0])  # 100 now, 110 in a year, 121 in two
    assert npv_cr(cumulative, months, 0.1) == pytest.approx(300.0)
    assert npv_cr(cumulative, months, 0.0) == pytest.approx(331.0)


# ---- plant scale ------------------------------------------------------------------------------
def test_plant_scale_exponent_makes_small_plants_dearer_per_tonne():
    assert plant_capex_cr(600.0, 500.0, 1.0) == 300.0  # constant cost per tonne
    assert plant_capex_cr(1000.0, 500.0, 0.7) == pytest.approx(500.0)  # reference plant
    small = plant_capex_cr(300.0, 500.0, 0.7) / 300.0
    large = plant_capex_cr(1200.0, 500.0, 0.7) / 1200.0
    assert small > 0.5 > large
