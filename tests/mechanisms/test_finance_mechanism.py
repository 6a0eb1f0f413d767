"""Firms' investment arithmetic: a bid's path, its NPV and its SLI rate (DESIGN.md §4)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.finance import (
    BidOutlook,
    bid_npv_cr,
    ramp_utilisation,
    required_sli_rate,
    window_share,
)
from ecosystem.mechanisms.knowhow import expected_gap

BASE = {
    "capacity_t": 1_000.0,
    "margin_inr_per_kg": 500.0,
    "capex_cr": 560.0,
    "subsidy_cr": 75.0,
    "hurdle": 0.12,
    "life_years": 15,
    "build_years": 2.0,
    "ramp_years": 3.0,
    "utilisation": 0.85,
}

bids = st.fixed_dictionaries(
    {
        "capacity_t": st.floats(600.0, 1_200.0),
        "margin_inr_per_kg": st.floats(-2_000.0, 3_000.0),
        "capex_cr": st.floats(100.0, 1_500.0),
        "subsidy_cr": st.floats(0.0, 150.0),
        "hurdle": st.floats(0.01, 0.3),
        "life_years": st.integers(5, 25),
        "build_years": st.floats(0.5, 4.0),
        "ramp_years": st.floats(0.0, 6.0),
        "utilisation": st.floats(0.5, 0.95),
    }
)


def outlook_of(**kw) -> BidOutlook:
    """A flat-margin path: the ramp, a 2-year gestation and a 5-year SLI window from the award."""
    years = range(kw["life_years"])
    return BidOutlook(
        kw["build_years"],
        tuple(kw["margin_inr_per_kg"] for _ in years),
        tuple(ramp_utilisation(y, kw["utilisation"], kw["ramp_years"]) for y in years),
        tuple(window_share(kw["build_years"] + y, 2.0, 7.0) for y in years),
    )


def npv_at(rate: float, **kw) -> float:
    return bid_npv_cr(
        kw["capacity_t"], outlook_of(**kw), rate, kw["capex_cr"], kw["subsidy_cr"], kw["hurdle"]
    )


def rate_for(**kw) -> float:
    return required_sli_rate(
        kw["capacity_t"], outlook_of(**kw), kw["capex_cr"], kw["subsidy_cr"], kw["hurdle"]
    )


def annuity_factor(rate_per_yr: float, years: float) -> float:
    """Present value of 1 per year for ``years`` (yearly discounting): the oracle below."""
    if rate_per_yr <= 0.0:
        return years
    return (1.0 - (1.0 + rate_per_yr) ** (-years)) / rate_per_yr


def test_annuity_factor_discounts_yearly_payments():
    assert annuity_factor(0.0, 10.0) == 10.0
    assert annuity_factor(0.1, 1.0) == pytest.approx(1 / 1.1)
    assert annuity_factor(0.2, 15.0) < annuity_factor(0.1, 15.0) < 15.0


def test_a_flat_path_at_once_is_the_annuity_of_its_cash():
    # No ramp and no SLI: the NPV is output x margin x the annuity, deferred by the build.
    kw = dict(BASE, ramp_years=0.0)
    flat = npv_at(0.0, **kw) + kw["capex_cr"] - kw["subsidy_cr"]
    yearly = kw["capacity_t"] * kw["utilisation"] * kw["margin_inr_per_kg"] * 1e-4
    deferred = (1 + kw["hurdle"]) ** -kw["build_years"] * annuity_factor(kw["hurdle"], 15)
    assert flat == pytest.approx(yearly * deferred)


@settings(deadline=None, max_examples=200)
@given(kw=bids)
def test_the_required_rate_makes_the_bid_npv_zero(kw):
    rate = rate_for(**kw)
    assert math.isfinite(rate)  # a build of at most 4 years always sells inside the window
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
@given(kw=bids, more=st.floats(0.5, 3.0))
def test_an_expected_slower_ramp_means_a_higher_bid_rate(kw, more):
    # A firm that needs support (a positive rate) and expects a positive margin: later output
    # is worth less, so it asks for more. A ramp shorter than half a year is over by the middle
    # of the first year (valued there).
    kw = dict(kw, margin_inr_per_kg=abs(kw["margin_inr_per_kg"]) + 1.0)
    assume(rate_for(**kw) > 0.0)
    slower = dict(kw, ramp_years=max(kw["ramp_years"], 0.5) + more)
    assert rate_for(**slower) > rate_for(**kw)


@settings(deadline=None, max_examples=150)
@given(kw=bids, more=st.floats(0.005, 0.1))
def test_a_higher_hurdle_means_a_higher_bid_rate(kw, more):
    # With a non-negative margin and a plant that outlives the SLI window, a dearer capital
    # makes the firm ask for more support. The subsidy covers part of the capex.
    kw = dict(
        kw,
        margin_inr_per_kg=abs(kw["margin_inr_per_kg"]),
        life_years=max(kw["life_years"], 10),
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


def test_a_plant_that_sells_nothing_in_the_window_cannot_be_supported():
    late = dict(BASE, build_years=7.5)  # first output after the window has closed
    assert rate_for(**late) == float("inf")


# ---- the path's pieces ------------------------------------------------------------------------
@given(
    year=st.integers(0, 30),
    plateau=st.floats(0.0, 1.0),
    ramp=st.floats(0.0, 10.0),
)
def test_the_ramp_rises_to_the_plateau_and_never_beyond(year, plateau, ramp):
    share = ramp_utilisation(year, plateau, ramp)
    assert 0.0 <= share <= plateau
    assert ramp_utilisation(year + 1, plateau, ramp) >= share
    if year + 0.5 >= ramp:
        assert share == plateau


def test_an_experienced_maker_expects_years_not_months_to_its_plateau():
    # Evidence 4.16: 2-4 years from first output to nameplate; a 3-year ramp sells a sixth of
    # the plateau in its first year.
    assert ramp_utilisation(0, 0.9, 3.0) == pytest.approx(0.15)
    assert ramp_utilisation(3, 0.9, 3.0) == 0.9


@given(start=st.floats(-5.0, 15.0), gestation=st.floats(0.0, 5.0), window=st.floats(0.0, 10.0))
def test_the_window_share_is_the_overlap_of_a_year_with_the_window(start, gestation, window):
    share = window_share(start, gestation, gestation + window)
    assert 0.0 <= share <= min(1.0, window) + 1e-12
    # the years of a long life add up to the window (whatever of it comes after the start)
    total = sum(window_share(start + y, gestation, gestation + window) for y in range(40))
    assert total == pytest.approx(max(0.0, gestation + window - max(start, gestation)), abs=1e-9)


@given(
    gap=st.floats(0.0, 1.0),
    closure=st.floats(0.0, 1.0),
    years=st.floats(0.0, 20.0),
    t=st.floats(0.0, 30.0),
)
def test_the_expected_gap_closes_evenly_to_the_expected_closure(gap, closure, years, t):
    now = expected_gap(gap, closure, years, t)
    assert gap * (1.0 - closure) - 1e-12 <= now <= gap + 1e-12
    assert expected_gap(gap, closure, years, t + 1.0) <= now + 1e-12
    if t >= years:
        assert now == pytest.approx(gap * (1.0 - closure))
