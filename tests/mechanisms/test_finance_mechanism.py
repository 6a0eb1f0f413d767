"""Firms' investment arithmetic: annuities, a bid's NPV and its SLI rate (DESIGN.md §4)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.finance import (
    annuity_factor,
    bid_npv_cr,
    required_sli_rate,
)

BASE = {
    "capacity_t": 1_000.0,
    "margin_inr_per_kg": 500.0,
    "capex_cr": 560.0,
    "subsidy_cr": 75.0,
    "hurdle": 0.12,
    "life_years": 15.0,
    "build_years": 2.0,
    "sli_years": 5.0,
    "utilisation": 0.85,
}

bids = st.fixed_dictionaries(
    {
        "capacity_t": st.floats(600.0, 1_200.0),
        "margin_inr_per_kg": st.floats(-2_000.0, 3_000.0),
        "capex_cr": st.floats(100.0, 1_500.0),
        "subsidy_cr": st.floats(0.0, 150.0),
        "hurdle": st.floats(0.01, 0.3),
        "life_years": st.floats(5.0, 25.0),
        "build_years": st.floats(0.5, 5.0),
        "sli_years": st.floats(1.0, 10.0),
        "utilisation": st.floats(0.5, 0.95),
    }
)


def npv_at(rate: float, **kw: float) -> float:
    return bid_npv_cr(
        kw["capacity_t"],
        kw["margin_inr_per_kg"],
        rate,
        kw["capex_cr"],
        kw["subsidy_cr"],
        kw["hurdle"],
        kw["life_years"],
        kw["build_years"],
        kw["sli_years"],
        kw["utilisation"],
    )


def rate_for(**kw: float) -> float:
    return required_sli_rate(
        kw["capacity_t"],
        kw["margin_inr_per_kg"],
        kw["capex_cr"],
        kw["subsidy_cr"],
        kw["hurdle"],
        kw["life_years"],
        kw["build_years"],
        kw["sli_years"],
        kw["utilisation"],
    )


def test_annuity_factor_discounts_yearly_payments():
    assert annuity_factor(0.0, 10.0) == 10.0
    assert annuity_factor(0.1, 1.0) == pytest.approx(1 / 1.1)
    assert annuity_factor(0.2, 15.0) < annuity_factor(0.1, 15.0) < 15.0


@settings(deadline=None, max_examples=200)
@given(kw=bids)
def test_the_required_rate_makes_the_bid_npv_zero(kw):
    rate = rate_for(**kw)
    scale = kw["capex_cr"] + abs(npv_at(0.0, **kw))
    assert npv_at(rate, **kw) == pytest.approx(0.0, abs=1e-9 * scale)


@settings(deadline=None, max_examples=100)
@given(kw=bids, extra=st.floats(1.0, 500.0))
def test_a_rate_above_the_required_one_makes_the_bid_worth_making(kw, extra):
    rate = rate_for(**kw)
    assert npv_at(rate + extra, **kw) > 0.0 > npv_at(rate - extra, **kw)


@settings(deadline=None, max_examples=150)
@given(kw=bids, more=st.floats(1.0, 1_000.0))
def test_lower_expected_cost_means_a_lower_bid_rate(kw, more):
    cheaper = dict(kw, margin_inr_per_kg=kw["margin_inr_per_kg"] + more)
    assert rate_for(**cheaper) < rate_for(**kw)


@settings(deadline=None, max_examples=150)
@given(kw=bids, more=st.floats(0.005, 0.1))
def test_a_higher_hurdle_means_a_higher_bid_rate(kw, more):
    # With a non-negative margin and a plant that outlives the SLI window, a dearer capital
    # makes the firm ask for more support.
    # The subsidy covers part of the capex (it is 15% of it within a cap).
    kw = dict(
        kw,
        margin_inr_per_kg=abs(kw["margin_inr_per_kg"]),
        life_years=max(kw["life_years"], kw["sli_years"]),
        subsidy_cr=min(kw["subsidy_cr"], 0.5 * kw["capex_cr"]),
    )
    assert rate_for(**dict(kw, hurdle=kw["hurdle"] + more)) > rate_for(**kw)


def test_a_subsidy_lowers_the_rate_a_firm_needs():
    assert (
        rate_for(**dict(BASE, subsidy_cr=150.0))
        < rate_for(**BASE)
        < rate_for(**dict(BASE, subsidy_cr=0.0))
    )


def test_a_plant_profitable_without_support_needs_a_negative_rate():
    assert rate_for(**dict(BASE, margin_inr_per_kg=5_000.0)) < 0.0
