"""The scheme's incentives (DESIGN.md §4 'Incentives'; facts §1): SLI and capital subsidy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.incentives import (
    capex_subsidy_cap_cr,
    capex_subsidy_due_cr,
    capex_subsidy_milestone_share,
    net_worth_required_cr,
    sli_due_cr,
    sli_firm_max_cr,
    sli_in_window,
)

money = st.floats(0.0, 10_000.0)


# ---- sales-linked incentive ---------------------------------------------------------------------
@settings(deadline=None, max_examples=300)
@given(
    sales_t=st.floats(0.0, 500.0),
    rate=st.floats(0.0, 2_150.0),
    shape=st.floats(0.0, 2.0),
    net_sales=money,
    cap_share=st.floats(0.0, 1.0),
    firm_left=st.floats(-100.0, 2_000.0),
    pool_left=st.floats(-100.0, 7_000.0),
)
def test_sli_never_exceeds_any_cap_and_is_never_negative(
    sales_t, rate, shape, net_sales, cap_share, firm_left, pool_left
):
    due = sli_due_cr(sales_t, rate, shape, net_sales, cap_share, firm_left, pool_left)
    assert due >= 0.0
    assert due <= sales_t * rate * shape * 1e-4 + 1e-12
    assert due <= cap_share * net_sales + 1e-12
    assert due <= max(0.0, firm_left) + 1e-12
    assert due <= max(0.0, pool_left) + 1e-12


def test_sli_is_the_bid_rate_per_kg_sold_when_no_cap_binds():
    # 10 t at ₹1,000/kg = ₹1 crore.
    assert sli_due_cr(10.0, 1_000.0, 1.0, 100.0, 0.4, 500.0, 5_000.0) == pytest.approx(1.0)
    assert sli_due_cr(10.0, 1_000.0, 0.5, 100.0, 0.4, 500.0, 5_000.0) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "net_sales, firm_left, pool_left, expected",
    [
        (2.0, 500.0, 5_000.0, 0.8),
        (100.0, 0.3, 5_000.0, 0.3),
        (100.0, 500.0, 0.2, 0.2),
        (100.0, 0.0, 5_000.0, 0.0),
    ],
)
def test_each_cap_binds_on_its_own(net_sales, firm_left, pool_left, expected):
    assert sli_due_cr(10.0, 1_000.0, 1.0, net_sales, 0.4, firm_left, pool_left) == pytest.approx(
        expected
    )


@pytest.mark.parametrize(
    "month, commissioned, expected",
    [
        (32, True, False),
        (33, True, True),
        (60, True, True),
        (92, True, True),
        (93, True, False),
        (50, False, False),
    ],
)
def test_sli_is_paid_only_after_commissioning_within_the_window(month, commissioned, expected):
    # Award at month 9, 24 months' gestation, 60-month window: months 33..92.
    assert sli_in_window(month, commissioned, 9, 24, 60) is expected


@settings(deadline=None, max_examples=100)
@given(award=st.integers(1, 36), gestation=st.integers(0, 60), window=st.integers(12, 120))
def test_the_sli_window_lasts_exactly_its_length(award, gestation, window):
    months = [
        m
        for m in range(0, award + gestation + window + 24)
        if sli_in_window(m, True, award, gestation, window)
    ]
    assert months == list(range(award + gestation, award + gestation + window))


@pytest.mark.parametrize("capacity_t, expected_cr", [(600.0, 645.0), (1_200.0, 1_290.0)])
def test_per_firm_sli_maximum_matches_the_scheme(capacity_t, expected_cr):
    # facts §1: ₹645-1,290 crore for 600-1,200 t at ₹2,150/kg over five years.
    assert sli_firm_max_cr(capacity_t, 2_150.0, 60, 1.0) == pytest.approx(expected_cr)
    assert sli_firm_max_cr(capacity_t, 2_150.0, 60, 2.0) == pytest.approx(2 * expected_cr)


# ---- capital subsidy ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "capacity_t, expected_cr", [(600.0, 75.0), (1_100.0, 150.0), (1_150.0, 150.0), (1_200.0, 150.0)]
)
def test_capital_subsidy_cap_is_75_crore_at_600_t_and_150_crore_at_1100_to_1200_t(
    capacity_t, expected_cr
):
    assert capex_subsidy_cap_cr(capacity_t, 75.0, 150.0, 600.0, 1_200.0) == pytest.approx(
        expected_cr
    )


def test_capital_subsidy_cap_rises_with_capacity_between_the_anchors():
    caps = [capex_subsidy_cap_cr(c, 75.0, 150.0, 600.0, 1_200.0) for c in range(600, 1_201, 100)]
    assert caps == sorted(caps)
    assert all(75.0 <= c <= 150.0 for c in caps)
    assert 75.0 < caps[2] < 150.0


@pytest.mark.parametrize(
    "capacity_t, expected_cr", [(600.0, 180.0), (1_100.0, 375.0), (1_200.0, 375.0)]
)
def test_net_worth_requirement_is_180_crore_at_600_t_and_375_crore_at_1100_to_1200_t(
    capacity_t, expected_cr
):
    assert net_worth_required_cr(capacity_t, 180.0, 375.0, 600.0, 1_200.0) == pytest.approx(
        expected_cr
    )


@settings(deadline=None, max_examples=300)
@given(
    investment=st.floats(0.0, 2_000.0),
    share=st.floats(0.0, 0.5),
    cap=st.floats(0.0, 200.0),
    paid=st.floats(0.0, 200.0),
    pool=st.floats(-10.0, 800.0),
)
def test_capital_subsidy_stays_within_the_share_the_firm_cap_and_the_pool(
    investment, share, cap, paid, pool
):
    due = capex_subsidy_due_cr(investment, share, cap, paid, pool)
    assert due >= 0.0
    assert due <= max(0.0, pool) + 1e-12
    assert paid + due <= max(paid, min(share * investment, cap)) + 1e-9


@settings(deadline=None, max_examples=100)
@given(steps=st.lists(st.floats(0.0, 400.0), min_size=1, max_size=8), cap=st.floats(0.0, 200.0))
def test_capital_subsidy_paid_milestone_by_milestone_never_exceeds_the_cap(steps, cap):
    invested = paid = 0.0
    for spend in steps:
        invested += spend
        paid += capex_subsidy_due_cr(invested, 0.15, cap, paid, 750.0)
    assert paid == pytest.approx(min(0.15 * invested, cap), abs=1e-9)


def test_capital_subsidy_is_fifteen_percent_of_eligible_investment_below_the_cap():
    assert capex_subsidy_due_cr(300.0, 0.15, 75.0, 0.0, 750.0) == pytest.approx(45.0)
    assert capex_subsidy_due_cr(300.0, 0.15, 75.0, 45.0, 750.0) == 0.0


def test_capital_subsidy_is_paid_half_at_mid_construction_and_the_rest_at_commissioning():
    assert capex_subsidy_milestone_share(0.2, False, 0.5, 0.5) == 0.0
    assert capex_subsidy_milestone_share(0.5, False, 0.5, 0.5) == 0.5
    assert capex_subsidy_milestone_share(0.9, False, 0.5, 0.5) == 0.5
    assert capex_subsidy_milestone_share(1.0, True, 0.5, 0.5) == 1.0
    # the milestone and the tranche are parameters
    assert capex_subsidy_milestone_share(0.5, False, 0.6, 0.3) == 0.0
    assert capex_subsidy_milestone_share(0.6, False, 0.6, 0.3) == 0.3
    assert capex_subsidy_milestone_share(0.99, True, 0.6, 0.3) == 1.0


def test_pool_scale_stays_finite_for_a_vanishing_pool():
    from ecosystem.mechanisms.incentives import pool_scale

    scale = pool_scale(1.0, 2.2e-311)  # a ₹1 cr budget shifted onto a subnormal pool
    assert math.isfinite(scale) and scale > 1e300
    assert 0.0 * scale == 0.0  # a zero cap scaled by it stays zero, not NaN
    assert pool_scale(50.0, 100.0) == 0.5 and pool_scale(3.0, 0.0) == 1.0
