"""Prices and buyers' choices (DESIGN.md §4 'Prices, costs, market')."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.prices import (
    capital_charge_inr_per_kg,
    china_magnet_price_usd,
    domestic_price_inr,
    domestic_take_share,
    landed_import_price_inr,
    merit_order_sales,
    normal_unit_cost_inr,
    oxide_cost_inr_per_kg,
    processing_inr_per_kg,
    security_premium,
    thrift_factor,
    unit_cost_inr,
    wages_inr_per_kg,
)

# Realistic ranges: import prices of ₹3,000-15,000/kg, domestic within ±25% of import parity,
# security premium and logit scale over their parameter ranges.
import_prices = st.floats(3_000.0, 15_000.0)
relative = st.floats(0.75, 1.25)
premiums = st.floats(0.05, 0.5)
scales = st.floats(0.05, 0.3)


# ---- prices -------------------------------------------------------------------------------------
def test_chinese_magnet_price_is_oxide_cost_plus_margin():
    # facts §2: ≈US$51/kg in 2024 at oxide ≈US$55 with a US$33 margin.
    assert china_magnet_price_usd(55.0, 33.0, 0.33) == pytest.approx(51.15)
    assert china_magnet_price_usd(110.0, 33.0, 0.33) > china_magnet_price_usd(55.0, 33.0, 0.33)


def test_landed_import_price_adds_duty_and_converts_currency():
    assert landed_import_price_inr(50.0, 0.1, 90.0) == pytest.approx(4_950.0)


def test_domestic_price_is_import_parity_plus_premium_less_sli_passed_on():
    assert domestic_price_inr(5_000.0, 0.15, 1_000.0, 0.2) == pytest.approx(5_550.0)
    assert domestic_price_inr(5_000.0, 0.15, 1_000.0, 0.0) == pytest.approx(5_750.0)
    assert domestic_price_inr(100.0, 0.0, 10_000.0, 1.0) == 0.0


# ---- buyers' choice -----------------------------------------------------------------------------
@settings(deadline=None, max_examples=150)
@given(imp=import_prices, rel=relative, sec=premiums, scale=scales)
def test_domestic_take_share_is_strictly_between_zero_and_one(imp, rel, sec, scale):
    assert 0.0 < domestic_take_share(imp, rel * imp, sec, scale) < 1.0


@settings(deadline=None, max_examples=150)
@given(imp=import_prices, rise=st.floats(0.01, 0.3), rel=relative, sec=premiums, scale=scales)
def test_a_dearer_import_raises_the_domestic_share(imp, rise, rel, sec, scale):
    dom = rel * imp
    assert domestic_take_share(imp * (1 + rise), dom, sec, scale) > domestic_take_share(
        imp, dom, sec, scale
    )


@settings(deadline=None, max_examples=150)
@given(imp=import_prices, rel=relative, rise=st.floats(0.01, 0.3), sec=premiums, scale=scales)
def test_a_dearer_domestic_magnet_lowers_the_domestic_share(imp, rel, rise, sec, scale):
    dom = rel * imp
    assert domestic_take_share(imp, dom * (1 + rise), sec, scale) < domestic_take_share(
        imp, dom, sec, scale
    )


@settings(deadline=None, max_examples=150)
@given(imp=import_prices, rel=relative, sec=premiums, more=st.floats(0.01, 0.5), scale=scales)
def test_a_higher_security_premium_raises_the_domestic_share(imp, rel, sec, more, scale):
    dom = rel * imp
    assert domestic_take_share(imp, dom, sec + more, scale) > domestic_take_share(
        imp, dom, sec, scale
    )


@settings(deadline=None, max_examples=150)
@given(
    imp=st.floats(1.0, 1e6),
    dom=st.floats(0.0, 1e6),
    sec=st.floats(0.0, 2.0),
    scale=st.floats(0.01, 1.0),
    factor=st.floats(1.0, 10.0),
)
def test_domestic_take_share_is_a_share_and_never_falls_with_the_import_price(
    imp, dom, sec, scale, factor
):
    share = domestic_take_share(imp, dom, sec, scale)
    assert 0.0 <= share <= 1.0
    assert domestic_take_share(imp * factor, dom, sec, scale) >= share - 1e-12


def test_buyers_split_evenly_when_domestic_price_equals_their_valuation():
    assert domestic_take_share(5_000.0, 5_000.0 * 1.2, 0.2, 0.08) == pytest.approx(0.5)


# ---- supply-security preference after a shock ---------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(base=st.floats(0.05, 0.25), jump=st.floats(0.01, 1.0), half_life=st.floats(1.0, 60.0))
def test_security_premium_jumps_at_a_shock_and_halves_its_jump_each_half_life(
    base, jump, half_life
):
    assert security_premium(base, jump, None, half_life) == base
    assert security_premium(base, jump, -1.0, half_life) == base
    assert security_premium(base, jump, 0.0, half_life) == pytest.approx(base + jump)
    assert security_premium(base, jump, half_life, half_life) == pytest.approx(base + jump / 2)
    assert security_premium(base, jump, 2 * half_life, half_life) == pytest.approx(base + jump / 4)


@settings(deadline=None, max_examples=100)
@given(lives=st.floats(0.0, 10.0), more=st.floats(0.01, 5.0), half_life=st.floats(1.0, 60.0))
def test_security_premium_decays_toward_its_base_and_never_below(lives, more, half_life):
    now = security_premium(0.15, 0.25, lives * half_life, half_life)
    later = security_premium(0.15, 0.25, (lives + more) * half_life, half_life)
    assert 0.15 <= later < now


def test_security_premium_is_all_but_gone_after_many_half_lives():
    assert security_premium(0.15, 0.25, 240.0, 12.0) == pytest.approx(0.15, abs=1e-6)


# ---- thrifting ----------------------------------------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(ref=st.floats(100.0, 10_000.0), below=st.floats(0.0, 1.0), e=st.floats(0.0, 0.6))
def test_no_thrifting_at_or_below_the_reference_price(ref, below, e):
    assert thrift_factor(ref * below, ref, e) == 1.0


@settings(deadline=None, max_examples=100)
@given(ref=st.floats(100.0, 10_000.0), ratio=st.floats(1.01, 5.0), e=st.floats(0.05, 0.6))
def test_demand_shrinks_as_a_power_of_the_price_rise(ref, ratio, e):
    factor = thrift_factor(ref * ratio, ref, e)
    assert 0.0 < factor < 1.0
    assert factor == pytest.approx(ratio ** (-e), rel=1e-12)
    assert thrift_factor(ref * ratio * 1.1, ref, e) < factor


def test_zero_elasticity_means_no_thrifting():
    assert thrift_factor(20_000.0, 5_000.0, 0.0) == 1.0


# ---- unit cost ----------------------------------------------------------------------------------
def test_unit_cost_is_the_months_costs_over_its_output():
    # ₹ crore over tonnes: 1 t x 1 ₹/kg = 1e-4 crore.
    cost = unit_cost_inr(3.0, 2.0, 0.5, 1.0, 0.1, 50.0)
    assert cost == pytest.approx((3.0 + 2.0 + 0.5 + 1.0 + 0.1) / (50.0 * 1e-4))


@settings(deadline=None, max_examples=100)
@given(
    costs=st.lists(st.floats(0.0, 100.0), min_size=5, max_size=5),
    extra=st.floats(0.01, 10.0),
    output=st.floats(1.0, 500.0),
)
def test_unit_cost_rises_with_any_cost_and_spreads_over_more_output(costs, extra, output):
    base = unit_cost_inr(*costs, output)
    for i in range(5):
        dearer = [c + extra if j == i else c for j, c in enumerate(costs)]
        assert unit_cost_inr(*dearer, output) > base
    assert unit_cost_inr(*costs, 2 * output) == pytest.approx(base / 2)


def test_unit_cost_is_undefined_without_output():
    assert math.isnan(unit_cost_inr(3.0, 2.0, 0.5, 1.0, 0.1, 0.0))


# ---- unit cost pieces (the firm's expected cost and its settlement use the same ones) ----------
def test_processing_rises_linearly_with_the_gap():
    assert processing_inr_per_kg(1000.0, 0.8, 0.0) == 1000.0
    assert processing_inr_per_kg(1000.0, 0.8, 0.5) == pytest.approx(1400.0)
    assert processing_inr_per_kg(1000.0, 0.8, 1.0) == pytest.approx(1800.0)


def test_cost_pieces_per_kg_from_their_units():
    # 0.33 t of oxide per t of magnet at US$60/kg and ₹85/US$: ₹1,683/kg.
    assert oxide_cost_inr_per_kg(60.0, 85.0, 0.33) == pytest.approx(1683.0)
    # 300 workers per kt/yr at ₹6 lakh a year: ₹1,800 lakh per kt = ₹180/kg.
    assert wages_inr_per_kg(300.0, 6.0) == pytest.approx(180.0)
    # ₹400 crore per kt/yr = ₹4,000/kg, over 20 years plus 10% on a 60% debt share: ₹440/kg.
    assert capital_charge_inr_per_kg(400.0, 20.0, 0.10, 0.6) == pytest.approx(4000.0 * 0.11)


def test_normal_unit_cost_is_the_sum_of_its_pieces():
    assert normal_unit_cost_inr(1683.0, 1400.0, 180.0) == pytest.approx(3263.0)
    assert normal_unit_cost_inr(1683.0, 1400.0, 180.0, 50.0, 440.0) == pytest.approx(3753.0)


# --- buyers go to the best domestic offer first -------------------------------------------------


@given(
    st.floats(0.0, 1_000.0),
    st.lists(st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 500.0)), min_size=1, max_size=6),
)
def test_merit_order_sales_are_bounded_by_offers_and_willing_buyers(demand, sellers):
    takes, offers = [t for t, _ in sellers], [o for _, o in sellers]
    sold = merit_order_sales(demand, takes, offers)
    assert all(0.0 <= s <= o + 1e-9 for s, o in zip(sold, offers, strict=True))
    assert sum(sold) <= max(takes) * demand + 1e-6
    assert sum(sold) <= sum(offers) + 1e-6
    # a seller that sells, sells to buyers willing at its price: it and the sellers at least
    # as cheap sell no more than take x demand in total
    for t in {tt for tt, s in zip(takes, sold, strict=True) if s > 0.0}:
        cheaper = sum(s for s, tt in zip(sold, takes, strict=True) if tt >= t)
        assert cheaper <= t * demand + 1e-6


def test_the_cheapest_seller_is_served_first():
    # 100 t of demand; the cheap seller (90% of buyers willing) can sell 60 t, the dear one
    # (50% willing) gets only the willing buyers the cheap one left: 50 - 60 < 0 -> nothing
    assert merit_order_sales(100.0, [0.9, 0.5], [60.0, 200.0]) == pytest.approx([60.0, 0.0])
    # at 80% willing, the dear seller serves 80 - 60 = 20 t
    assert merit_order_sales(100.0, [0.9, 0.8], [60.0, 200.0]) == pytest.approx([60.0, 20.0])


def test_sellers_at_the_same_price_share_pro_rata():
    assert merit_order_sales(100.0, [0.5, 0.5], [100.0, 300.0]) == pytest.approx([12.5, 37.5])


def test_an_added_dear_offer_never_lowers_a_cheaper_sellers_sales():
    alone = merit_order_sales(100.0, [0.7], [50.0])
    with_rival = merit_order_sales(100.0, [0.7, 0.6], [50.0, 500.0])
    assert with_rival[0] == alone[0] == pytest.approx(50.0)
